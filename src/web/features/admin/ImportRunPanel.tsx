import { Alert, Descriptions, Progress, Space, Statistic, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DryRunResult, ImportRun, RowError } from './imports.js';

/** Row errors: row number, column, code, message. */
export function RowErrorsTable({ errors, testId }: { errors: RowError[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Table<RowError>
      data-testid={testId}
      size="small"
      rowKey={(e) => `${e.row}:${e.column ?? ''}:${e.code}`}
      dataSource={errors}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { title: t('imports.file.row'), dataIndex: 'row', width: 80 },
        { title: t('imports.dry.column'), dataIndex: 'column', width: 180, render: (c: string | null) => c ?? '—' },
        { title: t('imports.dry.code'), dataIndex: 'code', width: 200, render: (c: string) => <Tag>{c}</Tag> },
        { title: t('imports.dry.message'), dataIndex: 'message' },
      ]}
    />
  );
}

export function DryRunView({ result }: { result: DryRunResult }) {
  const { t } = useTranslation();
  return (
    <div data-testid="import-dry-run">
      <Space size="large" wrap style={{ marginBottom: 12 }}>
        <Statistic title={t('imports.dry.total')} value={result.total} />
        <Statistic title={t('imports.dry.valid')} value={result.valid} />
        <Statistic title={t('imports.dry.invalid')} value={result.invalid} />
        <Statistic title={t('imports.dry.already')} value={result.alreadyImported} />
        <Statistic title={t('imports.dry.duplicates')} value={result.duplicatesInFile} />
      </Space>
      {result.errors.length === 0 ? (
        <Alert type="success" showIcon title={t('imports.dry.noErrors')} />
      ) : (
        <>
          {result.errorsTruncated && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('imports.dry.truncated', { count: result.errors.length })} />}
          <RowErrorsTable errors={result.errors} testId="import-row-errors" />
        </>
      )}
    </div>
  );
}

const STATUS_COLOR: Record<ImportRun['status'], string> = { queued: 'default', running: 'processing', done: 'green', failed: 'red' };

export function RunProgress({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const percent = run.total ? Math.floor((run.processed / run.total) * 100) : 0;
  return (
    <div data-testid="import-run">
      <Space align="center" style={{ marginBottom: 8 }}>
        <Tag color={STATUS_COLOR[run.status]}>{t(`imports.run.status.${run.status}`)}</Tag>
        <span>{t('imports.run.processed', { done: run.processed, total: run.total })}</span>
        {run.rowsPerSecond !== null && <span>· {t('imports.run.speed', { rate: run.rowsPerSecond })}</span>}
      </Space>
      <Progress percent={percent} status={run.status === 'failed' ? 'exception' : run.status === 'done' ? 'success' : 'active'} aria-label={t('imports.run.progress')} />
      <Descriptions size="small" column={3} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('imports.run.created')}>{run.created}</Descriptions.Item>
        <Descriptions.Item label={t('imports.run.skipped')}>{run.skipped}</Descriptions.Item>
        <Descriptions.Item label={t('imports.run.failed')}>{run.failed}</Descriptions.Item>
      </Descriptions>
      {run.status === 'done' && run.created > 0 && <Link to="/inbox">{t('imports.run.viewComplaints')}</Link>}
      {run.errors.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <strong>{t('imports.run.errors')}</strong>
          <RowErrorsTable errors={run.errors} />
        </div>
      )}
    </div>
  );
}
