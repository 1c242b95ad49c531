import i18n from '../i18n/index.js';

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Remaining time as "3h 20m" / "-45m" (negative when overdue). */
export function fmtDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let m = Math.round(Math.abs(ms) / 60000);
  const d = Math.floor(m / 1440);
  m -= d * 1440;
  const h = Math.floor(m / 60);
  m -= h * 60;
  const en = i18n.language === 'en';
  const parts = d ? [`${d}${en ? 'd' : '天'}`, `${h}${en ? 'h' : '时'}`] : h ? [`${h}${en ? 'h' : '时'}`, `${m}${en ? 'm' : '分'}`] : [`${m}${en ? 'm' : '分'}`];
  return sign + parts.join(en ? ' ' : '');
}

/** True when the key event comes from a place where typing is expected. */
export function isTypingTarget(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable || !!el.closest?.('[role="dialog"], .ant-select-dropdown, .ant-picker-dropdown');
}
