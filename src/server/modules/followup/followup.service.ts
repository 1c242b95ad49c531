import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { DomainEvent, Delivery } from '../../platform/events/events.js';
import { sha256 } from '../../platform/auth/tokens.js';
import { conflict } from '../../platform/http/problem.js';
import type { Status } from '../../../shared/enums.js';
import { TRANSITIONS } from '../complaints/lifecycle.js';
import * as complaints from '../complaints/complaint.repo.js';
import { recordActivity, type Activity } from '../complaints/activity.js';
import { submissionOf } from '../portal/portal.repo.js';
import { getPrefs } from '../messaging/prefs.js';
import * as repo from './followup.repo.js';
import { shouldReopen, type FollowUpResult } from './followup.policy.js';
import { retryOnDeadlock } from '../../platform/db/retry.js';

/** States after which the complainant is asked (回访): the reply, and the close. */
const SURVEY_AFTER = new Set<Status>(['replied', 'closed']);
/** States a survey can still be answered in (and a dissatisfied answer reopen from). */
export const ANSWERABLE = new Set<Status>(['replied', 'follow_up', 'closed']);

export const surveyUrl = (ctx: AppContext, token: string) => `${ctx.config.portal.publicBaseUrl ?? ''}/portal/survey/${token}`;

/**
 * Follow-up (回访): when a complaint is replied to or closed, one survey per handling cycle is opened
 * with a random token (stored hashed) and `complaint.survey_requested {complaintId, surveyUrl,
 * language}` is emitted through the outbox for whoever delivers messages to the complainant.
 * Idempotent: the (complaint, cycle) pair is unique, so a redelivered event opens nothing new.
 */
export function registerFollowup(ctx: AppContext): void {
  ctx.events.on('complaint.status_changed', (event: DomainEvent<{ complaintId?: string; to?: string }>, d: Delivery) => openSurvey(ctx, event, d));
}

async function openSurvey(ctx: AppContext, event: DomainEvent<{ complaintId?: string; to?: string }>, d: Delivery): Promise<void> {
  const id = event.data.complaintId;
  if (!id || !SURVEY_AFTER.has(event.data.to as Status)) return;
  const c = await complaints.getComplaint(d.trx, id);
  // Reopened (or merged) before this event was delivered: the next reply asks instead.
  if (!c || !ANSWERABLE.has(c.status as Status)) return;
  const cycle = await repo.reopensUpTo(d.trx, id, Number(event.at));
  const token = crypto.randomBytes(32).toString('base64url');
  // The language the complainant chose: on the portal form, else their recorded preference.
  const [sub, prefs] = await Promise.all([submissionOf(d.trx, id), getPrefs(d.trx, id)]);
  const language = sub?.language ?? prefs?.language ?? ctx.config.locale;
  const surveyId = uuidv7();
  const now = Date.now();
  const created = await repo.insertSurvey(d.trx, {
    id: surveyId, complaint_id: id, cycle, token_hash: sha256(token), language, status: 'open', opened_at: now,
    answered_at: null, source: null, satisfaction: null, resolved: null, comment: null, result: null, reopened: 0, recorded_by: null,
  });
  if (!created) return;
  await recordActivity(d.trx, { complaintId: id, actorId: null, kind: 'survey_requested', data: { surveyId, cycle, language }, at: now });
  await ctx.events.emit(d.trx, 'complaint.survey_requested', { complaintId: id, surveyUrl: surveyUrl(ctx, token), language });
  d.afterCommit(() => ctx.events.flush());
}

export interface Answer {
  source: 'web' | 'phone';
  result: FollowUpResult;
  satisfaction: number | null;
  resolved: boolean | null;
  comment: string | null;
  /** Staff who recorded a phone result; null for the complainant on the portal (the portal user is the actor). */
  recordedBy: string | null;
  actorId: string;
}

