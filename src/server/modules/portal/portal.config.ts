/** Public portal and follow-up settings, from the environment (config.ts calls loadPortalConfig). */
export type SurveyReopenPolicy = 'never' | 'dissatisfied' | 'dissatisfied_unresolved';
export const SURVEY_REOPEN_POLICIES: readonly SurveyReopenPolicy[] = ['never', 'dissatisfied', 'dissatisfied_unresolved'];

export interface PortalConfig {
  /** Base URL of the public site (REDRESS_PUBLIC_URL), for links such as the survey's; unset → relative links. */
  publicBaseUrl?: string;
  /** Proof-of-work difficulty: the largest secret number (REDRESS_PORTAL_POW_MAX, default 100000). */
  powMaxNumber: number;
  /** How long a challenge is accepted (REDRESS_PORTAL_POW_TTL_SECONDS, default 600). */
  powTtlMs: number;
  /** Submissions per address per window (REDRESS_PORTAL_SUBMIT_LIMIT, default 10 per hour). */
  submitLimit: number;
  submitWindowMs: number;
  /** Tracking-number + access-code attempts per address per window (REDRESS_PORTAL_CODE_LIMIT, default 30 per 15 minutes). */
  codeLimit: number;
  codeWindowMs: number;
  /** Challenges per address per window (REDRESS_PORTAL_CHALLENGE_LIMIT, default 60 per 15 minutes). */
  challengeLimit: number;
  /** Whether a dissatisfied follow-up reopens the complaint (重办): REDRESS_SURVEY_REOPEN, default dissatisfied. */
  surveyReopen: SurveyReopenPolicy;
}

export function loadPortalConfig(env: NodeJS.ProcessEnv, problems: string[]): PortalConfig {
  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer ${min}–${max}, got "${raw}"`);
      return def;
    }
    return n;
  };
  let publicBaseUrl = env.REDRESS_PUBLIC_URL || undefined;
  if (publicBaseUrl) {
    try {
      const u = new URL(publicBaseUrl);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
      publicBaseUrl = publicBaseUrl.replace(/\/+$/, '');
    } catch {
      problems.push(`REDRESS_PUBLIC_URL must be an http(s) URL, got "${publicBaseUrl}"`);
      publicBaseUrl = undefined;
    }
  }
  const surveyReopen = (env.REDRESS_SURVEY_REOPEN || 'dissatisfied') as SurveyReopenPolicy;
  if (!SURVEY_REOPEN_POLICIES.includes(surveyReopen)) problems.push(`REDRESS_SURVEY_REOPEN must be one of ${SURVEY_REOPEN_POLICIES.join(', ')}, got "${surveyReopen}"`);
  return {
    publicBaseUrl,
    powMaxNumber: int('REDRESS_PORTAL_POW_MAX', 100_000, 10, 100_000_000),
    powTtlMs: int('REDRESS_PORTAL_POW_TTL_SECONDS', 600, 10, 86_400) * 1000,
    submitLimit: int('REDRESS_PORTAL_SUBMIT_LIMIT', 10, 1, 1_000_000),
    submitWindowMs: 60 * 60_000,
    codeLimit: int('REDRESS_PORTAL_CODE_LIMIT', 30, 1, 1_000_000),
    codeWindowMs: 15 * 60_000,
    challengeLimit: int('REDRESS_PORTAL_CHALLENGE_LIMIT', 60, 1, 1_000_000),
    surveyReopen,
  };
}
