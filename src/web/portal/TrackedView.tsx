import { useState } from 'react';
import { Alert, Button, Input, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { nameOf, portalApi, portalErrorText, type SurveyAnswered, type Tracked } from './api.js';
import { FileField, fileProblems, uploadFiles } from './FileField.js';
import { SurveyForm } from './SurveyForm.js';
import type { Creds } from './TrackPage.js';

const STATUS_COLOR: Record<string, string> = { replied: 'green', closed: 'default', follow_up: 'cyan', rejected: 'red', merged: 'default', waiting: 'orange' };

function when(iso: string, lang: string) {
  // English: "5 Dec 2026, 14:05" (no 05/12 that reads differently on each side of the Atlantic).
  return lang === 'en'
    ? new Date(iso).toLocaleString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
    : new Date(iso).toLocaleString('zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** A tracked complaint: status, details, the public timeline, the survey when one is open, additions. */
export function TrackedView({ data, creds, onChange, onReset }: { data: Tracked; creds: Creds; onChange: (d: Tracked) => void; onReset: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [info, setInfo] = useState('');
  const [infoBusy, setInfoBusy] = useState(false);
  const [notice, setNotice] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const problems = fileProblems(files, t);

  const reload = async () => onChange(await portalApi.post<Tracked>('/track', creds));

  const addInfo = async () => {
    if (!info.trim()) {
      setNotice({ type: 'error', text: t('track.infoRequired') });
      return;
    }
    setInfoBusy(true);
    setNotice(null);
    try {
      onChange(await portalApi.post<Tracked>('/track/info', { ...creds, text: info.trim() }));
      setInfo('');
      setNotice({ type: 'success', text: t('track.infoAdded') });
    } catch (e) {
      setNotice({ type: 'error', text: portalErrorText(e) });
    } finally {
      setInfoBusy(false);
    }
  };

  const addFiles = async () => {
    if (!files.length || problems.length) return;
    setInfoBusy(true);
    setNotice(null);
    try {
      const failed = await uploadFiles(creds.trackingNo, creds.accessCode, files);
      setFiles([]);
      setNotice(failed.length ? { type: 'error', text: t('result.attachmentsFailed', { names: failed.join(', ') }) } : { type: 'success', text: t('result.attachmentsDone', { count: files.length }) });
      await reload();
    } catch (e) {
      setNotice({ type: 'error', text: portalErrorText(e) });
    } finally {
      setInfoBusy(false);
    }
  };

  const entryTitle = (e: Tracked['timeline'][number]) => {
    if (e.kind === 'status_changed' && e.status) return t('track.statusTo', { status: t(`status.${e.status}`) });
    return t(`track.kinds.${e.kind}`, { defaultValue: t('track.kinds.other') });
  };
  const closed = data.status === 'merged' || data.status === 'rejected';

  return (
    <div data-testid="portal-tracked">
      <h1 className="portal-h1">{t('track.title')}</h1>
      <section className="portal-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
          <span className="portal-code" style={{ fontSize: 18 }} data-testid="portal-tracked-no">
            {data.trackingNo}
          </span>
          <Tag color={STATUS_COLOR[data.status] ?? 'blue'} style={{ fontSize: 14, padding: '2px 8px' }} data-testid="portal-status">
            {t(`status.${data.status}`)}
          </Tag>
        </div>
        {/* A portal complaint's subject is the description's first words: shown once. */}
        {!data.description.startsWith(data.subject) && <h2 className="portal-h2" style={{ margin: '12px 0 4px' }}>{data.subject}</h2>}
        <p className="pre-wrap" style={{ margin: '12px 0' }} data-testid="portal-description">
          {data.description}
        </p>
        <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 12px', margin: 0 }}>
          {data.category && (
            <>
              <dt>{t('track.category')}</dt>
              <dd style={{ margin: 0 }}>{nameOf(data.category, lang)}</dd>
            </>
          )}
          {data.place && (
            <>
              <dt>{t('track.place')}</dt>
              <dd style={{ margin: 0 }}>{data.place}</dd>
            </>
          )}
          {data.department && (
            <>
              <dt>{t('track.department')}</dt>
              <dd style={{ margin: 0 }}>{nameOf(data.department, lang)}</dd>
            </>
          )}
          <dt>{t('track.createdAt')}</dt>
          <dd style={{ margin: 0 }}>{when(data.createdAt, lang)}</dd>
          <dt>{t('track.updatedAt')}</dt>
          <dd style={{ margin: 0 }}>{when(data.updatedAt, lang)}</dd>
        </dl>
      </section>

      <section className="portal-card">
        <h2 className="portal-h2">{t('track.timeline')}</h2>
        {data.timeline.length === 0 ? (
          <span className="portal-muted">{t('track.noTimeline')}</span>
        ) : (
          <ol style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="portal-timeline">
            {[...data.timeline].reverse().map((e) => (
              <li key={e.id} data-kind={e.kind} style={{ borderLeft: `3px solid ${e.kind === 'reply' ? '#1658c4' : '#d9d9d9'}`, padding: '4px 0 8px 12px', marginBottom: 8 }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
                  <strong>{entryTitle(e)}</strong>
                  <span className="portal-muted" style={{ fontSize: 13 }}>
                    {when(e.createdAt, lang)}
                  </span>
                </div>
                {e.by && (
                  <div className="portal-muted" style={{ fontSize: 13 }}>
                    {nameOf(e.by, lang)}
                  </div>
                )}
                {e.body && e.kind !== 'created' && e.kind !== 'status_changed' && <div className="pre-wrap" style={{ marginTop: 4 }}>{e.body}</div>}
              </li>
            ))}
          </ol>
        )}
      </section>

      {data.survey?.status === 'open' && (
        <section className="portal-card" data-testid="portal-track-survey">
          <h2 className="portal-h2">{t('survey.title')}</h2>
          <SurveyForm onAnswer={(v) => portalApi.post<SurveyAnswered>('/track/survey', { ...creds, ...v })} onDone={() => void reload().catch(() => undefined)} />
        </section>
      )}
      {data.survey?.status === 'answered' && data.survey.result && (
        <Alert style={{ marginBottom: 12 }} type="success" showIcon title={t('survey.thanks')} description={t('track.surveyResult', { result: t(`survey.result.${data.survey.result}`) })} data-testid="portal-survey-done" />
      )}


      {!closed && (
        <section className="portal-card">
          <h2 className="portal-h2" id="portal-info-title">
            {t('track.addInfo')}
          </h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void addInfo();
            }}
          >
            <Input.TextArea id="portal-info" aria-labelledby="portal-info-title" rows={3} maxLength={5000} value={info} onChange={(e) => setInfo(e.target.value)} placeholder={t('track.addInfoPlaceholder')} />
            <Button htmlType="submit" loading={infoBusy} style={{ marginTop: 8 }} data-testid="portal-info-submit">
              {t('track.addInfoSubmit')}
            </Button>
          </form>
          <div style={{ marginTop: 16 }}>
            <h3 className="portal-h3">{t('track.addFiles')}</h3>
            <FileField files={files} onChange={setFiles} label={t('submit.addFile')} testId="portal-track-files" />
            {problems.length > 0 && <div className="portal-danger">{problems.join('；')}</div>}
            {files.length > 0 && (
              <Button style={{ marginTop: 8 }} onClick={() => void addFiles()} loading={infoBusy} disabled={problems.length > 0}>
                {t('submit.addFile')}
              </Button>
            )}
          </div>
          {notice && <Alert style={{ marginTop: 12 }} type={notice.type} showIcon title={notice.text} role={notice.type === 'error' ? 'alert' : 'status'} data-testid="portal-notice" />}
        </section>
      )}

      <Button size="large" block onClick={onReset}>
        {t('track.again')}
      </Button>
    </div>
  );
}
