import { Card, Descriptions, Select, Space, Tag, Typography } from 'antd';
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
      <Typography.Title level={4} style={{ marginTop: 0 }}>
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
    </div>
  );
}
