import { useState } from 'react';
import { Alert, Button, Form, Input, Radio, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { portalErrorText, type SurveyAnswered } from './api.js';
import { StarRating } from './StarRating.js';

interface Values {
  satisfaction?: number;
  resolved?: boolean;
  comment?: string;
}

/** The follow-up survey (回访): satisfaction 1–5, resolved yes or no, a comment. */
export function SurveyForm({ onAnswer, onDone }: { onAnswer: (v: { satisfaction: number; resolved: boolean; comment?: string }) => Promise<SurveyAnswered>; onDone?: (a: SurveyAnswered) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answered, setAnswered] = useState<SurveyAnswered | null>(null);

  if (answered)
    return (
      <Result
        status="success"
        title={<span style={{ fontSize: 18 }}>{t('survey.thanks')}</span>}
        subTitle={`${t('track.surveyResult', { result: t(`survey.result.${answered.result}`) })}${answered.reopened ? ` ${t('survey.reopened')}` : ''}`}
        data-testid="portal-survey-thanks"
      />
    );

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const a = await onAnswer({ satisfaction: v.satisfaction!, resolved: v.resolved!, ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) });
      setAnswered(a);
      onDone?.(a);
    } catch (e) {
      setError(portalErrorText(e, 'errors.survey_not_found'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> layout="vertical" name="survey" onFinish={(v) => void submit(v)} data-testid="portal-survey-form">
      <Form.Item
        name="satisfaction"
        label={<span id="survey-satisfaction-label">{t('survey.satisfaction')}</span>}
        rules={[{ required: true, message: t('survey.satisfactionRequired') }]}
      >
        <StarRating labelledBy="survey-satisfaction-label" />
      </Form.Item>
      <Form.Item name="resolved" label={t('survey.resolved')} rules={[{ required: true, message: t('survey.resolvedRequired') }]}>
        <Radio.Group data-testid="portal-resolved">
          <Radio value={true}>{t('survey.yes')}</Radio>
          <Radio value={false}>{t('survey.no')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="comment" label={t('survey.comment')}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" data-testid="portal-error" />}
      <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="portal-survey-submit">
        {t('survey.submit')}
      </Button>
    </Form>
  );
}
