import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { nameOf, PortalError, portalApi, portalErrorText, type Category, type Submitted } from './api.js';
import { usePow } from './usePow.js';
import { FileField, fileProblems, uploadFiles } from './FileField.js';
import { ResultView } from './ResultView.js';

interface Values {
  categoryId?: string;
  description: string;
  place?: string;
  name?: string;
  phone?: string;
  email?: string;
  language: 'zh-CN' | 'en';
  consent: boolean;
}

export interface Outcome extends Submitted {
  uploaded: number;
  failedFiles: string[];
}

/** A random key; crypto.randomUUID exists only on HTTPS and localhost, getRandomValues everywhere. */
function randomKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export default function SubmitPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [form] = Form.useForm<Values>();
  const [categories, setCategories] = useState<Category[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const pow = usePow();
  // One key per filled-in form: a retry after a lost answer gets the same tracking number.
  const idempotencyKey = useRef(randomKey());

  useEffect(() => {
    portalApi.get<{ items: Category[] }>('/categories').then((r) => setCategories(r.items), () => setCategories([]));
  }, []);

  const options = useMemo(() => {
    const byId = new Map(categories.map((c) => [c.id, c]));
    return categories.map((c) => {
      const parent = c.parentId ? byId.get(c.parentId) : undefined;
      return { value: c.id, label: parent ? `${nameOf(parent, lang)} / ${nameOf(c, lang)}` : nameOf(c, lang) };
    });
  }, [categories, lang]);

  const problems = fileProblems(files, t);

  const submit = async (v: Values) => {
    if (problems.length) return;
    setError(null);
    setBusy(t('submit.verifying'));
    try {
      const altcha = await pow.take();
      setBusy(t('submit.submitting'));
      const contact = { name: v.name?.trim() || undefined, phone: v.phone?.trim() || undefined, email: v.email?.trim() || undefined };
      const body = {
        description: v.description,
        ...(v.categoryId ? { categoryId: v.categoryId } : {}),
        ...(v.place?.trim() ? { place: { text: v.place.trim() } } : {}),
        ...(contact.name || contact.phone || contact.email ? { contact } : {}),
        language: v.language,
        consent: v.consent === true,
        altcha,
      };
      const out = await portalApi.post<Submitted>('/complaints', body, { 'Idempotency-Key': idempotencyKey.current });
      let failedFiles: string[] = [];
      if (files.length) {
        setBusy(t('submit.uploading', { done: 0, total: files.length }));
        failedFiles = await uploadFiles(out.trackingNo, out.accessCode, files, (done) => setBusy(t('submit.uploading', { done, total: files.length })));
      }
      setOutcome({ ...out, uploaded: files.length - failedFiles.length, failedFiles });
      window.scrollTo(0, 0);
    } catch (e) {
      setError(portalErrorText(e));
      // A refused submission may have used up the bot check (it is redeemed before the intake runs): a fresh one.
      if (e instanceof PortalError && e.status >= 400) pow.renew();
    } finally {
      setBusy(null);
    }
  };

  if (outcome) return <ResultView outcome={outcome} />;

  const verifying = pow.state.phase === 'solving';
  return (
    <div data-testid="portal-submit">
      <h1 className="portal-h1">{t('submit.title')}</h1>
      <Form<Values>
        form={form}
        name="portal"
        layout="vertical"
        requiredMark
        initialValues={{ categoryId: '', language: lang === 'en' ? 'en' : 'zh-CN', consent: false }}
        onFinish={(v) => void submit(v)}
        scrollToFirstError
      >
        <Form.Item name="categoryId" label={t('submit.category')} extra={t('submit.categoryHint')}>
          <select className="portal-select" data-testid="portal-category">
            <option value="">{t('submit.categoryPlaceholder')}</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </Form.Item>
        <Form.Item name="description" label={t('submit.description')} extra={t('submit.descriptionHint')} rules={[{ required: true, whitespace: true, message: t('submit.descriptionRequired') }]}>
          <Input.TextArea rows={6} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item name="place" label={t('submit.place')}>
          <Input maxLength={300} placeholder={t('submit.placePlaceholder')} autoComplete="street-address" />
        </Form.Item>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600, fontSize: 15, marginBottom: 8, color: 'rgba(0, 0, 0, 0.88)' }}>{t('submit.contactTitle')}</legend>
          <Form.Item name="name" label={t('submit.name')}>
            <Input maxLength={100} autoComplete="name" />
          </Form.Item>
          <Form.Item name="phone" label={t('submit.phone')} rules={[{ pattern: /^[0-9+()\- ]{5,40}$/, message: t('submit.phoneInvalid') }]}>
            <Input maxLength={40} inputMode="tel" autoComplete="tel" />
          </Form.Item>
          <Form.Item name="email" label={t('submit.email')} rules={[{ type: 'email', message: t('submit.emailInvalid') }]}>
            <Input maxLength={200} inputMode="email" autoComplete="email" />
          </Form.Item>
          <Form.Item name="language" label={t('submit.language')}>
            <Radio.Group>
              <Radio value="zh-CN">{t('submit.languageZh')}</Radio>
              <Radio value="en">{t('submit.languageEn')}</Radio>
            </Radio.Group>
          </Form.Item>
        </fieldset>
        <Form.Item label={t('submit.attachments')} extra={t('submit.attachmentsHint', { count: 10 })} validateStatus={problems.length ? 'error' : undefined} help={problems.length ? problems.join('；') : undefined}>
          <FileField files={files} onChange={setFiles} label={t('submit.addFile')} testId="portal-files" />
        </Form.Item>
        <section aria-labelledby="privacy-title" style={{ background: '#fff', border: '1px solid #d9d9d9', borderRadius: 4, padding: 12, marginBottom: 12 }}>
          <h2 id="privacy-title" className="portal-h2" style={{ fontSize: 15 }}>
            {t('submit.privacyTitle')}
          </h2>
          <p style={{ margin: 0 }} data-testid="portal-privacy">
            {t('submit.privacyText')}
          </p>
        </section>
        <Form.Item name="consent" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('submit.consentRequired')))) }]}>
          <Checkbox data-testid="portal-consent">{t('submit.consent')}</Checkbox>
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="portal-error" role="alert" />}
        <div aria-live="polite" style={{ marginBottom: 12 }} data-testid="portal-pow">
          {verifying && (
            <>
              <span className="portal-muted">{t('submit.verifyingProgress', { percent: Math.round(pow.state.phase === 'solving' ? pow.state.share * 100 : 0) })}</span>
              <progress className="portal-progress" max={100} value={Math.round(pow.state.phase === 'solving' ? pow.state.share * 100 : 0)} aria-hidden />
            </>
          )}
          {pow.state.phase === 'ready' && <span className="portal-muted">{t('submit.verified')}</span>}
          {pow.state.phase === 'error' && (
            <span className="portal-danger">{pow.state.error instanceof PortalError ? portalErrorText(pow.state.error) : t('submit.verifyFailed')}</span>
          )}
        </div>
        <Button type="primary" htmlType="submit" size="large" block loading={!!busy} data-testid="portal-submit-button">
          {busy ?? t('submit.submit')}
        </Button>
      </Form>
    </div>
  );
}
