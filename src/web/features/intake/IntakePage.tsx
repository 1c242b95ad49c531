import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Empty, Tag, Form, Input, Modal, Radio, Row, Select, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, qs } from '../../api/client.js';
import type { Complaint, Page } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { FLAGS, LEVELS, type Channel, type Level } from '../../../shared/enums.js';
import { LevelTag, LEVEL_STYLE, StatusTag } from '../../components/tags.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';
import { TrackingLookup } from './TrackingLookup.js';
import { MESSAGE_LANGUAGES, PREFERRED_CHANNELS } from '../complaint/MessagesCard.js';
import type { MessageLanguage, PreferredChannel } from '../../api/types.js';

interface IntakeForm {
  channel: Channel;
  phone?: string;
  name?: string;
  email?: string;
  address?: string;
  /** empty: the server's default (SMS for a caller with a phone number, else email, else the portal) */
  preferredChannel?: PreferredChannel;
  /** empty: the language of the complaint's text */
  preferredLanguage?: MessageLanguage;
  subject: string;
  description: string;
  location?: string;
  /** picked in the browser's time zone */
  occurredAt?: Dayjs | null;
  flags?: string[];
  categoryId?: string;
  level: Level;
  departmentId?: string;
}

interface Preview {
  suggestion: { categoryId: string; confidence: number; calibrated?: boolean; alternatives: { categoryId: string; confidence: number }[] } | null;
  level: Level;
  explanation: string;
  factors: { factor: string; detail: string; contribution: string }[];
  fastPath: boolean;
  personalSafety: boolean;
  similar: { id: string; trackingNo: string; subject: string; status: Complaint['status']; level: Level; similarity: number; createdAt: string }[];
  repeat: { id: string; trackingNo: string | null } | null;
  earlierComplaints: { id: string; trackingNo: string; subject: string; status: Complaint['status']; level: Level; createdAt: string; complainant: { name: string | null; phone: string | null } }[];
}

const INTAKE_CHANNELS: Channel[] = ['phone', 'walk_in', 'letter', 'email'];
const OPEN = 'received,triaged,assigned,in_progress,returned,waiting';

