import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Card, Modal, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.js';
import { api } from '../../api/client.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';
import { ImportMappingForm } from './ImportMappingForm.js';
import { DryRunView, RunProgress } from './ImportRunPanel.js';
import type { DryRunResult, ImportMapping, ImportRun, ImportUpload } from './imports.js';

type Encoding = 'auto' | 'utf-8' | 'gb18030';

/** Import historical complaints: upload, map columns (or pick a preset), dry run, start, follow progress. */
export default function ImportsPage() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [modal, modalHolder] = Modal.useModal();
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [upload, setUpload] = useState<ImportUpload | null>(null);
  const [busy, setBusy] = useState<'upload' | 'dry' | 'start' | null>(null);
  const [dry, setDry] = useState<DryRunResult | null>(null);
  const [run, setRun] = useState<ImportRun | null>(null);
  const [recent, setRecent] = useState<ImportRun[] | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const loadRecent = useCallback(() => {
    api.get<{ items: ImportRun[] }>('/imports/runs').then((r) => setRecent(r.items), (e) => message.error(errorMessage(e)));
  }, [message]);
  useEffect(() => loadRecent(), [loadRecent]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const follow = useCallback(
    (id: string) => {
      clearTimeout(timer.current);
      api.get<ImportRun>(`/imports/runs/${id}`).then(
        (r) => {
          setRun(r);
          if (r.status === 'queued' || r.status === 'running') timer.current = setTimeout(() => follow(id), 1000);
          else loadRecent();
        },
        (e) => message.error(errorMessage(e)),
      );
    },
    [message, loadRecent],
  );

  const send = async (file: File) => {
    setBusy('upload');
    try {
      const fd = new FormData();
      fd.append('file', file, file.name);
      const u = await api.post<ImportUpload>(`/imports/uploads?encoding=${encoding}`, fd);
      setUpload(u);
      setDry(null);
      setRun(null);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const dryRun = async (mapping: ImportMapping | null) => {
    if (!mapping || !upload) return;
    setBusy('dry');
    try {
      setDry(await api.post<DryRunResult>(`/imports/uploads/${upload.id}/dry-run`, { mapping }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const start = async (mapping: ImportMapping | null) => {
    if (!mapping || !upload) return;
    const ok = await modal.confirm({ title: t('imports.run.start'), content: t('imports.run.confirm', { count: dry?.valid ?? upload.rowCount }), okText: t('imports.run.start'), cancelText: t('common.cancel') });
    if (!ok) return;
    setBusy('start');
    try {
      const r = await api.post<ImportRun>(`/imports/uploads/${upload.id}/runs`, { mapping });
      message.success(t('imports.run.started'));
      setRun(r);
      follow(r.id);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const step = run ? 3 : dry ? 2 : upload ? 1 : 0;
  return (
    <div>
      {modalHolder}
      <PageHeader title={t('imports.title')} />
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[{ title: t('imports.step.file') }, { title: t('imports.step.mapping') }, { title: t('imports.step.dryRun') }, { title: t('imports.step.run') }]}
      />
      <Card size="small" title={t('imports.step.file')} style={{ marginBottom: 16 }}>
        {!upload ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space>
              <span>{t('imports.file.encoding')}</span>
              <Select<Encoding>
                aria-label={t('imports.file.encoding')}
                value={encoding}
                onChange={setEncoding}
                style={{ width: 180 }}
                options={[{ value: 'auto', label: t('imports.file.encodingAuto') }, { value: 'utf-8', label: t('imports.file.encodingUtf8') }, { value: 'gb18030', label: t('imports.file.encodingGbk') }]}
              />
            </Space>
            <Upload.Dragger
              accept=".csv,.txt,.xlsx"
              showUploadList={false}
              disabled={busy === 'upload'}
              beforeUpload={(file) => {
                void send(file as File);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('imports.file.drop')}</p>
              <p className="ant-upload-hint">{t('imports.file.hint')}</p>
            </Upload.Dragger>
          </Space>
        ) : (
          <div data-testid="import-upload">
            <Space wrap style={{ marginBottom: 8 }}>
              <Typography.Text strong>{t('imports.file.summary', { filename: upload.filename, rows: upload.rowCount, format: upload.format.toUpperCase() })}</Typography.Text>
              {upload.encoding && <Tag>{t('imports.file.detected', { encoding: upload.encoding })}</Tag>}
              <Button size="small" onClick={() => { setUpload(null); setDry(null); setRun(null); }}>{t('imports.file.another')}</Button>
            </Space>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>{t('imports.file.preview', { count: upload.preview.length })}</Typography.Paragraph>
            <Table
              size="small"
              rowKey="row"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={upload.preview}
              columns={[
                { title: t('imports.file.row'), dataIndex: 'row', fixed: 'left', width: 60 },
                ...upload.headers.map((h, i) => ({ title: h, key: `c${i}`, render: (_: unknown, r: { cells: string[] }) => <span style={{ whiteSpace: 'nowrap' }}>{(r.cells[i] ?? '').slice(0, 60)}</span> })),
              ]}
            />
          </div>
        )}
      </Card>
      {upload && (
        <Card size="small" title={t('imports.step.mapping')} style={{ marginBottom: 16 }}>
          <ImportMappingForm
            key={upload.id}
            upload={upload}
            actions={(get) => (
              <Space>
                <Button loading={busy === 'dry'} onClick={() => void get().then(dryRun)}>{t('imports.dry.run')}</Button>
                <Typography.Text type="secondary">{t('imports.dry.hint')}</Typography.Text>
                <Button type="primary" loading={busy === 'start'} disabled={!dry || (run !== null && run.status !== 'failed')} onClick={() => void get().then(start)}>
                  {t('imports.run.start')}
                </Button>
              </Space>
            )}
          />
        </Card>
      )}
      {dry && (
        <Card size="small" title={t('imports.step.dryRun')} style={{ marginBottom: 16 }}>
          <DryRunView result={dry} />
        </Card>
      )}
      {run && (
        <Card size="small" title={t('imports.run.progress')} style={{ marginBottom: 16 }}>
          <RunProgress run={run} />
        </Card>
      )}
      <Card size="small" title={t('imports.run.recent')} extra={<Button size="small" icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={loadRecent} />}>
        <Table<ImportRun>
          size="small"
          rowKey="id"
          loading={!recent}
          dataSource={recent ?? []}
          pagination={false}
          onRow={(r) => ({ onClick: () => follow(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('imports.run.file'), dataIndex: 'filename', ellipsis: true },
            { title: t('imports.run.source'), dataIndex: 'source', width: 140 },
            { title: t('imports.run.startedAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => fmtDateTime(v) },
            { title: t('jobs.statusCol'), dataIndex: 'status', width: 100, render: (s: ImportRun['status']) => t(`imports.run.status.${s}`) },
            { title: t('imports.run.created'), dataIndex: 'created', width: 90, align: 'right' },
            { title: t('imports.run.skipped'), dataIndex: 'skipped', width: 110, align: 'right' },
            { title: t('imports.run.failed'), dataIndex: 'failed', width: 80, align: 'right' },
          ]}
        />
      </Card>
    </div>
  );
}
