import { lazy, Suspense, type RefObject } from 'react';
import { Input, Select, Space } from 'antd';
import type { InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHANNELS, LEVELS, STATUSES } from '../../../shared/enums.js';
import { useSession } from '../../app/session.js';

type Patch = (p: Record<string, string | null | undefined>) => void;

const DateRangeFilter = lazy(() => import('./DateRangeFilter.js'));

/** Search and filters of the inbox; every value lives in the URL (`params`), changed through `patch`. */
export function InboxFilters({ params, patch, searchRef }: { params: URLSearchParams; patch: Patch; searchRef: RefObject<InputRef | null> }) {
  const { t } = useTranslation();
  const { ref, deptName, categoryName } = useSession();
  return (
    <Space wrap size={6} style={{ marginBottom: 12 }}>
      <Input.Search
        ref={searchRef}
        aria-label={t('inbox.searchLabel')}
        placeholder={t('inbox.searchPlaceholder')}
        allowClear
        defaultValue={params.get('q') ?? ''}
        key={params.get('q') ?? ''}
        onSearch={(v) => patch({ q: v.trim() || null })}
        style={{ width: 250 }}
        data-testid="inbox-search"
      />
      <Select
        mode="multiple"
        allowClear
        aria-label={t('inbox.filterStatus')}
        placeholder={t('inbox.filterStatus')}
        style={{ minWidth: 120 }}
        maxTagCount="responsive"
        value={params.get('status')?.split(',') ?? []}
        onChange={(v: string[]) => patch({ status: v.join(',') })}
        options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
      />
      <Select
        mode="multiple"
        allowClear
        aria-label={t('inbox.filterLevel')}
        placeholder={t('inbox.filterLevel')}
        style={{ minWidth: 100 }}
        value={params.get('level')?.split(',') ?? []}
        onChange={(v: string[]) => patch({ level: v.join(',') })}
        options={LEVELS.map((l) => ({ value: String(l), label: t(`level.short${l}`) }))}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        aria-label={t('inbox.filterCategory')}
        placeholder={t('inbox.filterCategory')}
        style={{ width: 130 }}
        value={params.get('categoryId') ?? undefined}
        onChange={(v?: string) => patch({ categoryId: v })}
        options={ref.categories.filter((c) => c.active).map((c) => ({ value: c.id, label: categoryName(c.id) }))}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        aria-label={t('inbox.filterDepartment')}
        placeholder={t('inbox.filterDepartment')}
        style={{ width: 130 }}
        value={params.get('departmentId') ?? undefined}
        onChange={(v?: string) => patch({ departmentId: v })}
        options={ref.departments.map((d) => ({ value: d.id, label: deptName(d.id) }))}
      />
      <Select
        allowClear
        aria-label={t('inbox.filterChannel')}
        placeholder={t('inbox.filterChannel')}
        style={{ width: 100 }}
        value={params.get('channel') ?? undefined}
        onChange={(v?: string) => patch({ channel: v })}
        options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
      />
      <div role="group" aria-label={t('inbox.filterDate')}>
        <Suspense fallback={<div style={{ width: 240, height: 32 }} />}>
          <DateRangeFilter from={params.get('createdFrom')} to={params.get('createdTo')} onChange={(createdFrom, createdTo) => patch({ createdFrom, createdTo })} />
        </Suspense>
      </div>
    </Space>
  );
}
