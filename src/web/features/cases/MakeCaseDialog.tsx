import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';
import { RedactableText, selectionIn, type Marked } from './RedactableText.js';
import { fieldsOf, REDACTION_KINDS, type CaseDetail, type CasePreview, type RedactionKind } from './types.js';

function fieldLabel(t: (k: string) => string, field: string): string {
  const [name, n] = field.split(':');
  return n === undefined ? t(`cases.make.field.${name}`) : `${t(`cases.make.field.${name}`)} ${Number(n) + 1}`;
}

/** The redaction preview of a closed complaint: every redaction highlighted and toggleable, then approve. */
export function MakeCaseDialog({ complaintId, open, onClose }: { complaintId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const navigate = useNavigate();
  const [preview, setPreview] = useState<CasePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [marks, setMarks] = useState<Marked[]>([]);
  const [picked, setPicked] = useState<ReturnType<typeof selectionIn>>(null);
  const [kind, setKind] = useState<RedactionKind>('name');
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ titleZh: string; titleEn: string; tags: string[]; lessons: string }>();

  useEffect(() => {
    if (!open) return;
    setPreview(null);
    setError(null);
    api.get<CasePreview>(`/cases/preview/${encodeURIComponent(complaintId)}`).then(
      (p) => {
        setPreview(p);
        setMarks(p.redactions.map((r, i) => ({ ...r, on: true, key: `f${i}` })));
        form.setFieldsValue({ titleZh: p.language === 'zh' ? p.redacted.subject : '', titleEn: p.language === 'en' ? p.redacted.subject : '', tags: [], lessons: '' });
      },
      (e) => setError(errorMessage(e)),
    );
  }, [open, complaintId, form]);

  const fields = useMemo(() => (preview ? fieldsOf(preview.original) : []), [preview]);
  const on = marks.filter((m) => m.on);

  const add = () => {
    if (!picked || !preview) return;
    if (marks.some((m) => m.field === picked.field && picked.start < m.end && m.start < picked.end)) return;
    const replacement = `${preview.language === 'zh' ? '【' : '['}${t(`cases.kind.${kind}`)}${preview.language === 'zh' ? '】' : ']'}`;
    setMarks((x) => [...x, { ...picked, kind, replacement, on: true, key: `a${x.length}` }]);
    setPicked(null);
    window.getSelection()?.removeAllRanges();
  };

  const approve = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const c = await api.post<CaseDetail>('/cases', {
        complaintId, titleZh: v.titleZh, titleEn: v.titleEn, tags: v.tags ?? [], lessons: v.lessons ?? '',
        redactions: on.map(({ field, kind: k, start, end }) => ({ field, kind: k, start, end })),
      });
      message.success(t('cases.make.created'));
      onClose();
      void navigate(`/cases/${c.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} onCancel={onClose} width={900} title={t('cases.make.title')} destroyOnHidden
      footer={<Space><Typography.Text type="secondary">{t('cases.make.count', { n: on.length })}</Typography.Text><Button onClick={onClose}>{t('common.cancel')}</Button><Button type="primary" loading={saving} disabled={!preview} onClick={() => void approve()} data-testid="approve-case">{t('cases.make.approve')}</Button></Space>}>
      {error && <Alert type="error" showIcon title={error} />}
      {!preview && !error && <Spin />}
      {preview && (
        <div data-testid="case-preview">
          <Alert type="info" showIcon title={t('cases.make.intro')} style={{ marginBottom: 12 }} />
          <div onMouseUp={() => setPicked(selectionIn())}>
            {fields.map((f) => (
              <Card key={f.field} size="small" title={fieldLabel(t, f.field)} style={{ marginBottom: 8 }}>
                <RedactableText field={f.field} text={f.text} marks={marks.filter((m) => m.field === f.field)} onToggle={(key) => setMarks((x) => x.map((m) => (m.key === key ? { ...m, on: !m.on } : m)))} />
              </Card>
            ))}
          </div>
          <Space style={{ margin: '4px 0 12px' }}>
            <Typography.Text>{t('cases.make.add')}</Typography.Text>
            <Select aria-label={t('cases.make.kindLabel')} value={kind} onChange={setKind} style={{ width: 140 }} options={REDACTION_KINDS.map((k) => ({ value: k, label: t(`cases.kind.${k}`) }))} />
            <Button disabled={!picked} onClick={add} data-testid="add-redaction">{picked ? `“${picked.text.slice(0, 20)}”` : '—'}</Button>
          </Space>
          <Form form={form} layout="vertical">
            <Form.Item name="titleZh" label={t('cases.make.titleZh')} rules={[{ required: true, whitespace: true, max: 200 }]}><Input data-testid="title-zh" /></Form.Item>
            <Form.Item name="titleEn" label={t('cases.make.titleEn')} rules={[{ required: true, whitespace: true, max: 200 }]}><Input data-testid="title-en" /></Form.Item>
            <Form.Item name="tags" label={t('cases.make.tags')}><Select mode="tags" placeholder={t('cases.make.tagsPlaceholder')} data-testid="case-tags" /></Form.Item>
            <Form.Item name="lessons" label={t('cases.make.lessons')}><Input.TextArea rows={3} data-testid="case-lessons" /></Form.Item>
          </Form>
        </div>
      )}
    </Modal>
  );
}

/** The complaint page's button: a closed complaint, and the case.create permission. */
export function MakeCaseButton({ complaintId, status, can }: { complaintId: string; status: string; can: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!can || status !== 'closed') return null;
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="make-case">{t('cases.make.button')}</Button>
      <MakeCaseDialog complaintId={complaintId} open={open} onClose={() => setOpen(false)} />
    </>
  );
}