/**
 * Records an answer: on the given open survey (a portal answer by token or code), else on the open
 * survey of the complaint's current cycle, else (a staff phone call with no survey requested yet) on
 * a new survey row for that cycle. The result goes on the survey row and the timeline, and — when the
 * policy says so and the state machine allows it — the reopen (重办) happens in the same
 * transaction, as a status change the SLA clocks and statistics follow like any other.
 */
export async function answerSurvey(ctx: AppContext, complaintId: string, surveyId: string | null, a: Answer): Promise<{ result: FollowUpResult; reopened: boolean }> {
  const now = Date.now();
  let reopened = false;
  // The complaint's own event jobs (survey, SLA, messages) run meanwhile: a PostgreSQL deadlock victim is run again.
  await retryOnDeadlock(() => ctx.db.transaction().execute(async (trx) => {
    reopened = false;
    const c = await complaints.getComplaint(trx, complaintId);
    if (!c) throw conflict('survey_closed', 'This survey can no longer be answered');
    const from = c.status as Status;
    let survey = surveyId ? await repo.surveyById(trx, surveyId) : await repo.latestSurvey(trx, complaintId);
    if (!survey || survey.status !== 'open') {
      if (surveyId || a.source !== 'phone') throw conflict('survey_already_answered', 'This survey was already answered');
      if (!ANSWERABLE.has(from)) throw conflict('follow_up_not_due', `A complaint in state "${from}" has not been answered yet; follow up after the reply`);
      const cycle = await repo.reopensUpTo(trx, complaintId, now);
      if (survey && survey.cycle >= cycle) throw conflict('survey_already_answered', 'The follow-up of this handling cycle is already recorded');
      survey = {
        id: uuidv7(), complaint_id: complaintId, cycle, token_hash: sha256(crypto.randomBytes(32).toString('base64url')), language: ctx.config.locale, status: 'open', opened_at: now,
        answered_at: null, source: null, satisfaction: null, resolved: null, comment: null, result: null, reopened: 0, recorded_by: null,
      };
      if (!(await repo.insertSurvey(trx, survey))) throw conflict('survey_already_answered', 'The follow-up of this handling cycle is already recorded');
    }
    reopened = shouldReopen(ctx.config.portal.surveyReopen, a.result, a.resolved) && TRANSITIONS.reopen.from.includes(from);
    const ok = await repo.markAnswered(trx, survey.id, {
      answered_at: now, source: a.source, satisfaction: a.satisfaction, resolved: a.resolved === null ? null : a.resolved ? 1 : 0,
      comment: a.comment, result: a.result, reopened: reopened ? 1 : 0, recorded_by: a.recordedBy,
    });
    if (!ok) throw conflict('survey_already_answered', 'This survey was already answered');
    const activities: Activity[] = [
      // The complainant's own web answer shows on the portal; a call's result and the staff's note of it stay internal.
      { complaintId, actorId: a.actorId, kind: 'survey_answered', visibility: a.source === 'web' ? 'public' : 'internal', body: a.comment, data: { surveyId: survey.id, source: a.source, result: a.result, satisfaction: a.satisfaction, resolved: a.resolved, reopened }, at: now },
    ];
    const to = TRANSITIONS.reopen.to;
    const data = { action: 'reopen', from, to, reason: 'follow_up_dissatisfied', surveyId: survey.id };
    if (reopened) {
      if (!(await complaints.updateComplaint(trx, complaintId, c.version, { status: to, updated_at: now }))) throw conflict('stale_version', 'The complaint changed meanwhile; try again');
      const body = ctx.config.locale === 'en' ? 'Reopened: the complainant was dissatisfied at the follow-up' : '回访不满意，重新办理';
      activities.push({ complaintId, actorId: a.actorId, kind: 'status_changed', visibility: 'public', body, data, at: now });
    }
    await recordActivity(trx, activities);
    await ctx.events.emit(trx, 'complaint.survey_answered', { complaintId, surveyId: survey.id, source: a.source, result: a.result, reopened });
    if (reopened) await ctx.events.emit(trx, 'complaint.status_changed', { complaintId, ...data });
  }));
  ctx.events.flush();
  return { result: a.result, reopened };
}
