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

/** How long a deadline has been missed: "超期 3 天" / "Overdue 3 days"; hours under a day, minutes under an hour. */
export function fmtOverdue(ms: number): string {
  const m = Math.max(1, Math.floor(ms / 60_000));
  if (m >= 1440) return i18n.t('sla.overdueDays', { count: Math.floor(m / 1440) });
  if (m >= 60) return i18n.t('sla.overdueHours', { count: Math.floor(m / 60) });
  return i18n.t('sla.overdueMinutes', { count: m });
}

/** True when the key event comes from a place where typing is expected. */
export function isTypingTarget(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable || !!el.closest?.('[role="dialog"], .ant-select-dropdown, .ant-picker-dropdown');
}
