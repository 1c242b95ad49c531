// What the versioned SLA configuration editors (policies, calendar) share: who saved which version,
// and how a refused save is shown — the server's problem list, a stale version, any other error.
import type { CSSProperties } from 'react';
import { Alert, Button, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { fmtDateTime } from '../../components/format.js';
import { problemList } from '../../components/JsonEditor.js';
import { errorMessage } from '../../i18n/index.js';

export interface SaveFailure {
  title: string;
  detail?: string;
  /** 409: someone saved a newer version meanwhile. */
  stale?: boolean;
}

/** Sorts a failed save into the server's problem list, or a failure to show. */
export function saveOutcome(e: unknown, staleTitle: string): { problems: string[] } | { failure: SaveFailure } {
  const problems = problemList(e);
  if (problems) return { problems };
  if (e instanceof ApiError && e.status === 409) return { failure: { title: staleTitle, detail: e.detail, stale: true } };
  return { failure: { title: errorMessage(e), detail: e instanceof ApiError && e.detail !== errorMessage(e) ? e.detail : undefined } };
}

export function VersionInfo(props: { version: number; updatedAt: string | null; updatedBy: string | null; testId: string; column: number; style?: CSSProperties }) {
  const { t } = useTranslation();
  const { userName } = useSession();
  return (
    <Descriptions
      size="small"
      column={props.column}
      style={props.style}
      items={[
        { key: 'v', label: t('slaAdmin.version'), children: <span data-testid={props.testId}>{props.version === 0 ? <Tag>{t('slaAdmin.default')}</Tag> : props.version}</span> },
        { key: 'by', label: t('triageAdmin.savedBy'), children: props.updatedAt ? `${userName(props.updatedBy)} · ${fmtDateTime(props.updatedAt)}` : '—' },
      ]}
    />
  );
}

export function SaveProblems(props: {
  problems: string[] | null;
  failure: SaveFailure | null;
  describe: (problem: string) => string;
  onReload: () => void;
  problemsTestId: string;
  failureTestId?: string;
}) {
  const { t } = useTranslation();
  const { problems, failure } = props;
  return (
    <>
      {problems && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid={props.problemsTestId}
          title={t('json.problems', { count: problems.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.map((p, i) => (
                <li key={i} style={{ fontSize: 12 }}>
                  {props.describe(p)}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {failure && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid={props.failureTestId}
          title={failure.title}
          description={failure.detail}
          action={
            failure.stale ? (
              <Button size="small" onClick={props.onReload}>
                {t('slaPolicies.reload')}
              </Button>
            ) : undefined
          }
        />
      )}
    </>
  );
}
