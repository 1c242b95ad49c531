import type { HTMLAttributes } from 'react';
import { Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, ExclamationCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.js';
import { LevelTag } from '../../components/tags.js';
import { isFallback, KINDS, pct, stepText, type Kind, type SlaPolicy } from './slaPolicy.js';

/** The policies in match order (first match wins), with the server's problems marked on their rows. */
export function PoliciesTable({
  draft,
  rowProblems,
  onMove,
  onEdit,
  onDelete,
}: {
  draft: SlaPolicy[];
  rowProblems: Map<number, string[]>;
  onMove: (i: number, by: -1 | 1) => void;
  onEdit: (i: number) => void;
  onDelete: (i: number) => void;
}) {
  const { t } = useTranslation();
  const { categoryName } = useSession();

  const targetCell = (p: SlaPolicy, k: Kind) => {
    const tg = p.targets?.[k];
    if (tg === undefined)
      return (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-target="inherit">
          {t('slaPolicies.inherit')}
        </Typography.Text>
      );
    if (tg === null)
      return (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-target="none">
          <MinusCircleOutlined /> {t('slaPolicies.none')}
        </Typography.Text>
      );
    return (
      <div data-target="set" style={{ lineHeight: 1.3 }}>
        <Typography.Text strong>{t(`slaPolicies.duration.${tg.unit}`, { count: tg.value })}</Typography.Text>
        <div style={{ fontSize: 12 }}>
          <Typography.Text type="secondary">{t(`slaPolicies.mode.${tg.mode}`)}</Typography.Text>
          {tg.warnRatio !== undefined && <Typography.Text type="secondary">{` · ${t('slaPolicies.warnAt', { pct: pct(tg.warnRatio) })}`}</Typography.Text>}
        </div>
      </div>
    );
  };

  return (
    <Table<SlaPolicy>
      size="small"
      rowKey={(p) => p.id}
      dataSource={draft}
      pagination={false}
      data-testid="sla-policies-table"
      scroll={{ x: 1020 }}
      onRow={(p, i) => ({ 'data-policy-id': p.id, style: rowProblems.has(i ?? -1) ? { background: '#fff2f0' } : undefined }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: '#',
          key: 'order',
          width: 44,
          render: (_, __, i) =>
            rowProblems.has(i) ? (
              <Tooltip title={<TipList lines={rowProblems.get(i)!} />}>
                <span style={{ color: '#cf1322', whiteSpace: 'nowrap' }} data-testid="policy-row-problem">
                  <ExclamationCircleFilled /> {i + 1}
                </span>
              </Tooltip>
            ) : (
              i + 1
            ),
        },
        {
          title: t('slaPolicies.name'),
          key: 'name',
          width: 170,
          render: (_, p) => (
            <div style={{ lineHeight: 1.3 }}>
              <Typography.Text strong>{p.name || '—'}</Typography.Text>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 11, fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}>
                  {p.id}
                </Typography.Text>
              </div>
            </div>
          ),
        },
        {
          title: t('slaPolicies.match'),
          key: 'match',
          width: 200,
          render: (_, p) => {
            const m = p.match ?? {};
            if (!m.levels && !m.categoryIds && !m.channels) return <Tag color="blue">{t('slaPolicies.matchAll')}</Tag>;
            return (
              <Space size={[4, 4]} wrap>
                {m.levels?.map((l) => <LevelTag key={l} level={l} />)}
                {!m.levels && <Tag>{t('slaPolicies.anyLevel')}</Tag>}
                {m.categoryIds?.map((id) => (
                  <Tag key={id} color="purple">
                    {categoryName(id) || id}
                  </Tag>
                ))}
                {m.channels?.map((ch) => (
                  <Tag key={ch} color="cyan">
                    {t(`channel.${ch}`, { defaultValue: ch })}
                  </Tag>
                ))}
                {isFallback(p) && (
                  <Tooltip title={t('slaPolicies.fallbackHint')}>
                    <Tag color="green">{t('slaPolicies.fallback')}</Tag>
                  </Tooltip>
                )}
              </Space>
            );
          },
        },
        ...KINDS.map((k) => ({ title: t(`sla.kind.${k}`), key: k, width: 112, render: (_: unknown, p: SlaPolicy) => targetCell(p, k) })),
        {
          title: t('slaPolicies.warnEscalation'),
          key: 'esc',
          width: 110,
          render: (_, p) => (
            <div style={{ lineHeight: 1.3, fontSize: 12 }}>
              <div>{p.warnRatio !== undefined ? t('slaPolicies.warnAt', { pct: pct(p.warnRatio) }) : <Typography.Text type="secondary">{t('slaPolicies.warnInherit')}</Typography.Text>}</div>
              <div>
                {p.escalation !== undefined ? (
                  <Tooltip title={p.escalation.length ? <TipList lines={p.escalation.map((s) => stepText(t, s))} /> : t('slaPolicies.noEscalation')}>
                    <span>{t('slaPolicies.steps', { count: p.escalation.length })}</span>
                  </Tooltip>
                ) : (
                  <Typography.Text type="secondary">{t('slaPolicies.escalationDefault')}</Typography.Text>
                )}
              </div>
            </div>
          ),
        },
        {
          title: t('common.actions'),
          key: 'actions',
          width: 136,
          fixed: 'right' as const,
          render: (_, p, i) => (
            <Space size={0}>
              <Tooltip title={t('slaPolicies.moveUp')}>
                <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => onMove(i, -1)} aria-label={`${t('slaPolicies.moveUp')}: ${p.name}`} data-testid="policy-up" />
              </Tooltip>
              <Tooltip title={t('slaPolicies.moveDown')}>
                <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === draft.length - 1} onClick={() => onMove(i, 1)} aria-label={`${t('slaPolicies.moveDown')}: ${p.name}`} data-testid="policy-down" />
              </Tooltip>
              <Tooltip title={t('common.edit')}>
                <Button size="small" type="text" icon={<EditOutlined />} onClick={() => onEdit(i)} aria-label={`${t('common.edit')}: ${p.name}`} data-testid="policy-edit" />
              </Tooltip>
              <Popconfirm title={t('slaPolicies.deleteConfirm', { name: p.name })} okText={t('slaPolicies.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => onDelete(i)}>
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`${t('slaPolicies.delete')}: ${p.name}`} data-testid="policy-delete" />
              </Popconfirm>
            </Space>
          ),
        },
      ]}
    />
  );
}

function TipList({ lines }: { lines: string[] }) {
  return (
    <ul style={{ margin: 0, paddingLeft: 16 }}>
      {lines.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}
