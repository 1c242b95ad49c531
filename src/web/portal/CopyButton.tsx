import { useState } from 'react';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    /* no clipboard API (plain http, permissions): the older way */
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  document.execCommand('copy');
  ta.remove();
}

export function CopyButton({ text, what, testId }: { text: string; what: string; testId: string }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  return (
    <Button
      onClick={() => {
        void copyText(text).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 2000);
        });
      }}
      aria-label={t('result.copyLabel', { what })}
      data-testid={testId}
    >
      <span aria-live="polite">{done ? t('result.copied') : t('result.copy')}</span>
    </Button>
  );
}
