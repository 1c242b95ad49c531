import { useState } from 'react';
import { Alert, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { formProblem } from '../contingency/formProblem.js';
import type { Resource } from './types.js';

export const RESOURCE_KINDS = ['supplier', 'manufacturer', 'inventory', 'staff', 'expert', 'media'] as const;

interface Values {
  kind: string;
  name: string;
  description?: string;
  tags?: string[];
  departmentId?: string | null;
  quantity?: number | null;
  unit?: string;
  lowStockThreshold?: number | null;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
}

const CONTACT = ['contactName', 'contactPhone', 'contactEmail'] as const;

/**
 * Add or change a resource (resource.manage); mounted only while open, so each opening starts afresh. Names and descriptions are plain text as the API keeps
 * them. Contacts come back masked, so an edit leaves them empty and sends only the ones typed anew.
 */
export function ResourceDialog({ open, resource, onClose, onSaved }: { open: boolean; resource: Resource | null; onClose: () => void; onSaved: (r: Resource) => void }) {
  const { t, i18n } = useTranslation();
  const { ref } = useSession();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);


  const submit = async () => {
    setProblem(null);
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const inventory = v.kind === 'inventory';
    const body: Record<string, unknown> = {
      kind: v.kind,
      name: v.name.trim(),
      description: v.description?.trim() ?? '',
      tags: [...new Set((v.tags ?? []).map((x) => x.trim()).filter(Boolean))],
      departmentId: v.departmentId ?? null,
      quantity: inventory ? (v.quantity ?? null) : null,
      unit: inventory ? v.unit?.trim() || null : null,
      lowStockThreshold: inventory ? (v.lowStockThreshold ?? null) : null,
    };
    for (const k of CONTACT) {
      const x = v[k]?.trim() ?? '';
      if (!resource || x) body[k] = x || null;
    }
    setBusy(true);
    try {
      const saved = resource ? await api.patch<Resource>(`/resources/${resource.id}`, body) : await api.post<Resource>('/resources', body);
      onSaved(saved);
    } catch (e) {
      setProblem(formProblem(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={resource ? t('resEdit.editTitle') : t('resEdit.newTitle')} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} width={680}>
      <Form
        form={form}
        layout="vertical"
        data-testid="resource-form"
        initialValues={
          resource
            ? { kind: resource.kind, name: resource.name, description: resource.description, tags: resource.tags, departmentId: resource.departmentId, quantity: resource.quantity, unit: resource.unit ?? '', lowStockThreshold: resource.lowStockThreshold }
            : { kind: 'supplier' }
        }
      >
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="resource-error" />}
        <Row gutter={8}>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('res.kind')} rules={[{ required: true }]}>
              <Select data-testid="resource-kind" options={RESOURCE_KINDS.map((k) => ({ value: k, label: t(`ctEdit.res.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="name" label={t('res.name')} rules={[{ required: true, whitespace: true, message: t('resEdit.nameRequired') }]}>
              <Input maxLength={200} data-testid="resource-name" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('resEdit.description')}>
          <Input.TextArea maxLength={5000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="resource-description" />
        </Form.Item>
        <Row gutter={8}>
          <Col xs={24} md={12}>
            <Form.Item name="tags" label={t('res.tag')} extra={t('resEdit.tagsHelp')}>
              <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} data-testid="resource-tags" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="departmentId" label={t('resEdit.department')}>
              <Select allowClear options={ref.departments.map((d) => ({ value: d.id, label: i18n.language === 'en' ? d.nameEn : d.nameZh }))} />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'inventory' && (
          <Row gutter={8}>
            <Col xs={8}>
              <Form.Item name="quantity" label={t('res.quantity')}>
                <InputNumber min={0} style={{ width: '100%' }} data-testid="resource-quantity" />
              </Form.Item>
            </Col>
            <Col xs={8}>
              <Form.Item name="unit" label={t('resEdit.unit')}>
                <Input maxLength={20} />
              </Form.Item>
            </Col>
            <Col xs={8}>
              <Form.Item name="lowStockThreshold" label={t('resEdit.lowStockThreshold')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        )}
        {resource && <Alert type="info" showIcon message={t('resEdit.contactKept')} style={{ marginBottom: 12 }} />}
        <Row gutter={8}>
          <Col xs={24} md={8}>
            <Form.Item name="contactName" label={t('resEdit.contactName')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="contactPhone" label={t('resEdit.contactPhone')} rules={[{ pattern: /^[0-9+()\- ]*$/, message: t('resEdit.phoneInvalid') }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="contactEmail" label={t('resEdit.contactEmail')} rules={[{ type: 'email', message: t('resEdit.emailInvalid') }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
