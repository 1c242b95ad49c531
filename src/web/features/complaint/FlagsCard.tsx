import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Input, Modal, Space, Spin, Switch, Tag, Typography } from 'antd';
import { EditOutlined, ExclamationCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import type { ComplaintDetail, Flags } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { FLAGS, LEVEL_NUMERALS, type Flag, type Level } from '../../../shared/enums.js';
import { LevelTag } from '../../components/tags.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

interface SeverityPreview {
  level: Level;
  explanation: string;
  factors: { factor: string; detail: string; contribution: string }[];
}

/** The problem+json of a failed save: the translated code, and the server's detail when it says more. */
function problemOf(e: unknown): { title: string; detail?: string } {
  const title = errorMessage(e);
  const detail = e instanceof ApiError && e.detail && e.detail !== title ? e.detail : undefined;
  return { title, detail };
}

/**
 * The four serious circumstances (人身安全, 财产损失, 媒体关注, 弱势群体): always listed, set ones
 * highlighted, and those the severity rules found in the text marked as such (规则识别) even when
 * intake did not tick them; users whose role may edit complaints (complaint.edit, the server's check on PATCH)
 * correct them in a dialog. PATCH /complaints/:id does not re-run the severity rules, so the dialog
 * previews what the rules say with the new flags and offers to set that level in the same request.
 */
export function FlagsCard({ complaint: c, onDone }: { complaint: ComplaintDetail; onDone: (next?: ComplaintDetail) => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = useFeedback();
  const [open, setOpen] = useState(false);
  const mayEdit = can('complaint.edit');
  const found = c.triage?.detectedFlags ?? null;

  const saved = (next: ComplaintDetail, levelFrom: Level) => {
    setOpen(false);
    message.success(next.level !== levelFrom ? t('flags.savedLevel', { from: LEVEL_NUMERALS[levelFrom], to: LEVEL_NUMERALS[next.level] }) : t('flags.saved', { level: LEVEL_NUMERALS[next.level] }));
    onDone(next);
  };

  return (
    <Card
      size="small"
      title={t('complaint.flags')}
      style={{ marginBottom: 12 }}
      data-testid="flags-card"
      extra={
        mayEdit ? (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="flags-edit">
            {t('flags.edit')}
          </Button>
        ) : null
      }
    >
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '6px 12px' }} aria-label={t('complaint.flags')}>
        {FLAGS.map((f) => {
          const byRules = !c.flags[f] && !!found?.[f];
          const on = !!c.flags[f] || byRules;
          return (
            <li
              key={f}
              data-flag={f}
              data-on={on ? '1' : '0'}
              data-by-rules={byRules ? '1' : undefined}
              aria-label={`${t(`flag.${f}`)}: ${on ? t('common.yes') : t('common.no')}${byRules ? ` (${t('flags.foundByRules')})` : ''}`}
              style={{ display: 'flex', alignItems: 'center', gap: 6, minWidth: 0 }}
            >
              {on ? <ExclamationCircleFilled style={{ color: '#cf1322' }} aria-hidden /> : <MinusCircleOutlined style={{ color: '#bfbfbf' }} aria-hidden />}
              <Typography.Text strong={on} type={on ? undefined : 'secondary'} style={on ? { color: '#cf1322' } : undefined}>
                {t(`flag.${f}`)}
              </Typography.Text>
              {byRules && (
                <Tag color="default" style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px' }}>
                  {t('flags.foundByRules')}
                </Tag>
              )}
            </li>
          );
        })}
      </ul>
      {open && <FlagsDialog complaint={c} onClose={() => setOpen(false)} onSaved={saved} />}
    </Card>
  );
}

