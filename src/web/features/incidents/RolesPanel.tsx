import { useState } from 'react';
import { Button, Card, Form, Modal, Select, Table, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { ctError, useBi } from './bi.js';
import { useUsers } from './useUsers.js';
import type { Incident, IncidentRole } from './types.js';

/** The response team: each plan role, who fills it and how; the commander assigns or replaces people. */
export function RolesPanel({ incident, onChange }: { incident: Incident; onChange: (i: Incident) => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = useFeedback();
  const users = useUsers();
  const [role, setRole] = useState<IncidentRole | null>(null);
  const [form] = Form.useForm<{ userId: string }>();
  const editable = incident.can.command && incident.status !== 'closed';

  const save = async () => {
    const v = await form.validateFields();
    try {
      onChange(await api.put<Incident>(`/incidents/${incident.id}/roles/${role!.key}`, { userId: v.userId }));
      message.success(t('inc.assigned'));
      setRole(null);
    } catch (e) {
      message.error(ctError(e));
    }
  };

  return (
    <Card size="small" title={t('inc.roles')} data-testid="roles-panel">
      <Table<IncidentRole>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={incident.roles}
        onRow={(r) => ({ 'data-testid': 'role-row', 'data-role': r.key }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('inc.role'),
            key: 'name',
            render: (_, r) => (
              <Tooltip title={bi(r.duties)}>
                <span>{bi(r.name)}</span>
              </Tooltip>
            ),
          },
          {
            title: t('inc.holder'),
            key: 'user',
            render: (_, r) => (r.user ? <span data-testid="role-holder">{r.user.name}</span> : <Tag color={r.required ? 'error' : 'default'}>{t('inc.unfilled')}</Tag>),
          },
          { title: t('inc.source'), key: 'source', width: 110, render: (_, r) => t(`inc.sourceOf.${r.source}`) },
          ...(editable
            ? [
                {
                  title: t('common.actions'),
                  key: 'act',
                  width: 90,
                  render: (_: unknown, r: IncidentRole) => (
                    <Button size="small" data-testid="assign-role" onClick={() => (form.setFieldsValue({ userId: r.user?.id }), setRole(r))}>
                      {r.user ? t('inc.reassign') : t('inc.assign')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal open={!!role} title={role ? `${t('inc.assign')} · ${bi(role.name)}` : ''} okText={t('common.confirm')} cancelText={t('common.cancel')} onOk={() => void save()} onCancel={() => setRole(null)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="userId" label={t('inc.person')} rules={[{ required: true, message: t('ctErrors.unknown_user') }]}>
            <Select showSearch optionFilterProp="label" data-testid="role-user" options={users.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
