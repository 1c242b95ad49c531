import { useEffect, useState } from 'react';
import { Card, Col, Empty, Row, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { ctError, useBi } from '../incidents/bi.js';
import type { Bi, PlanCompare as Diff, VersionSummary } from '../incidents/types.js';

const isBi = (v: unknown): v is Bi => !!v && typeof v === 'object' && 'zh' in v && 'en' in v;

/** Two versions side by side, from the server's diff: changed chapters, and items added, removed or changed. */
/** `stamp` changes whenever the page reloads the plan: a saved draft is compared afresh. */
export function PlanCompare({ planId, versions, stamp }: { planId: string; versions: VersionSummary[]; stamp: number }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = useFeedback();
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const [from, setFrom] = useState(sorted.length > 1 ? sorted[sorted.length - 2]!.version : sorted[0]?.version);
  const [to, setTo] = useState(sorted[sorted.length - 1]?.version);
  const [diff, setDiff] = useState<Diff | null>(null);

  useEffect(() => {
    if (!from || !to || from === to) return setDiff(null);
    api.get<Diff>(`/contingency/plans/${planId}/compare${qs({ from, to })}`).then(setDiff, (e) => message.error(ctError(e)));
  }, [planId, from, to, message, stamp]);

  const show = (v: unknown): string => (isBi(v) ? bi(v) : typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const label = (key: string, item: unknown): string => {
    const o = (item ?? {}) as Record<string, unknown>;
    return show(o.title) || show(o.name) || show(o.description) || show(o.response) || show(item) || key;
  };
  const section = (s: string) => t(`ctSection.${s.split('.').pop()}`, { defaultValue: s });
  const options = sorted.map((v) => ({ value: v.version, label: `v${v.version} · ${t(`ctPlan.statusOf.${v.status}`)}` }));

  return (
    <Card size="small" title={t('ctPlan.compare')} data-testid="plan-compare">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select aria-label={t('ctPlan.compareFrom')} style={{ width: 180 }} value={from} onChange={setFrom} options={options} />
        →
        <Select aria-label={t('ctPlan.compareTo')} style={{ width: 180 }} value={to} onChange={setTo} options={options} />
      </Space>
      {!diff || (!diff.fields.length && !diff.sections.length) ? (
        <Empty description={t('ctPlan.noChanges')} />
      ) : (
        <>
          {diff.fields.map((f) => (
            <Row key={f.field} gutter={12} style={{ marginBottom: 8 }}>
              <Col span={24}>
                <b>{section(f.field === 'reviewEveryDays' ? 'reviewEveryDays' : f.field)}</b>
              </Col>
              <Col span={12}>
                <Typography.Paragraph style={{ background: '#fff1f0', padding: 6, whiteSpace: 'pre-wrap' }}>{show(f.from)}</Typography.Paragraph>
              </Col>
              <Col span={12}>
                <Typography.Paragraph style={{ background: '#f6ffed', padding: 6, whiteSpace: 'pre-wrap' }}>{show(f.to)}</Typography.Paragraph>
              </Col>
            </Row>
          ))}
          {diff.sections.map((s) => (
            <div key={s.section} style={{ marginBottom: 8 }}>
              <b>{section(s.section)}</b>
              <div>
                {s.added.map((a) => <Tag key={`a${a.key}`} color="green">{t('ctPlan.added')}{t('timeline.colon')}{label(a.key, a.item)}</Tag>)}
                {s.removed.map((a) => <Tag key={`r${a.key}`} color="red">{t('ctPlan.removed')}{t('timeline.colon')}{label(a.key, a.item)}</Tag>)}
                {s.changed.map((c) => <Tag key={`c${c.key}`} color="blue">{t('ctPlan.changed')}{t('timeline.colon')}{label(c.key, c.to)}</Tag>)}
              </div>
            </div>
          ))}
        </>
      )}
    </Card>
  );
}