function FlagsDialog({ complaint: c, onClose, onSaved }: { complaint: ComplaintDetail; onClose: () => void; onSaved: (next: ComplaintDetail, levelFrom: Level) => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [draft, setDraft] = useState<Flags>(() => ({ personalSafety: !!c.flags.personalSafety, propertyLoss: !!c.flags.propertyLoss, mediaAttention: !!c.flags.mediaAttention, vulnerableGroup: !!c.flags.vulnerableGroup }));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ title: string; detail?: string } | null>(null);
  const [preview, setPreview] = useState<SeverityPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [applyLevel, setApplyLevel] = useState<boolean | null>(null);
  const changed = useMemo(() => FLAGS.filter((f) => draft[f] !== !!c.flags[f]), [draft, c.flags]);
  // The triage preview (the same rules intake uses) needs complaint.create; without it no estimate is shown.
  const mayPreview = can('complaint.create');

  useEffect(() => {
    setApplyLevel(null);
    if (!changed.length || !mayPreview) {
      setPreview(null);
      return;
    }
    const ctrl = new AbortController();
    const h = setTimeout(() => {
      setPreviewing(true);
      api
        .post<SeverityPreview>('/triage/preview', { subject: c.subject, description: c.description, channel: c.channel, ...(c.categoryId ? { categoryId: c.categoryId } : {}), flags: draft }, { signal: ctrl.signal })
        .then(
          (p) => setPreview({ level: p.level, explanation: p.explanation, factors: p.factors }),
          () => setPreview(null),
        )
        .finally(() => {
          if (!ctrl.signal.aborted) setPreviewing(false);
        });
    }, 250);
    return () => {
      clearTimeout(h);
      ctrl.abort();
    };
  }, [changed.length, draft, mayPreview, c.subject, c.description, c.channel, c.categoryId]);

  const suggested = preview && preview.level !== c.level ? preview.level : null;
  // Default: take a more severe level the rules give; a less severe one only when asked to.
  const applying = suggested !== null && (applyLevel ?? suggested < c.level);

  const save = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const body: Record<string, unknown> = { flags: Object.fromEntries(changed.map((f) => [f, draft[f]])) };
      if (applying && suggested !== null) body.level = suggested;
      if (reason.trim()) body.reason = reason.trim();
      const next = await api.patch<ComplaintDetail>(`/complaints/${c.id}`, body);
      onSaved(next, c.level);
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (f: Flag, v: boolean) => setDraft((d) => ({ ...d, [f]: v }));

  return (
    <Modal
      open
      title={t('flags.title')}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('flags.save')}
      okButtonProps={{ disabled: !changed.length, loading: busy, id: 'flags-save' }}
      cancelButtonProps={{ disabled: busy }}
      maskClosable={!busy}
      width={560}
      destroyOnHidden
    >
      <div data-testid="flags-dialog">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('flags.hint')}
        </Typography.Paragraph>
        <div role="group" aria-label={t('complaint.flags')} style={{ border: '1px solid #f0f0f0', borderRadius: 6, marginBottom: 12 }}>
          {FLAGS.map((f, i) => {
            const was = !!c.flags[f];
            const dirty = draft[f] !== was;
            return (
              <label
                key={f}
                data-flag={f}
                style={{ display: 'flex', alignItems: 'center', gap: 10, padding: '8px 12px', borderTop: i ? '1px solid #f0f0f0' : undefined, background: dirty ? '#fffbe6' : undefined, cursor: 'pointer' }}
              >
                <Switch size="small" checked={draft[f]} onChange={(v) => toggle(f, v)} data-testid={`flag-switch-${f}`} aria-label={t(`flag.${f}`)} />
                <span style={{ flex: 1 }}>{t(`flag.${f}`)}</span>
                {dirty ? (
                  <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                    {was ? t('common.yes') : t('common.no')} → {draft[f] ? t('common.yes') : t('common.no')}
                  </Tag>
                ) : (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {was ? t('common.yes') : t('common.no')}
                  </Typography.Text>
                )}
              </label>
            );
          })}
        </div>
        {changed.length > 0 && mayPreview && (
          <div data-testid="flags-severity" style={{ background: '#fafafa', borderRadius: 6, padding: '8px 12px', marginBottom: 12 }}>
            {previewing && !preview ? (
              <Spin size="small" />
            ) : preview ? (
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={6}>
                  <Typography.Text>{t('flags.rulesSay')}</Typography.Text>
                  <span data-testid="flags-preview-level" data-level={preview.level}>
                    <LevelTag level={preview.level} long />
                  </span>
                  <Typography.Text type="secondary">
                    {t('flags.current')} <LevelTag level={c.level} />
                  </Typography.Text>
                  {previewing && <Spin size="small" />}
                </Space>
                {preview.factors.length > 0 && (
                  <ul style={{ margin: 0, paddingLeft: 18, fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>
                    {preview.factors.map((x, i) => (
                      <li key={i}>
                        {x.detail} <Typography.Text type="secondary">({x.contribution})</Typography.Text>
                      </li>
                    ))}
                  </ul>
                )}
                {suggested !== null ? (
                  <span data-testid="flags-apply-level">
                    <Checkbox checked={applying} onChange={(e) => setApplyLevel(e.target.checked)}>
                      {t('flags.applyLevel', { level: t(`level.${suggested}`) })}
                    </Checkbox>
                  </span>
                ) : (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('flags.levelSame')}
                  </Typography.Text>
                )}
              </Space>
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('flags.noPreview')}
              </Typography.Text>
            )}
          </div>
        )}
        <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
          {t('flags.reason')} <Typography.Text type="secondary">（{t('common.optional')}）</Typography.Text>
        </Typography.Text>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={1000} data-testid="flags-reason" aria-label={t('flags.reason')} />
        {problem && (
          <Alert type="error" showIcon style={{ marginTop: 12 }} data-testid="flags-error" title={problem.title} description={problem.detail} />
        )}
      </div>
    </Modal>
  );
}
