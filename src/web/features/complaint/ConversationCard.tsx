import { useEffect, useState } from 'react';
import { Card, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { fmtDateTime } from '../../components/format.js';

interface ConversationItem {
  link: { id: string; relation: 'promoted' | 'attached'; authorHandle: string | null; createdAt: string };
  mention: { id: string; url: string | null; author: string | null; title: string | null; text: string; publishedAt: string; sentiment: { label: 'positive' | 'neutral' | 'negative' }; metrics: { reposts: number | null; comments: number | null; likes: number | null } };
}

const SENTIMENT_COLOR = { positive: 'green', neutral: 'default', negative: 'red' } as const;

/**
 * The public conversation about a complaint (舆情): the mentions promoted to it or attached to it, from
 * GET /complaints/:id/mentions. Shown only when there are some.
 */
export function ConversationCard({ complaintId, version }: { complaintId: string; version: number }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<ConversationItem[]>([]);
  useEffect(() => {
    let live = true;
    api
      .get<{ items: ConversationItem[] }>(`/complaints/${complaintId}/mentions`)
      .then((r) => live && setItems(r.items))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [complaintId, version]);
  if (!items.length) return null;
  return (
    <Card size="small" title={t('complaint.conversation.title')} style={{ marginBottom: 12 }} data-testid="complaint-conversation">
      <List
        size="small"
        dataSource={items}
        renderItem={({ link, mention: m }) => (
          <List.Item key={link.id}>
            <div style={{ width: '100%' }}>
              <div>
                <Tag>{t(`complaint.conversation.${link.relation}`)}</Tag>
                <Tag color={SENTIMENT_COLOR[m.sentiment.label]}>{t(`complaint.conversation.sentiment.${m.sentiment.label}`)}</Tag>
                {m.author && <Typography.Text strong>@{m.author}</Typography.Text>} <Typography.Text type="secondary">{fmtDateTime(m.publishedAt)}</Typography.Text>
              </div>
              {m.title && <Typography.Text strong>{m.title}</Typography.Text>}
              <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 4 }}>
                {m.text}
              </Typography.Paragraph>
              <Typography.Text type="secondary">
                {t('complaint.conversation.metrics', { reposts: m.metrics.reposts ?? 0, comments: m.metrics.comments ?? 0, likes: m.metrics.likes ?? 0 })}
              </Typography.Text>
              {m.url && (
                <div>
                  <Typography.Link href={m.url} target="_blank" rel="noopener noreferrer">
                    {t('complaint.conversation.open')}
                  </Typography.Link>
                </div>
              )}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
