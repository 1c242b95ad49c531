import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Radio, Segmented, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import type { ComplaintDetail } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';
import { fmtDateTime } from '../../components/format.js';
import { fillTemplate, templateBody, templateName } from '../../api/templates.js';
import { useReplyTemplates } from './useReplyTemplates.js';

type Mode = 'reply' | 'note';

/** Reply to the complainant (the lifecycle's "reply" action) or add a note; Ctrl+Enter sends. */
export function Composer({ complaint: c, onDone }: { complaint: ComplaintDetail; onDone: (next?: ComplaintDetail) => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { message } = useFeedback();
  const canReply = c.availableActions.includes('reply');
  const canNote = can('complaint.note');
  // The user's explicit choice; otherwise reply whenever replying is possible (it becomes possible after sign-for).
  const [chosen, setMode] = useState<Mode | null>(null);
  useEffect(() => setMode(null), [c.status]);
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<'internal' | 'public'>('internal');
  const [busy, setBusy] = useState(false);
  const effective: Mode = !canReply ? 'note' : (chosen ?? 'reply');
  // Reading templates needs complaint.note, like the notes themselves.
  const { templates, loading: templatesLoading } = useReplyTemplates(canNote);
  const [templateId, setTemplateId] = useState<string | null>(null);
  useEffect(() => setTemplateId(null), [effective]);
  const [modal, modalHolder] = Modal.useModal();
  const lang = i18n.language;
  // Templates of the current mode; those for this complaint's category first.
  const templateOptions = useMemo(
    () =>
      templates
        .filter((x) => x.kind === effective)
        .sort((a, b) => Number(b.categoryId === c.categoryId) - Number(a.categoryId === c.categoryId))
        .map((x) => ({ value: x.id, label: templateName(x, lang) })),
    [templates, effective, c.categoryId, lang],
  );
  const applyTemplate = (id: string) => {
    const tpl = templates.find((x) => x.id === id);
    if (!tpl) return;
    const filled = fillTemplate(templateBody(tpl, lang), c, fmtDateTime);
    const fill = () => {
      setTemplateId(id);
      setText(filled);
    };
    if (!text.trim() || text === filled) {
      fill();
      return;
    }
    // Do not silently throw away what the user already wrote.
    void modal.confirm({ title: t('templates.replaceConfirm'), okText: t('templates.replace'), cancelText: t('common.cancel'), onOk: fill });
  };

  const send = async () => {
    const body = text.trim();
    if (!body) {
      message.warning(effective === 'reply' ? t('complaint.messageRequired') : t('complaint.notePlaceholder'));
      return;
    }
    setBusy(true);
    try {
      if (effective === 'reply') {
        // No version check: a reply adds to the case; background updates (triage, deadlines) must not block it.
        const next = await api.post<ComplaintDetail>(`/complaints/${c.id}/actions`, { action: 'reply', message: body });
        message.success(t('actionDone', { action: t('action.reply') }));
        onDone(next);
      } else {
        await api.post(`/complaints/${c.id}/notes`, { body, visibility });
        message.success(t('complaint.noteAdded'));
        onDone();
      }
      setText('');
      setTemplateId(null);
    } catch (e) {
      message.error(errorMessage(e));
      if (e instanceof ApiError && e.code === 'stale_version') onDone();
    } finally {
      setBusy(false);
    }
  };

  if (!canNote && !canReply) return null;
  return (
    <div data-testid="composer">
      {modalHolder}
      <Space style={{ marginBottom: 8 }} wrap>
        <Segmented<Mode>
          value={effective}
          onChange={setMode}
          options={[
            ...(canReply ? [{ value: 'reply' as Mode, label: t('complaint.replyTab') }] : []),
            ...(canNote ? [{ value: 'note' as Mode, label: t('complaint.noteTab') }] : []),
          ]}
        />
        {effective === 'note' && (
          <Radio.Group value={visibility} onChange={(e) => setVisibility(e.target.value)} aria-label={t('complaint.visibility')}>
            <Radio value="internal">{t('complaint.internal')}</Radio>
            <Radio value="public">{t('complaint.public')}</Radio>
          </Radio.Group>
        )}
      </Space>
      {!canReply && c.status === 'in_progress' && can('complaint.reply') && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('complaint.replyUnavailable')} />}
      {effective === 'reply' && c.level <= 2 && c.plan?.status !== 'approved' && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('plan.needed')} />}
      {(effective === 'reply' || visibility === 'public') && c.contactPreferences && (
        <Alert type="info" style={{ marginBottom: 8 }} data-testid="reply-channel" title={c.contactPreferences.channel === 'portal' ? t('messaging.portalOnly') : t('messaging.willSend', { channel: t(`messaging.channel.${c.contactPreferences.channel}`), language: t(`messaging.language.${c.contactPreferences.language}`) })} />
      )}
      {canNote && (templatesLoading || templateOptions.length > 0) && (
        <Form.Item label={t('templates.pick')} layout="vertical" style={{ marginBottom: 8 }} htmlFor="composer-template">
          <Select<string>
            id="composer-template"
            data-testid="composer-template"
            value={templateId ?? undefined}
            onChange={applyTemplate}
            options={templateOptions}
            loading={templatesLoading}
            placeholder={t('templates.pickPlaceholder')}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: '100%', maxWidth: 420 }}
          />
        </Form.Item>
      )}
      <Form.Item label={effective === 'reply' ? t('complaint.message') : t('complaint.noteTab')} layout="vertical" style={{ marginBottom: 8 }} htmlFor="composer-text">
        <Input.TextArea
          id="composer-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={effective === 'reply' ? t('complaint.replyPlaceholder') : t('complaint.notePlaceholder')}
          autoSize={{ minRows: 3, maxRows: 10 }}
          maxLength={20000}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
              e.preventDefault();
              void send();
            }
          }}
        />
      </Form.Item>
      <div style={{ textAlign: 'right' }}>
        <Button type="primary" loading={busy} onClick={() => void send()} data-testid="composer-send">
          {effective === 'reply' ? t('complaint.sendReply') : t('complaint.addNote')}
        </Button>
      </div>
    </div>
  );
}
