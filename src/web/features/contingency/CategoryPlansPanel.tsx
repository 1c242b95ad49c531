import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Table } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { useFeedback } from '../../app/feedback.js';
import type { BilingualText } from '../../../shared/contingency.js';
import { ctError, useBi } from '../incidents/bi.js';
import type { PlanItem } from '../incidents/types.js';
import { formProblem } from './formProblem.js';

interface Mapping {
  categoryId: string;
  planId: string | null;
  planKey: string | null;
  publishedVersion: number | null;
  responseStrategy: BilingualText | null;
}
interface Row {
  id: string;
  name: string;
  mapping: Mapping | null;
}
interface Values {
  planId?: string;
  strategy?: Partial<BilingualText>;
}

/** Which plan a category activates and its response strategy (应对策略); edited with contingency.manage. */
export function CategoryPlansPanel({ plans }: { plans: PlanItem[] }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { ref, can, categoryName } = useSession();
  const { message } = useFeedback();
  const [mappings, setMappings] = useState<Mapping[] | null>(null);
  const [editing, setEditing] = useState<Row | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();

  const load = useCallback(async () => {
    try {
      setMappings((await api.get<{ items: Mapping[] }>('/contingency/categories')).items);
    } catch (e) {
      message.error(ctError(e));
      setMappings((x) => x ?? []);
    }
  }, [message]);
  useEffect(() => void load(), [load]);

  const rows: Row[] = ref.categories.filter((c) => c.active).map((c) => ({ id: c.id, name: categoryName(c.id), mapping: mappings?.find((m) => m.categoryId === c.id) ?? null }));

  const open = (r: Row) => {
    setProblem(null);
    setEditing(r);
  };

  const save = async () => {
    setProblem(null);
    const v = form.getFieldsValue(true) as Values;
    const zh = v.strategy?.zh?.trim() ?? '';
    const en = v.strategy?.en?.trim() ?? '';
    // A strategy is both languages or none: one half alone would leave a screen mixing them.
    if (!!zh !== !!en) {
      setProblem(t('ctMap.bothLanguages'));
      return;
    }
    setBusy(true);
    try {
      await api.put(`/contingency/categories/${editing!.id}`, { planId: v.planId ?? null, responseStrategy: zh ? { zh, en } : null });
      message.success(t('ctMap.saved'));
      setEditing(null);
      await load();
    } catch (e) {
      setProblem(formProblem(e));
    } finally {
      setBusy(false);
    }
  };

  const planTitle = (id: string | null) => {
    const p = plans.find((x) => x.id === id);
    return p ? bi(p.title) : '';
  };

  return (
    <div data-testid="category-plans">
      <Table<Row>
        rowKey="id"
        size="small"
        loading={mappings === null}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: t('ctMap.empty') }}
        onRow={() => ({ 'data-testid': 'category-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('ctMap.category'), dataIndex: 'name', width: 200 },
          {
            title: t('ctMap.plan'),
            key: 'plan',
            width: 260,
            render: (_, r) => (r.mapping?.planId ? `${planTitle(r.mapping.planId)}${r.mapping.publishedVersion ? ` · v${r.mapping.publishedVersion}` : ` · ${t('ctPlan.noPublished')}`}` : t('ctMap.none')),
          },
          { title: t('ctMap.strategy'), key: 'strategy', render: (_, r) => bi(r.mapping?.responseStrategy) },
          ...(can('contingency.manage')
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 110,
                  render: (_: unknown, r: Row) => (
                    <Button size="small" icon={<EditOutlined />} data-testid="edit-mapping" onClick={() => open(r)}>
                      {t('ctMap.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <Modal open title={t('ctMap.title', { category: editing.name })} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={() => void save()} onCancel={() => setEditing(null)} width={680}>
          <Form form={form} layout="vertical" data-testid="mapping-form" initialValues={{ planId: editing.mapping?.planId ?? undefined, strategy: editing.mapping?.responseStrategy ?? { zh: '', en: '' } }}>
            {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="mapping-error" />}
            <Form.Item name="planId" label={t('ctMap.plan')}>
              <Select allowClear data-testid="mapping-plan" placeholder={t('ctMap.none')} options={plans.map((p) => ({ value: p.id, label: `${bi(p.title)} (${p.key})` }))} />
            </Form.Item>
            <StrategyFields />
          </Form>
        </Modal>
      )}
    </div>
  );
}

/** The strategy pair is optional as a whole, so the BiField's required rule does not apply here. */
function StrategyFields() {
  const { t } = useTranslation();
  return (
    <>
      {(['zh', 'en'] as const).map((lang) => (
        <Form.Item key={lang} name={['strategy', lang]} label={t('ctEdit.pair', { label: t('ctMap.strategy'), lang: t(`ctEdit.${lang}`) })} style={{ marginBottom: 8 }}>
          <Input.TextArea maxLength={4000} autoSize={{ minRows: 2, maxRows: 8 }} data-testid={`mapping-strategy-${lang}`} />
        </Form.Item>
      ))}
    </>
  );
}