export default function IntakePage() {
  const { t } = useTranslation();
  const { ref, categoryName, deptName, can } = useSession();
  const { message } = useFeedback();
  const navigate = useNavigate();
  const [form] = Form.useForm<IntakeForm>();
  const idemKey = useRef(newIdempotencyKey());
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<(Complaint & { accessCode?: string }) | null>(null);
  /** 即时办结: the save also closes the consultation, answered on the call. */
  const resolveOnCall = useRef(false);
  const subject = Form.useWatch('subject', form);
  const [similar, setSimilar] = useState<Complaint[] | null>(null);
  const [similarLoading, setSimilarLoading] = useState(false);

  const description = Form.useWatch('description', form);
  const phone = Form.useWatch('phone', form);
  const flagsWatch = Form.useWatch('flags', form);
  const categoryWatch = Form.useWatch('categoryId', form);
  const [preview, setPreview] = useState<Preview | null>(null);
  const levelTouched = useRef(false);

  // While the agent types: triage preview (suggested category, level with its explanation, similar open
  // complaints, the caller's earlier complaints). Falls back to a plain search if the preview fails.
  useEffect(() => {
    const subj = (subject ?? '').trim();
    const desc = (description ?? '').trim();
    const tel = (phone ?? '').trim();
    if (subj.length < 2 && desc.length < 4 && tel.length < 5) {
      setPreview(null);
      setSimilar(null);
      return;
    }
    const ctrl = new AbortController();
    const h = setTimeout(async () => {
      setSimilarLoading(true);
      try {
        const flags = Object.fromEntries(FLAGS.map((f) => [f, !!flagsWatch?.includes(f)]));
        const p = await api.post<Preview>('/triage/preview', { subject: subj, description: desc, ...(tel.length >= 5 && /^[0-9+()\- ]*$/.test(tel) ? { phone: tel } : {}), ...(categoryWatch ? { categoryId: categoryWatch } : {}), flags }, { signal: ctrl.signal });
        setPreview(p);
        setSimilar(null);
        if (!levelTouched.current && p.level) form.setFieldValue('level', p.level);
      } catch (e) {
        if ((e as Error).name === 'AbortError') return;
        setPreview(null);
        if (subj.length >= 2) {
          const page = await api.get<Page<Complaint>>(`/complaints${qs({ q: subj, status: OPEN, limit: 5 })}`, { signal: ctrl.signal }).catch(() => null);
          if (page) setSimilar(page.items);
        }
      } finally {
        if (!ctrl.signal.aborted) setSimilarLoading(false);
      }
    }, 450);
    return () => {
      clearTimeout(h);
      ctrl.abort();
    };
  }, [subject, description, phone, flagsWatch, categoryWatch, form]);

  const applyCategory = (id: string) => {
    form.setFieldValue('categoryId', id);
    const cat = ref.categories.find((c) => c.id === id);
    if (cat?.defaultDepartmentId && !form.getFieldValue('departmentId')) form.setFieldValue('departmentId', cat.defaultDepartmentId);
  };
  const similarList = preview ? preview.similar : similar;

  const onFinish = async (v: IntakeForm) => {
    setBusy(true);
    try {
      const complainant = Object.fromEntries(
        Object.entries({ phone: v.phone, name: v.name, email: v.email, address: v.address }).filter(([, x]) => typeof x === 'string' && x.trim() !== '').map(([k, x]) => [k, (x as string).trim()]),
      );
      const flags = Object.fromEntries(FLAGS.map((f) => [f, !!v.flags?.includes(f)]));
      const body = {
        subject: v.subject.trim(),
        description: v.description.trim(),
        channel: v.channel,
        ...(Object.keys(complainant).length ? { complainant } : {}),
        ...(v.preferredChannel ? { preferredChannel: v.preferredChannel } : {}),
        ...(v.preferredLanguage ? { preferredLanguage: v.preferredLanguage } : {}),
        ...(v.location?.trim() ? { location: { text: v.location.trim() } } : {}),
        ...(v.occurredAt?.isValid() ? { occurredAt: v.occurredAt.toISOString() } : {}),
        ...(v.categoryId ? { categoryId: v.categoryId } : {}),
        ...(v.departmentId ? { departmentId: v.departmentId } : {}),
        level: v.level,
        flags,
      };
      // One key per form: a double submit or a retry never registers the complaint twice.
      const c = await api.post<Complaint & { accessCode?: string }>('/complaints', body, { headers: { 'Idempotency-Key': idemKey.current } });
      if (resolveOnCall.current) {
        try {
          const closed = await api.post<Complaint>(`/complaints/${c.id}/actions`, { action: 'resolve_on_call', reason: t('hotline.onCallReason') });
          setCreated({ ...c, status: closed.status });
        } catch (e) {
          setCreated(c);
          message.error(errorMessage(e));
        }
      } else setCreated(c);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
      resolveOnCall.current = false;
    }
  };

  const reset = () => {
    setCreated(null);
    form.resetFields();
    setSimilar(null);
    setPreview(null);
    levelTouched.current = false;
    idemKey.current = newIdempotencyKey();
    setTimeout(() => document.getElementById('intake_phone')?.focus(), 0);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      if (!busy && !created) form.submit();
    }
  };

  return (
    <div onKeyDown={onKeyDown}>
      <Typography.Title level={1} style={{ marginTop: 0 }}>
        {t('intake.title')}
      </Typography.Title>
      <Form<IntakeForm> form={form} name="intake" layout="vertical" onFinish={onFinish} onFinishFailed={() => (resolveOnCall.current = false)} initialValues={{ channel: 'phone', level: 4 }} requiredMark="optional" size="middle">
        <Row gutter={16}>
          <Col span={15}>
            <Card size="small" title={t('intake.caller')} style={{ marginBottom: 12 }}>
              <TrackingLookup />
              <Row gutter={12}>
                <Col span={8}>
                  <Form.Item name="phone" label={t('intake.phone')} rules={[{ pattern: /^[0-9+()\- ]*$/, message: t('intake.phoneInvalid') }]} style={{ marginBottom: 8 }}>
                    <Input autoFocus inputMode="tel" autoComplete="off" maxLength={40} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="name" label={t('intake.name')} style={{ marginBottom: 8 }}>
                    <Input autoComplete="off" maxLength={100} />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item name="email" label={t('intake.email')} rules={[{ type: 'email' }]} style={{ marginBottom: 8 }}>
                    <Input autoComplete="off" maxLength={200} />
                  </Form.Item>
                </Col>
                <Col span={16}>
                  <Form.Item name="address" label={t('intake.address')} style={{ marginBottom: 0 }}>
                    <Input autoComplete="off" maxLength={300} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="channel" label={t('intake.channel')} style={{ marginBottom: 0 }}>
                    <Select options={INTAKE_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="preferredChannel" label={t('messaging.preferredChannel')} style={{ marginTop: 8, marginBottom: 0 }}>
                    <Select allowClear placeholder={t('messaging.channelAuto')} data-testid="preferred-channel" options={PREFERRED_CHANNELS.map((c) => ({ value: c, label: t(`messaging.channel.${c}`) }))} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="preferredLanguage" label={t('messaging.preferredLanguage')} style={{ marginTop: 8, marginBottom: 0 }}>
                    <Select allowClear placeholder={t('messaging.languageAuto')} data-testid="preferred-language" options={MESSAGE_LANGUAGES.map((l) => ({ value: l, label: t(`messaging.language.${l}`) }))} />
                  </Form.Item>
                </Col>
              </Row>
              {preview && preview.earlierComplaints.length > 0 && (
                <Alert
                  type={preview.repeat ? 'warning' : 'info'}
                  showIcon
                  style={{ marginTop: 8 }}
                  data-testid="repeat-caller"
                  title={preview.repeat ? t('intake.repeatCaller', { count: preview.earlierComplaints.length }) : t('intake.knownCaller', { count: preview.earlierComplaints.length })}
                  description={
                    <ul style={{ margin: 0, paddingLeft: 16, fontSize: 12 }}>
                      {preview.earlierComplaints.slice(0, 5).map((e) => (
                        <li key={e.id}>
                          <Link to={`/complaints/${e.id}`} target="_blank" rel="noopener">
                            {e.trackingNo}
                          </Link>{' '}
                          {e.subject} · {t(`status.${e.status}`)} · {fmtDateTime(e.createdAt)}
                        </li>
                      ))}
                    </ul>
                  }
                />
              )}
            </Card>
            <Card size="small" title={t('intake.complaint')}>
              <Form.Item name="subject" label={t('intake.subject')} rules={[{ required: true, whitespace: true, message: t('intake.subjectRequired') }]} style={{ marginBottom: 8 }}>
                <Input maxLength={200} showCount />
              </Form.Item>
              <Form.Item name="description" label={t('intake.description')} rules={[{ required: true, whitespace: true, message: t('intake.descriptionRequired') }]} style={{ marginBottom: 8 }}>
                <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={20000} />
              </Form.Item>
              <Row gutter={12}>
                <Col span={14}>
                  <Form.Item name="location" label={t('intake.location')} style={{ marginBottom: 0 }}>
                    <Input maxLength={300} />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item name="occurredAt" label={t('intake.occurredAt')} style={{ marginBottom: 0 }}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          </Col>
          <Col span={9}>
            <Card size="small" title={t('intake.triage')} style={{ marginBottom: 12 }}>
              {preview?.suggestion && preview.suggestion.categoryId !== categoryWatch && (
                <div style={{ marginBottom: 8 }} data-testid="triage-suggestion">
                  <Typography.Text type="secondary">{t('intake.suggested')}：</Typography.Text>
                  <Tag color="blue">{categoryName(preview.suggestion.categoryId)}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {preview.suggestion.calibrated ? t('intake.confidence', { value: Math.round(preview.suggestion.confidence * 100) }) : t('intake.suggestionOnly')}
                  </Typography.Text>
                  <Button size="small" type="link" onClick={() => applyCategory(preview.suggestion!.categoryId)}>
                    {t('intake.applySuggestion')}
                  </Button>
                </div>
              )}
              <Form.Item name="categoryId" label={t('intake.category')} style={{ marginBottom: 8 }}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('intake.categoryPlaceholder')}
                  options={ref.categories.filter((c) => c.active).map((c) => ({ value: c.id, label: categoryName(c.id) }))}
                  onChange={(id?: string) => {
                    const cat = ref.categories.find((c) => c.id === id);
                    if (cat?.defaultDepartmentId && !form.getFieldValue('departmentId')) form.setFieldValue('departmentId', cat.defaultDepartmentId);
                  }}
                />
              </Form.Item>
              <Form.Item name="level" label={t('intake.level')} style={{ marginBottom: 8 }}>
                <Radio.Group optionType="button" buttonStyle="solid" aria-label={t('intake.level')} onChange={() => (levelTouched.current = true)}>
                  {LEVELS.map((l) => (
                    <Radio.Button key={l} value={l} aria-label={t(`level.${l}`)} title={t(`level.${l}`)} style={{ borderLeft: `4px solid ${LEVEL_STYLE[l].background}` }}>
                      {t(`level.short${l}`)}
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
              {preview && (
                <Alert
                  type={preview.level <= 2 ? 'error' : preview.level === 3 ? 'warning' : 'info'}
                  style={{ marginBottom: 8, padding: '6px 10px' }}
                  data-testid="triage-level"
                  title={
                    <span>
                      {t('intake.suggested')}：<LevelTag level={preview.level} long />
                      {preview.fastPath && <Tag color="red">{t('intake.fastPath')}</Tag>}
                    </span>
                  }
                  description={
                    <div style={{ fontSize: 12 }}>
                      <div data-testid="triage-explanation">
                        {t('intake.explanation')}：{preview.explanation}
                      </div>
                      {preview.factors.length > 0 && (
                        <ul style={{ margin: '4px 0 0', paddingLeft: 16 }}>
                          {preview.factors.map((f, i) => (
                            <li key={i}>
                              {f.detail} <Typography.Text type="secondary">({f.contribution})</Typography.Text>
                            </li>
                          ))}
                        </ul>
                      )}
                    </div>
                  }
                />
              )}
              <Form.Item name="flags" label={t('intake.flags')} style={{ marginBottom: 8 }}>
                <Checkbox.Group options={FLAGS.map((f) => ({ value: f, label: t(`flag.${f}`) }))} />
              </Form.Item>
              <Form.Item name="departmentId" label={t('intake.department')} style={{ marginBottom: 0 }}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('intake.departmentPlaceholder')} options={ref.departments.map((d) => ({ value: d.id, label: deptName(d.id) }))} />
              </Form.Item>
            </Card>
            <Card size="small" title={t('intake.similar')} extra={similarLoading ? <Spin size="small" /> : null} data-testid="similar">
              {similarList === null ? (
                <Typography.Text type="secondary">{t('intake.similarHint')}</Typography.Text>
              ) : similarList.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.noSimilar')} />
              ) : (
                <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('intake.similar')}>
                  {similarList.map((c) => (
                    <li key={c.id} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
                      <Space size={4} wrap>
                        <LevelTag level={c.level} />
                        <StatusTag status={c.status} />
                        <Link to={`/complaints/${c.id}`} target="_blank" rel="noopener">
                          {c.subject}
                        </Link>
                      </Space>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {c.trackingNo} · {fmtDateTime(c.createdAt)}
                        </Typography.Text>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </Col>
        </Row>
        <div style={{ marginTop: 12, display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          {can('complaint.resolve_on_call') && (
            <Button
              size="large"
              loading={busy}
              data-testid="intake-resolve-on-call"
              onClick={() => {
                resolveOnCall.current = true;
                form.submit();
              }}
            >
              {t('hotline.resolveOnCall')}
            </Button>
          )}
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy} size="large" data-testid="intake-save">
            {t('intake.save')}
          </Button>
        </div>
      </Form>
      <Modal
        open={!!created}
        title={created?.status === 'closed' ? t('hotline.resolvedOnCall') : t('intake.saved')}
        closable={false}
        mask={{ closable: false }}
        footer={[
          <Button key="another" onClick={reset}>
            {t('intake.another')}
          </Button>,
          <Button key="open" type="primary" onClick={() => created && navigate(`/complaints/${created.id}`)} data-testid="intake-open">
            {t('intake.openIt')}
          </Button>,
        ]}
      >
        {created && (
          <div data-testid="intake-result">
            <p>
              {t('intake.trackingNo')}：<Typography.Text strong copyable data-testid="tracking-no">{created.trackingNo}</Typography.Text>
            </p>
            {created.accessCode && (
              <p>
                {t('intake.accessCode')}：<Typography.Text strong copyable>{created.accessCode}</Typography.Text>
              </p>
            )}
            <Typography.Paragraph type="secondary">{t('intake.accessCodeHint')}</Typography.Paragraph>
            {created.status === 'closed' && <Alert type="success" showIcon title={t('hotline.resolvedOnCallHint')} data-testid="resolved-on-call" />}
          </div>
        )}
      </Modal>
    </div>
  );
}
