import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { useSession } from '../../app/session.js';
import { fmtDateTime } from '../../components/format.js';
import { ctError, useBi } from './bi.js';
import type { Incident, Statement, StatementStatus } from './types.js';

const COLOR: Record<StatementStatus, string> = { draft: 'default', submitted: 'processing', published: 'success', withdrawn: 'error', superseded: 'default' };
type Text = { titleZh: string; titleEn: string; bodyZh: string; bodyEn: string };

/** Public statements (公开声明): draft, submit, approval by a PR officer and a leader, publish, withdraw. */
export function StatementsPanel({ incident, version }: { incident: Incident; version: number }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { can } = useSession();
  const { message } = useFeedback();
  const [items, setItems] = useState<Statement[] | null>(null);
  const [editing, setEditing] = useState<Statement | 'new' | null>(null);
  const [form] = Form.useForm<Text>();
  const base = `/incidents/${incident.id}/statements`;

  const load = useCallback(async () => {
    try {
      setItems((await api.get<{ items: Statement[] }>(base)).items);
    } catch (e) {
      message.error(ctError(e));
    }
  }, [base, message]);
  useEffect(() => void load(), [load, version]);

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t('stmt.saved'));
      await load();
      return true;
    } catch (e) {
      message.error(ctError(e));
      return false;
    }
  };
  const save = async () => {
    const v = await form.validateFields();
    const text = { title: { zh: v.titleZh, en: v.titleEn }, body: { zh: v.bodyZh, en: v.bodyEn } };
    const ok = await run(() => (editing === 'new' ? api.post(base, text) : api.put(`${base}/${(editing as Statement).id}`, text)));
    if (ok) setEditing(null);
  };
  const open = (s: Statement | 'new') => {
    form.setFieldsValue(s === 'new' ? { titleZh: '', titleEn: '', bodyZh: '', bodyEn: '' } : { titleZh: s.title.zh, titleEn: s.title.en, bodyZh: s.body.zh, bodyEn: s.body.en });
    setEditing(s);
  };
  const required = [{ required: true, whitespace: true, message: t('ctErrors.statement_text_required') }];
  const action = (s: Statement, name: 'submit' | 'approve' | 'publish', primary = true) => (
    <Button key={name} size="small" type={primary ? 'primary' : 'default'} data-testid={`statement-${name}`} onClick={() => void run(() => api.post(`${base}/${s.id}/${name}`))}>
      {t(`stmt.${name}`)}
    </Button>
  );

  return (
    <Card
      size="small"
      title={t('stmt.title')}
      data-testid="statements-panel"
      extra={
        can('statement.draft') && incident.status !== 'closed' ? (
          <Button size="small" data-testid="statement-draft" onClick={() => open('new')}>
            {t('stmt.draft')}
          </Button>
        ) : null
      }
    >
      <List<Statement>
        loading={!items}
        dataSource={items ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('stmt.empty')}</Typography.Text> }}
        renderItem={(s) => (
          <List.Item data-testid="statement" data-status={s.status}>
            <div style={{ width: '100%' }}>
              <Space wrap>
                <b>{bi(s.title)}</b>
                <Tag color={COLOR[s.status]} data-testid="statement-status">
                  {t(`stmt.statusOf.${s.status}`)}
                </Tag>
                <Typography.Text type="secondary">{t('stmt.revision', { n: s.revision })}</Typography.Text>
                {s.publishedAt && <Typography.Text type="secondary">{fmtDateTime(s.publishedAt)}</Typography.Text>}
              </Space>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }} ellipsis={{ rows: 3, expandable: true, symbol: t('common.details') }}>
                {bi(s.body)}
              </Typography.Paragraph>
              <Space wrap size={4}>
                {s.approvals.map((a) => (
                  <Tag key={a.capacity} color="green" data-testid="statement-approval">
                    {t('stmt.approvedBy', { capacity: t(`stmt.capacity.${a.capacity}`), name: a.user?.name ?? '' })}
                  </Tag>
                ))}
                {s.status === 'submitted' && s.missingApprovals.length > 0 && (
                  <Tag color="warning">{t('stmt.missing', { who: s.missingApprovals.map((c) => t(`stmt.capacity.${c}`)).join(t('timeline.separator')) })}</Tag>
                )}
                {s.isDrill && <Tag color="purple">{t('stmt.drillNote')}</Tag>}
                {s.status === 'published' && !s.isDrill && <Link to={`/notices/${s.id}`}>{t('stmt.publicLink')}</Link>}
              </Space>
              <div style={{ marginTop: 6 }}>
                <Space wrap size={4}>
                  {(s.status === 'draft' || s.status === 'submitted') && can('statement.draft') && (
                    <Button size="small" onClick={() => open(s)}>
                      {t('stmt.edit')}
                    </Button>
                  )}
                  {s.status === 'draft' && can('statement.draft') && action(s, 'submit')}
                  {s.status === 'submitted' && can('statement.approve') && action(s, 'approve')}
                  {s.status === 'submitted' && s.missingApprovals.length === 0 && can('statement.publish') && action(s, 'publish')}
                </Space>
              </div>
            </div>
          </List.Item>
        )}
      />
      <Modal open={!!editing} width={720} title={editing === 'new' ? t('stmt.draft') : t('stmt.edit')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => void save()} onCancel={() => setEditing(null)} destroyOnHidden>
        <Form form={form} layout="vertical" data-testid="statement-form">
          <Form.Item name="titleZh" label={t('ctEdit.pair', { label: t('stmt.titleField'), lang: t('ctEdit.zh') })} rules={required}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="titleEn" label={t('ctEdit.pair', { label: t('stmt.titleField'), lang: t('ctEdit.en') })} rules={required}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="bodyZh" label={t('ctEdit.pair', { label: t('stmt.body'), lang: t('ctEdit.zh') })} rules={required}>
            <Input.TextArea rows={4} maxLength={8000} />
          </Form.Item>
          <Form.Item name="bodyEn" label={t('ctEdit.pair', { label: t('stmt.body'), lang: t('ctEdit.en') })} rules={required}>
            <Input.TextArea rows={4} maxLength={8000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
