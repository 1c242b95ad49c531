import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../shared/enums.js';
import { BiField } from './BiField.js';
import { useBi } from '../incidents/bi.js';

const LEVELS = [1, 2, 3, 4];
const KEY_RULE = { pattern: /^[a-z][a-z0-9_]{0,39}$/, message: 'a-z 0-9 _' };

/** One repeated section of the plan (roles, levels, steps, …): each item a small card with a remove button. */
function ListSection({ name, title, empty, children }: { name: string; title: string; empty: () => unknown; children: (field: number) => React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card type="inner" size="small" title={title} style={{ marginBottom: 12 }} data-testid={`edit-${name}`}>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Card key={f.key} size="small" style={{ marginBottom: 8 }} extra={<Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('ctEdit.remove')} onClick={() => remove(f.name)} />}>
                {children(f.name)}
              </Card>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add(empty())}>
              {t('ctEdit.add')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}

const emptyBi = () => ({ zh: '', en: '' });

/** The list chapters of a plan: activation criteria, roles, level responses, steps, templates, resources, after the incident. */
export function PlanEditorLists() {
  const { t } = useTranslation();
  const bi = useBi();
  const roles = (Form.useWatch('roles') ?? []) as { key?: string; name?: { zh: string; en: string } }[];
  // Steps and notices pick a role by its name in the screen's language (the key when it has none yet).
  const roleOptions = roles.filter((r) => r?.key).map((r) => ({ value: r.key!, label: bi(r.name) || r.key! }));
  const levelOptions = LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }));
  const small = { style: { marginBottom: 8 } };
  const required = [{ required: true, message: t('ctErrors.invalid') }];

  return (
    <>
      <ListSection name="activation" title={t('ctSection.activation')} empty={() => ({ kind: 'manual' })}>
        {(n) => (
          <Row gutter={8}>
            <Col xs={24} md={12}>
              <Form.Item name={[n, 'kind']} label={t('ctEdit.criterion')} rules={required} {...small}>
                <Select options={Object.keys(t('ctEdit.crit', { returnObjects: true }) as object).map((k) => ({ value: k, label: t(`ctEdit.crit.${k}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item noStyle shouldUpdate>
                {({ getFieldValue }) => {
                  const kind = getFieldValue(['activation', n, 'kind']);
                  if (kind === 'level_at_or_above')
                    return <Form.Item name={[n, 'level']} label={t('ctEdit.level')} rules={required} {...small}><Select options={levelOptions} /></Form.Item>;
                  if (kind === 'mass_cluster')
                    return <Form.Item name={[n, 'minMembers']} label={t('ctEdit.minMembers')} {...small}><InputNumber min={2} max={10000} style={{ width: '100%' }} /></Form.Item>;
                  return null;
                }}
              </Form.Item>
            </Col>
          </Row>
        )}
      </ListSection>
      <ListSection name="roles" title={t('ctSection.roles')} empty={() => ({ key: '', name: emptyBi(), duties: emptyBi(), fillFrom: [], required: false })}>
        {(n) => (
          <>
            <Row gutter={8}>
              <Col xs={24} md={8}><Form.Item name={[n, 'key']} label={t('ctEdit.key')} rules={[...required, KEY_RULE]} {...small}><Input /></Form.Item></Col>
              <Col xs={24} md={12}>
                <Form.Item name={[n, 'fillFrom']} label={t('ctEdit.fillFrom')} {...small}>
                  <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={4}><Form.Item name={[n, 'required']} label={t('ctEdit.required')} valuePropName="checked" {...small}><Switch /></Form.Item></Col>
            </Row>
            <BiField name={[n, 'name']} label={t('ctEdit.name')} max={100} />
            <BiField name={[n, 'duties']} label={t('ctEdit.duties')} area />
          </>
        )}
      </ListSection>
      <ListSection name="levels" title={t('ctSection.levels')} empty={() => ({ level: 4, response: emptyBi(), sitrepEveryMinutes: 240, notifyRoles: [] })}>
        {(n) => (
          <>
            <Row gutter={8}>
              <Col xs={24} md={8}><Form.Item name={[n, 'level']} label={t('ctEdit.level')} rules={required} {...small}><Select options={levelOptions} /></Form.Item></Col>
              <Col xs={24} md={8}><Form.Item name={[n, 'sitrepEveryMinutes']} label={t('ctEdit.sitrepEvery')} rules={required} {...small}><InputNumber min={10} max={10080} style={{ width: '100%' }} /></Form.Item></Col>
              <Col xs={24} md={8}><Form.Item name={[n, 'notifyRoles']} label={t('ctEdit.notifyRoles')} {...small}><Select mode="multiple" options={roleOptions} /></Form.Item></Col>
            </Row>
            <BiField name={[n, 'response']} label={t('ctEdit.response')} area />
          </>
        )}
      </ListSection>
      <ListSection name="steps" title={t('ctSection.steps')} empty={() => ({ key: '', title: emptyBi(), description: emptyBi(), offsetMinutes: 0, ownerRole: roleOptions[0]?.value ?? '' })}>
        {(n) => (
          <>
            <Row gutter={8}>
              <Col xs={24} md={6}><Form.Item name={[n, 'key']} label={t('ctEdit.key')} rules={[...required, KEY_RULE]} {...small}><Input /></Form.Item></Col>
              <Col xs={24} md={6}><Form.Item name={[n, 'offsetMinutes']} label={t('ctEdit.offset')} rules={required} {...small}><InputNumber min={0} max={43200} style={{ width: '100%' }} /></Form.Item></Col>
              <Col xs={24} md={6}><Form.Item name={[n, 'ownerRole']} label={t('ctEdit.ownerRole')} rules={required} {...small}><Select options={roleOptions} /></Form.Item></Col>
              <Col xs={24} md={6}><Form.Item name={[n, 'levels']} label={t('ctEdit.stepLevels')} {...small}><Select mode="multiple" allowClear options={levelOptions.map((o) => ({ ...o, label: t(`level.short${o.value}`) }))} /></Form.Item></Col>
            </Row>
            <BiField name={[n, 'title']} label={t('ctEdit.stepTitle')} max={200} />
            <BiField name={[n, 'description']} label={t('ctEdit.description')} area />
          </>
        )}
      </ListSection>
      <ListSection name="templates" title={t('ctSection.templates')} empty={() => ({ key: '', audience: 'public', subject: emptyBi(), body: emptyBi() })}>
        {(n) => (
          <>
            <Row gutter={8}>
              <Col xs={24} md={12}><Form.Item name={[n, 'key']} label={t('ctEdit.key')} rules={[...required, KEY_RULE]} {...small}><Input /></Form.Item></Col>
              <Col xs={24} md={12}>
                <Form.Item name={[n, 'audience']} label={t('ctEdit.audience')} rules={required} {...small}>
                  <Select options={['complainant', 'public', 'internal', 'leader'].map((a) => ({ value: a, label: t(`ctEdit.aud.${a}`) }))} />
                </Form.Item>
              </Col>
            </Row>
            <BiField name={[n, 'subject']} label={t('ctEdit.subject')} max={200} />
            <BiField name={[n, 'body']} label={t('ctEdit.body')} area />
          </>
        )}
      </ListSection>
      <ListSection name="resources" title={t('ctSection.resources')} empty={() => ({ kind: 'staff', description: emptyBi() })}>
        {(n) => (
          <>
            <Row gutter={8}>
              <Col xs={24} md={12}>
                <Form.Item name={[n, 'kind']} label={t('ctEdit.kind')} rules={required} {...small}>
                  <Select options={['supplier', 'manufacturer', 'inventory', 'staff', 'expert', 'media'].map((k) => ({ value: k, label: t(`ctEdit.res.${k}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}><Form.Item name={[n, 'quantity']} label={t('ctEdit.quantity')} {...small}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item></Col>
            </Row>
            <BiField name={[n, 'description']} label={t('ctEdit.description')} max={500} />
          </>
        )}
      </ListSection>
      <ListSection name="postIncident" title={t('ctSection.postIncident')} empty={emptyBi}>
        {(n) => <BiField name={[n]} label={t('ctEdit.item')} max={1000} />}
      </ListSection>
    </>
  );
}
