import { useEffect, useState } from 'react';
import { Alert, Card, Checkbox, Descriptions, Select, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../api/client.js';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.js';
import { errorMessage, LOCALES } from '../../i18n/index.js';
import type { Locale } from '../../api/types.js';
import { useFeedback } from '../../app/feedback.js';

export default function ProfilePage() {
  const { t, i18n } = useTranslation();
  const { me, setLocale, deptName } = useSession();
  const { message } = useFeedback();
  if (!me) return null;
  const u = me.user;
  return (
    <div style={{ maxWidth: 720 }}>
      <Typography.Title level={1} style={{ marginTop: 0 }}>
        {t('profile.title')}
      </Typography.Title>
      <Card size="small" title={t('profile.account')} style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'name', label: t('common.name'), children: u.name },
            { key: 'email', label: t('common.email'), children: u.email },
            { key: 'roles', label: t('profile.roles'), children: <Space size={4} wrap>{u.roles.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>)}</Space> },
            { key: 'depts', label: t('profile.departments'), children: u.departmentIds.map(deptName).join('、') || '—' },
          ]}
        />
      </Card>
      <Card size="small" title={t('profile.language')}>
        <Select<Locale>
          aria-label={t('profile.language')}
          style={{ width: 200 }}
          value={i18n.language as Locale}
          options={LOCALES}
          onChange={(v) =>
            setLocale(v).then(
              () => message.success(t('profile.languageSaved')),
              (e) => message.error(errorMessage(e)),
            )
          }
        />
      </Card>
      <NotificationPreferences />
    </div>
  );
}

interface Prefs {
  types: string[];
  preferences: Record<string, { inApp: boolean; email: boolean }>;
  emailEnabled: boolean;
}

/** Per notification type: in the app and/or by email (PATCH merges one type and channel at a time). */
function NotificationPreferences() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [prefs, setPrefs] = useState<Prefs | null>(null);
  useEffect(() => {
    api.get<Prefs>('/notifications/preferences').then(setPrefs, (e) => message.error(errorMessage(e)));
  }, [message]);
  if (!prefs) return null;
  const change = async (type: string, channel: 'inApp' | 'email', value: boolean) => {
    try {
      setPrefs(await api.patch<Prefs>('/notifications/preferences', { [type]: { [channel]: value } }));
      message.success(t('common.saved'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card size="small" title={t('prefs.title')} style={{ marginTop: 12 }} data-testid="notification-preferences">
      {!prefs.emailEnabled && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('prefs.emailDisabled')} />}
      <Table
        size="small"
        rowKey="type"
        pagination={false}
        dataSource={prefs.types.map((type) => ({ type, ...prefs.preferences[type] }))}
        columns={[
          { title: t('prefs.type'), dataIndex: 'type', render: (v: string) => t(`prefs.types.${v.replace('.', '_')}`, { defaultValue: v }) },
          {
            title: t('prefs.inApp'),
            dataIndex: 'inApp',
            width: 110,
            align: 'center',
            render: (v: boolean, r) => <Checkbox checked={v} aria-label={`${t(`prefs.types.${r.type.replace('.', '_')}`, { defaultValue: r.type })} ${t('prefs.inApp')}`} onChange={(e) => void change(r.type, 'inApp', e.target.checked)} />,
          },
          {
            title: t('prefs.email'),
            dataIndex: 'email',
            width: 110,
            align: 'center',
            render: (v: boolean, r) => <Checkbox checked={v} aria-label={`${t(`prefs.types.${r.type.replace('.', '_')}`, { defaultValue: r.type })} ${t('prefs.email')}`} onChange={(e) => void change(r.type, 'email', e.target.checked)} />,
          },
        ]}
      />
    </Card>
  );
}
