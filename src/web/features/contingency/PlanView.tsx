import { Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanContent } from '../../../shared/contingency.js';
import { LevelTag } from '../../components/tags.js';
import { fmtOffset, useBi } from '../incidents/bi.js';

const { Title, Paragraph } = Typography;

/** A plan version's content, read-only, chapter by chapter in the screen's language (总则 … 预案管理). */
export function PlanView({ content }: { content: PlanContent }) {
  const { t } = useTranslation();
  const bi = useBi();
  const role = (key: string) => bi(content.roles.find((r) => r.key === key)?.name) || key;
  const h = (key: string) => <Title level={2} style={{ fontSize: 16, marginTop: 16 }}>{t(`ctSection.${key}`)}</Title>;
  const para = (text: string) => <Paragraph style={{ whiteSpace: 'pre-wrap' }}>{text}</Paragraph>;
  return (
    <div data-testid="plan-view">
      {h('general')}
      {para(bi(content.general))}
      {h('scope')}
      <Paragraph>{(content.scope.levels.length ? content.scope.levels : [1, 2, 3, 4]).map((l) => <LevelTag key={l} level={l as 1} />)}</Paragraph>
      {h('activation')}
      <ul>
        {content.activation.map((c, i) => (
          <li key={i}>
            {t(`ctEdit.crit.${c.kind}`)}
            {c.kind === 'level_at_or_above' ? ` ${t(`level.short${c.level}`)}` : ''}
            {c.kind === 'mass_cluster' && c.minMembers ? ` ≥ ${c.minMembers}` : ''}
          </li>
        ))}
      </ul>
      {h('roles')}
      <Table size="small" pagination={false} rowKey="key" dataSource={content.roles} columns={[
        { title: t('ctEdit.name'), key: 'n', width: 180, render: (_, r) => <>{bi(r.name)} {r.required && <Tag>{t('ctEdit.required')}</Tag>}</> },
        { title: t('ctEdit.duties'), key: 'd', render: (_, r) => bi(r.duties) },
      ]} />
      {h('levels')}
      <Descriptions size="small" column={1} bordered>
        {content.levels.map((l) => (
          <Descriptions.Item key={l.level} label={<LevelTag level={l.level as 1} />}>
            {bi(l.response)} <Typography.Text type="secondary">({t('inc.every', { minutes: l.sitrepEveryMinutes })})</Typography.Text>
          </Descriptions.Item>
        ))}
      </Descriptions>
      {h('steps')}
      <Table size="small" pagination={false} rowKey="key" dataSource={[...content.steps].sort((a, b) => a.offsetMinutes - b.offsetMinutes)} columns={[
        { title: t('ctEdit.offset'), key: 'o', width: 130, render: (_, s) => fmtOffset(s.offsetMinutes) },
        { title: t('ctEdit.stepTitle'), key: 't', render: (_, s) => <><b>{bi(s.title)}</b><div>{bi(s.description)}</div></> },
        { title: t('ctEdit.ownerRole'), key: 'r', width: 160, render: (_, s) => role(s.ownerRole) },
      ]} />
      {h('templates')}
      {content.templates.map((tpl) => (
        <div key={tpl.key}>
          <b>{bi(tpl.subject)}</b> <Tag>{t(`ctEdit.aud.${tpl.audience}`)}</Tag>
          {para(bi(tpl.body))}
        </div>
      ))}
      {h('resources')}
      <ul>
        {content.resources.map((r, i) => (
          <li key={i}>
            {t(`ctEdit.res.${r.kind}`)}: {bi(r.description)}
            {r.quantity ? ` × ${r.quantity}` : ''}
          </li>
        ))}
      </ul>
      {h('postIncident')}
      <ul>{content.postIncident.map((p, i) => <li key={i}>{bi(p)}</li>)}</ul>
      {h('safeguards')}
      {para(bi(content.safeguards))}
      {h('training')}
      {para(bi(content.training))}
      {h('management')}
      <Paragraph>
        {t('ctSection.reviewEveryDays')}{t('timeline.colon')}{content.reviewEveryDays}
      </Paragraph>
    </div>
  );
}
