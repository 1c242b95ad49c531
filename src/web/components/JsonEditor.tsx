import { useEffect, useState } from 'react';
import { Alert, Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';
import { errorMessage } from '../i18n/index.js';

/** The server's list of problems from a 400 (errors: string[] or [{path, message}]), else null. */
export function problemList(e: unknown): string[] | null {
  if (!(e instanceof ApiError) || e.status !== 400) return null;
  const raw = (e.extra.errors ?? e.errors) as unknown;
  if (!Array.isArray(raw) || raw.length === 0) return null;
  return raw.map((x) => (typeof x === 'string' ? x : x && typeof x === 'object' ? `${(x as { path?: string }).path ?? ''} ${(x as { message?: string }).message ?? ''}`.trim() : String(x)));
}

/**
 * A JSON document edited as text: parse errors are shown as you type, the server's validation
 * problems (400) are listed one per line after a save.
 */
export function JsonEditor<T>({
  value,
  onSave,
  label,
  rows = 22,
  testId,
}: {
  value: T;
  onSave: (parsed: T) => Promise<void>;
  label: string;
  rows?: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [problems, setProblems] = useState<string[] | null>(null);
  const [other, setOther] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setText(JSON.stringify(value, null, 2)), [value]);

  let parseError: string | null = null;
  let parsed: T | undefined;
  try {
    parsed = JSON.parse(text) as T;
  } catch (e) {
    parseError = (e as Error).message;
  }

  const save = async () => {
    if (parsed === undefined) return;
    setBusy(true);
    setProblems(null);
    setOther(null);
    try {
      await onSave(parsed);
    } catch (e) {
      const list = problemList(e);
      if (list) setProblems(list);
      else setOther(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid={testId}>
      <Input.TextArea
        aria-label={label}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={rows}
        spellCheck={false}
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
        status={parseError ? 'error' : undefined}
      />
      {parseError && <Alert type="error" showIcon style={{ marginTop: 8 }} title={`${t('json.invalid')}: ${parseError}`} />}
      {problems && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="json-problems"
          title={t('json.problems', { count: problems.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.map((p, i) => (
                <li key={i} style={{ fontFamily: 'monospace', fontSize: 12 }}>
                  {p}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {other && <Alert type="error" showIcon style={{ marginTop: 8 }} title={other} />}
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" disabled={!!parseError} loading={busy} onClick={() => void save()} data-testid="json-save">
          {t('common.save')}
        </Button>
        <Button onClick={() => setText(JSON.stringify(value, null, 2))}>{t('json.revert')}</Button>
      </Space>
    </div>
  );
}
