import type { SurveyReopenPolicy } from '../portal/portal.config.js';

/** A follow-up result as 12345 desks record it: 满意 / 基本满意 / 不满意. */
export const FOLLOW_UP_RESULTS = ['satisfied', 'basically', 'dissatisfied'] as const;
export type FollowUpResult = (typeof FOLLOW_UP_RESULTS)[number];

/** The survey's 1–5 score as a desk result: 5–4 satisfied, 3 basically satisfied, 2–1 dissatisfied. */
export function resultOfScore(score: number): FollowUpResult {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new RangeError(`satisfaction must be 1–5, got ${score}`);
  return score >= 4 ? 'satisfied' : score === 3 ? 'basically' : 'dissatisfied';
}

/**
 * Whether an answer reopens the complaint (重办): never; on every dissatisfied answer; or only on a
 * dissatisfied answer that also says the problem is not solved (an unknown `resolved` counts as not).
 */
export function shouldReopen(policy: SurveyReopenPolicy, result: FollowUpResult, resolved: boolean | null): boolean {
  if (result !== 'dissatisfied') return false;
  if (policy === 'dissatisfied') return true;
  if (policy === 'dissatisfied_unresolved') return resolved !== true;
  return false;
}

/** 满意率, 回访率, 不满意重办率 from counts (null when the denominator is 0). */
export function followUpRates(c: { satisfied: number; basically: number; dissatisfied: number; surveyedClosed: number; closed: number; reopened: number }) {
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
  const answered = c.satisfied + c.basically + c.dissatisfied;
  return {
    satisfactionRate: ratio(c.satisfied + c.basically, answered),
    followUpRate: ratio(c.surveyedClosed, c.closed),
    dissatisfiedReopenRate: ratio(c.reopened, c.dissatisfied),
  };
}
