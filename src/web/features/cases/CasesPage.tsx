import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { LevelTag } from '../../components/tags.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import type { CaseSummary } from './types.js';

/** The case library: search (the complaints' Chinese search; two characters match) and tags. */
export default function CasesPage() {
  const { t, i18n } = useTranslation();
  const { message } = useFeedback();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const tag = params.get('tag') ?? undefined;
  const [items, setItems] = useState<CaseSummary[] | null>(null);
  const [tags, setTags] = useState<{ tag: string; count: number }[]>([]);

  const load = useCallback(async () => {
    try {
      const [list, tagList] = await Promise.all([
        api.get<{ items: CaseSummary[] }>(`/cases${qs({ q: q || undefined, tag })}`),
        api.get<{ items: { tag: string; count: number }[] }>('/cases/tags'),
      ]);
      setItems(list.items);
      setTags(tagList.items);
    } catch (e) {
      message.error(errorMessage(e));
      setItems([]);
    }
  }, [q, tag, message]);
  useEffect(() => void load(), [load]);

  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const title = (c: CaseSummary) => (i18n.language === 'en' ? c.titleEn : c.titleZh);

  return (
    <div data-testid="cases-page">
      <Typography.Title level={1} style={{ marginTop: 0 }}>{t('cases.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label={t('cases.search')} placeholder={t('cases.search')} defaultValue={q} allowClear enterButton={t('common.search')} style={{ width: 360 }} onSearch={(v) => set('q', v.trim() || undefined)} data-testid="case-search" />
        <Select aria-label={t('cases.tag')} allowClear placeholder={t('cases.allTags')} value={tag} style={{ width: 200 }} onChange={(v) => set('tag', v)} options={tags.map((x) => ({ value: x.tag, label: `${x.tag} (${x.count})` }))} />
      </Space>
      <Table<CaseSummary>
        rowKey="id"
        loading={items === null}
        dataSource={items ?? []}
        pagination={false}
        locale={{ emptyText: t('cases.empty') }}
        columns={[
          { title: t('cases.col.title'), key: 'title', render: (_, c) => <Link to={`/cases/${c.id}`}>{title(c)}</Link> },
          { title: t('cases.col.tags'), key: 'tags', render: (_, c) => c.tags.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('cases.col.level'), key: 'level', width: 110, render: (_, c) => <LevelTag level={c.level} /> },
          { title: t('cases.col.created'), key: 'created', width: 170, render: (_, c) => fmtDateTime(new Date(c.createdAt).toISOString()) },
        ]}
      />
    </div>
  );
}
