import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Empty, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { AppNotification } from '../api/types.js';
import { useLiveEvents } from './live.js';
import { fmtDateTime } from '../components/format.js';

/** The bell: unread count, live via the event stream; the list opens on click. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [count, setCount] = useState(0);
  const [items, setItems] = useState<AppNotification[] | null>(null);
  const [open, setOpen] = useState(false);

  const refreshCount = useCallback(() => {
    api.get<{ count?: number; unread?: number }>('/notifications/unread-count').then((r) => setCount(r.count ?? r.unread ?? 0), () => undefined);
  }, []);
  const loadList = useCallback(() => {
    api.get<{ items: AppNotification[] }>('/notifications?limit=20').then((r) => setItems(r.items), () => setItems([]));
  }, []);

  useEffect(refreshCount, [refreshCount]);
  useLiveEvents((e) => {
    if (e.type === 'notification' || e.type === 'reset') {
      refreshCount();
      if (open) loadList();
    }
  });
  useEffect(() => {
    if (open) loadList();
  }, [open, loadList, i18n.language]);

  const readOne = async (n: AppNotification) => {
    setOpen(false);
    if (!n.read) {
      await api.post(`/notifications/${n.id}/read`).catch(() => undefined);
      refreshCount();
    }
    if (n.complaintId) navigate(`/complaints/${n.complaintId}`);
  };
  const readAll = async () => {
    await api.post('/notifications/read-all').catch(() => undefined);
    refreshCount();
    loadList();
  };

  const content = (
    <div style={{ width: 340, maxHeight: 420, overflow: 'auto' }}>
      {!items || items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((n) => (
            <li key={n.id} style={{ borderBottom: '1px solid #f0f0f0' }}>
              <button
                type="button"
                onClick={() => void readOne(n)}
                style={{ all: 'unset', display: 'block', width: '100%', padding: '8px 4px', cursor: 'pointer', boxSizing: 'border-box' }}
                data-testid="notification-item"
              >
                <Typography.Text strong={!n.read}>{n.title}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmtDateTime(n.createdAt)}
                </Typography.Text>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
      title={
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <span>{t('notifications.title')}</span>
          {count > 0 && (
            <Button size="small" type="link" onClick={() => void readAll()}>
              {t('notifications.markAll')}
            </Button>
          )}
        </div>
      }
      content={content}
    >
      <Button type="text" aria-label={`${t('notifications.open')}${count ? ` (${t('notifications.unread', { count })})` : ''}`} data-testid="notification-bell">
        <Badge count={count} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
