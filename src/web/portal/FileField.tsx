import { useId } from 'react';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';

/** The staff upload's limits (attachment.storage.ts), checked before anything is sent. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_FILES = 10;
export const ACCEPT = '.jpg,.jpeg,.png,.gif,.webp,.pdf,.txt,.csv,.mp3,.wav,.amr,.mp4,.doc,.docx,.xls,.xlsx';
const EXTS = ACCEPT.split(',');

/** Problems with a set of chosen files, in the user's language (none = fine). */
export function fileProblems(files: File[], t: (k: string, o?: Record<string, unknown>) => string, max = MAX_FILES): string[] {
  const out: string[] = [];
  if (files.length > max) out.push(t('submit.tooManyFiles', { count: max }));
  for (const f of files) {
    if (f.size > MAX_FILE_BYTES) out.push(t('submit.fileTooBig', { name: f.name }));
    const ext = f.name.includes('.') ? f.name.slice(f.name.lastIndexOf('.')).toLowerCase() : '';
    if (!EXTS.includes(ext)) out.push(t('submit.fileType', { name: f.name }));
  }
  return out;
}

/** A native file input (works with phone cameras and screen readers) with the chosen files listed. */
export function FileField({ files, onChange, label, testId }: { files: File[]; onChange: (f: File[]) => void; label: string; testId: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div>
      <input
        id={id}
        className="portal-file-input"
        type="file"
        multiple
        accept={ACCEPT}
        data-testid={testId}
        onChange={(e) => {
          onChange([...files, ...Array.from(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      <label htmlFor={id} className="portal-file-label">
        {label}
      </label>
      {files.length > 0 && (
        <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 0' }}>
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8, maxWidth: '100%' }}>
                <span style={{ wordBreak: 'break-all' }}>{f.name}</span>
                <span className="portal-muted">{f.size < 1024 * 1024 ? `${Math.max(1, Math.round(f.size / 1024))} KB` : `${(f.size / 1024 / 1024).toFixed(1)} MB`}</span>
                <Button size="small" type="link" onClick={() => onChange(files.filter((_, j) => j !== i))} aria-label={t('submit.removeFile', { name: f.name })}>
                  ×
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Uploads files one by one to a complaint; answers the names that failed. */
export async function uploadFiles(trackingNo: string, accessCode: string, files: File[], onStep?: (done: number) => void): Promise<string[]> {
  const failed: string[] = [];
  let done = 0;
  for (const f of files) {
    const form = new FormData();
    form.append('trackingNo', trackingNo);
    form.append('accessCode', accessCode);
    form.append('file', f, f.name);
    try {
      const res = await fetch('/api/v1/portal/attachments', { method: 'POST', body: form, credentials: 'omit' });
      if (!res.ok) failed.push(f.name);
    } catch {
      failed.push(f.name);
    }
    onStep?.(++done);
  }
  return failed;
}
