import { Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';

type Name = (string | number)[];

/**
 * A bilingual text edited as a zh/en pair (both required: the server keeps plans in both languages
 * so no screen mixes them). Server errors land on the pair's own fields.
 */
export function BiField({ name, label, area, max }: { name: Name; label: string; area?: boolean; max?: number }) {
  const { t } = useTranslation();
  const rules = [{ required: true, whitespace: true, message: t('ctErrors.invalid') }];
  const Field = area ? Input.TextArea : Input;
  return (
    <Row gutter={8}>
      {(['zh', 'en'] as const).map((lang) => (
        <Col xs={24} md={12} key={lang}>
          <Form.Item name={[...name, lang]} label={t('ctEdit.pair', { label, lang: t(`ctEdit.${lang}`) })} rules={rules} style={{ marginBottom: 8 }}>
            <Field maxLength={max} {...(area ? { autoSize: { minRows: 2, maxRows: 8 } } : {})} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}
