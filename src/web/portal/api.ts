// The portal's calls to /api/v1/portal/…: no session, no CSRF; errors are problem+json with a code.
import i18n from './i18n.js';

export class PortalError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly retryAfter?: number,
  ) {
    super(code);
  }
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const p = (body ?? {}) as { code?: string; retryAfter?: number };
    const header = Number(res.headers.get('retry-after'));
    throw new PortalError(res.status, p.code ?? `http_${res.status}`, typeof p.retryAfter === 'number' ? p.retryAfter : Number.isFinite(header) && header > 0 ? header : undefined);
  }
  return body as T;
}

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/portal${path}`, {
      method,
      headers: { accept: 'application/json', ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      credentials: 'omit',
    });
  } catch {
    throw new PortalError(0, 'network');
  }
  return parse<T>(res);
}

export const portalApi = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
};

/** The user's language's words for an error: the code's message, a retry time for 429, never the server's English detail. */
export function portalErrorText(e: unknown, notFoundKey = 'errors.not_found'): string {
  const t = i18n.t.bind(i18n);
  if (!(e instanceof PortalError)) return t('errors.generic');
  if (e.code === 'rate_limited') {
    const s = e.retryAfter ?? 60;
    const time = s >= 120 ? t('errors.minutes', { count: Math.ceil(s / 60) }) : t('errors.seconds', { count: s });
    return t('errors.rate_limited', { time });
  }
  if (e.code === 'not_found') return t(notFoundKey);
  if (e.status === 413) return t('errors.attachment_too_large');
  const key = `errors.${e.code}`;
  return i18n.exists(key) ? t(key) : t('errors.generic');
}

export interface Category { id: string; parentId: string | null; code: string; nameZh: string; nameEn: string }
export interface Challenge { algorithm: 'SHA-256'; challenge: string; maxnumber: number; salt: string; signature: string; expiresAt: string }
export interface Submitted { trackingNo: string; accessCode: string; status: string; createdAt: string }
export type Names = { nameZh: string; nameEn: string } | null;
export interface PublicSurvey { status: 'open' | 'answered'; language: 'zh-CN' | 'en'; openedAt: string; answeredAt: string | null; result: 'satisfied' | 'basically' | 'dissatisfied' | null }
export interface Tracked {
  trackingNo: string;
  status: string;
  subject: string;
  description: string;
  place: string | null;
  category: Names;
  department: Names;
  contact: { name: string | null; phone: string | null; email: string | null };
  createdAt: string;
  updatedAt: string;
  timeline: Array<{ id: string; kind: string; status: string | null; body: string | null; by: Names; createdAt: string }>;
  survey: PublicSurvey | null;
}
export interface SurveyView { trackingNo: string; status: string; survey: PublicSurvey }
export interface SurveyAnswered { result: 'satisfied' | 'basically' | 'dissatisfied'; reopened: boolean }

export const nameOf = (n: Names, lang: string) => (n ? (lang === 'en' ? n.nameEn || n.nameZh : n.nameZh) : '');
