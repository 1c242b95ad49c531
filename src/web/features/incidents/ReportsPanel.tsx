import { useState } from 'react';
import { Button, Card, Form, Input, List, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { fmtDateTime } from '../../components/format.js';
import { ctError } from './bi.js';
import type { Incident } from './types.js';

type Kind = 'sitrep' | 'decision';

/** Situation reports (情况报告, with the next one's due time) and the decisions log, each with an add form. */
export function ReportsPanel({ incident, onChange }: { incident: Incident; onChange: (i: Incident) => void }) {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [open, setOpen] = useState<Kind | null>(null);
  const [form] = Form.useForm<Record<string, string>>();
  const writable = incident.can.command && incident.status !== 'closed';

  const save = async () => {
    const v = await form.validateFields();
    try {
      const path = open === 'sitrep' ? 'sitreps' : 'decisions';
      const body = open === 'sitrep' ? { conditions: v.conditions, actions: v.actions, needs: v.needs ?? '' } : { decision: v.decision, ...(v.rationale ? { rationale: v.rationale } : {}) };
      onChange(await api.post<Incident>(`/incidents/${incident.id}/${path}`, body));
      message.success(open === 'sitrep' ? t('inc.sitrepAdded') : t('inc.decisionAdded'));
      setOpen(null);
    } catch (e) {
      message.error(ctError(e));
    }
  };
  const required = [{ required: true, whitespace: true, message: t('ctErrors.invalid') }];
  const add = (kind: Kind, label: string) =>
    writable ? (
      <Button size="small" data-testid={`add-${kind}`} onClick={() => (form.resetFields(), setOpen(kind))}>
        {label}
      </Button>
    ) : null;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('inc.sitreps')} extra={add('sitrep', t('inc.addSitrep'))} data-testid="sitreps-panel">
        <Typography.Paragraph type={incident.sitrepOverdue ? 'danger' : 'secondary'} style={{ marginBottom: 8 }}>
          {incident.sitrepOverdue ? t('inc.sitrepOverdue') : `${t('inc.sitrepDue')}${t('timeline.colon')}${fmtDateTime(incident.sitrepDueAt) || t('common.none')}`} · {t('inc.every', { minutes: incident.response.sitrepEveryMinutes })}
        </Typography.Paragraph>
        <List
          size="small"
          locale={{ emptyText: <Typography.Text type="secondary">{t('inc.noEntries')}</Typography.Text> }}
          dataSource={incident.sitreps}
          renderItem={(s) => (
            <List.Item>
              <div style={{ width: '100%' }}>
                <Typography.Text type="secondary">
                  {fmtDateTime(s.createdAt)} · {s.author?.name ?? t('inc.system')}
                </Typography.Text>
                <div>
                  <b>{t('inc.conditions')}</b>{t('timeline.colon')}{s.conditions}
                </div>
                <div>
                  <b>{t('inc.actions')}</b>{t('timeline.colon')}{s.actions}
                </div>
                {s.needs && (
                  <div>
                    <b>{t('inc.needs')}</b>{t('timeline.colon')}{s.needs}
                  </div>
                )}
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('inc.decisions')} extra={add('decision', t('inc.addDecision'))} data-testid="decisions-panel">
        <List
          size="small"
          locale={{ emptyText: <Typography.Text type="secondary">{t('inc.noEntries')}</Typography.Text> }}
          dataSource={incident.decisions}
          renderItem={(d) => (
            <List.Item>
              <div style={{ width: '100%' }}>
                <Typography.Text type="secondary">
                  {fmtDateTime(d.createdAt)} · {d.author?.name ?? t('inc.system')}
                </Typography.Text>
                <div>{d.decision}</div>
                {d.rationale && <Typography.Text type="secondary">{d.rationale}</Typography.Text>}
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Modal open={!!open} title={open === 'sitrep' ? t('inc.addSitrep') : t('inc.addDecision')} okText={t('common.submit')} cancelText={t('common.cancel')} onOk={() => void save()} onCancel={() => setOpen(null)} destroyOnHidden>
        <Form form={form} layout="vertical">
          {open === 'sitrep' ? (
            <>
              <Form.Item name="conditions" label={t('inc.conditions')} rules={required}>
                <Input.TextArea rows={3} maxLength={8000} />
              </Form.Item>
              <Form.Item name="actions" label={t('inc.actions')} rules={required}>
                <Input.TextArea rows={3} maxLength={8000} />
              </Form.Item>
              <Form.Item name="needs" label={t('inc.needs')}>
                <Input.TextArea rows={2} maxLength={8000} />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item name="decision" label={t('inc.decision')} rules={required}>
                <Input.TextArea rows={3} maxLength={4000} />
              </Form.Item>
              <Form.Item name="rationale" label={t('inc.rationale')}>
                <Input.TextArea rows={3} maxLength={8000} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
