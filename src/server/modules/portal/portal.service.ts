import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { ComplaintTable } from '../../platform/db/schema.js';
import { deriveKey, loadMasterKey } from '../../platform/crypto/keys.js';
import { sha256 } from '../../platform/auth/tokens.js';
import type { Status } from '../../../shared/enums.js';
import { AppError, badRequest, conflict } from '../../platform/http/problem.js';
import { createComplaint } from '../complaints/complaint.intake.js';
import * as complaints from '../complaints/complaint.repo.js';
import type { CreateComplaintBody } from '../complaints/complaint.schema.js';
import { recordActivity } from '../complaints/activity.js';
import { answerSurvey } from '../followup/followup.service.js';
import { resultOfScore } from '../followup/followup.policy.js';
import { latestSurvey, surveyByTokenHash } from '../followup/followup.repo.js';
import { createChallenge, verifySolution } from './pow.js';
import { reservePortalAttempt, pruneRateLimits } from './portal.throttle.js';
import { portalActor, PORTAL_USER_ID } from './portal.actor.js';
import * as repo from './portal.repo.js';
import { presentPublicSurvey, presentTracked } from './portal.presenter.js';
import type { InfoBody, SubmitBody, SurveyBody, SurveyByCodeBody, TrackBody } from './portal.schema.js';

/** The one answer to a wrong access code, an unknown tracking number or an unknown survey link. */
const NOT_FOUND = () => new AppError(404, 'not_found', 'No complaint matches this tracking number and access code');
const DUMMY_HASH = sha256('no such complaint');

const normCode = (s: string) => s.replace(/[\s-]/g, '').toUpperCase();
const normTracking = (s: string) => s.trim().toUpperCase();

/** The public portal: bot check, submission through the ordinary intake, tracking by code, additions, survey answers. */
export class PortalService {
  private readonly powKey: Buffer;
  private lastSweep = 0;

  constructor(private readonly ctx: AppContext) {
    this.powKey = deriveKey(loadMasterKey(ctx.config.secretKey, ctx.config.dataDir), 'portal-pow');
  }

  private get cfg() {
    return this.ctx.config.portal;
  }

  async challenge(ip: string) {
    await reservePortalAttempt(this.ctx.db, 'challenge', ip, this.cfg.challengeLimit, this.cfg.codeWindowMs);
    await this.sweep();
    return createChallenge(this.powKey, { maxNumber: this.cfg.powMaxNumber, ttlMs: this.cfg.powTtlMs });
  }

  /** Expired used challenges and ended rate windows, at most once a minute per instance. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    await repo.sweepUsedChallenges(this.ctx.db, now);
    await pruneRateLimits(this.ctx.db, now - Math.max(this.cfg.submitWindowMs, this.cfg.codeWindowMs));
  }

  async submit(ip: string, body: SubmitBody, idempotencyKey?: string) {
    const ctx = this.ctx;
    await reservePortalAttempt(ctx.db, 'submit', ip, this.cfg.submitLimit, this.cfg.submitWindowMs);
    const intake = this.intakeBody(body);
    // The intake scopes keys by its actor (the portal user); a prefix keeps them apart from other system intakes.
    const key = idempotencyKey ? `portal:${idempotencyKey}` : undefined;
    if (key && (await complaints.findIdempotencyKey(ctx.db, `${PORTAL_USER_ID}:${key}`))) {
      // A retry of a submission that was saved: the same answer (422 if the body differs), no new bot check.
      return { ...(await this.answerOf((await createComplaint(ctx, await portalActor(ctx.db), intake, key)).complaint.id)), replayed: true };
    }
    if (!body.consent) throw badRequest('consent_required', 'Accept the privacy notice to submit a complaint');
    if (!body.description.trim()) throw badRequest('description_required', 'Describe the problem');
    if (body.categoryId && !(await repo.activeCategory(ctx.db, body.categoryId))) throw badRequest('unknown_category', `No category ${body.categoryId}`);
    const pow = verifySolution(this.powKey, body.altcha);
    if (!pow.ok) throw badRequest(pow.code, pow.code === 'pow_expired' ? 'The bot check expired; solve a new one' : 'The bot check was not solved correctly');
    if (!(await repo.redeemChallenge(ctx.db, pow.challenge, pow.expiresAt))) throw badRequest('pow_replayed', 'This bot check was already used; solve a new one');
    const actor = await portalActor(ctx.db);
    const now = Date.now();
    const language = body.language ?? ctx.config.locale;
    // The submission record (language, consent) is written in the complaint's own transaction.
    const result = await createComplaint(ctx, actor, intake, key, (trx, complaintId) =>
      repo.insertSubmission(trx, { complaint_id: complaintId, language, access_code_enc: '', consent_at: now, created_at: now }),
    );
    if (result.replayed || !result.accessCode) return { ...(await this.answerOf(result.complaint.id)), replayed: true };
    await repo.setSubmissionCode(ctx.db, result.complaint.id, ctx.fieldCrypto.encrypt(result.accessCode)!);
    return { trackingNo: result.complaint.trackingNo, accessCode: result.accessCode, status: result.complaint.status, createdAt: result.complaint.createdAt, replayed: false };
  }

  private intakeBody(b: SubmitBody): CreateComplaintBody {
    const contact = Object.fromEntries(Object.entries(b.contact ?? {}).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as NonNullable<CreateComplaintBody['complainant']>;
    const firstLine = b.description.trim().split(/\r?\n/)[0] ?? '';
    const subject = b.subject?.trim() || [...(firstLine || b.description.trim())].slice(0, 60).join('') || '—';
    return {
      subject,
      description: b.description,
      channel: 'web',
      ...(Object.keys(contact).length ? { complainant: contact } : {}),
      ...(b.place ? { location: b.place } : {}),
      ...(b.occurredAt ? { occurredAt: b.occurredAt } : {}),
      ...(b.categoryId ? { categoryId: b.categoryId } : {}),
      ...(b.language ? { preferredLanguage: b.language } : {}),
    };
  }

  /** An earlier submission's answer, its access code decrypted from the submission record. */
  private async answerOf(complaintId: string) {
    const [c, sub] = await Promise.all([complaints.getComplaint(this.ctx.db, complaintId), repo.submissionOf(this.ctx.db, complaintId)]);
    if (!c || !sub?.access_code_enc) throw conflict('submission_in_progress', 'This submission is still being saved; retry in a moment');
    return { trackingNo: c.tracking_no, accessCode: this.ctx.fieldCrypto.decrypt(sub.access_code_enc)!, status: c.status as Status, createdAt: new Date(Number(c.created_at)).toISOString() };
  }

  /**
   * The complaint a tracking number and access code open, or the one 404 for an unknown number and a
   * wrong code alike (the hash comparison runs either way, in constant time). Every attempt counts
   * toward the address's limit first.
   */
  async open(ip: string, trackingNo: string, accessCode: string): Promise<Selectable<ComplaintTable>> {
    await reservePortalAttempt(this.ctx.db, 'code', ip, this.cfg.codeLimit, this.cfg.codeWindowMs);
    const c = await repo.complaintByTrackingNo(this.ctx.db, normTracking(trackingNo));
    const given = Buffer.from(sha256(normCode(accessCode)));
    const stored = Buffer.from(c?.access_code_hash ?? DUMMY_HASH);
    const same = given.length === stored.length && crypto.timingSafeEqual(given, stored);
    if (!c || !same) throw NOT_FOUND();
    return c;
  }

  async track(ip: string, b: TrackBody) {
    return this.view(await this.open(ip, b.trackingNo, b.accessCode));
  }

  private async view(c: Selectable<ComplaintTable>) {
    const db = this.ctx.db;
    const [complainant, category, department, timeline, survey] = await Promise.all([
      c.complainant_id ? complaints.getComplainant(db, c.complainant_id) : undefined,
      repo.namesOf(db, 'categories', c.category_id),
      repo.namesOf(db, 'departments', c.department_id),
      repo.publicTimeline(db, c.id),
      latestSurvey(db, c.id),
    ]);
    return presentTracked(c, { complainant, category, department, timeline, survey }, this.ctx.fieldCrypto);
  }

  async addInfo(ip: string, b: InfoBody) {
    const c = await this.open(ip, b.trackingNo, b.accessCode);
    if (c.status === 'merged' || c.status === 'rejected') throw conflict('complaint_closed_for_additions', `A complaint in state "${c.status}" takes no additions`);
    const actor = await portalActor(this.ctx.db);
    await this.ctx.db.transaction().execute(async (trx) => {
      await recordActivity(trx, { complaintId: c.id, actorId: actor.id, kind: 'complainant_info', visibility: 'public', body: b.text.trim(), data: { source: 'portal' } });
      await this.ctx.events.emit(trx, 'complaint.info_added', { complaintId: c.id, kind: 'text' });
    });
    this.ctx.events.flush();
    return this.view((await complaints.getComplaint(this.ctx.db, c.id))!);
  }

  async answerByCode(ip: string, b: SurveyByCodeBody) {
    const c = await this.open(ip, b.trackingNo, b.accessCode);
    const s = await latestSurvey(this.ctx.db, c.id);
    if (!s || s.status !== 'open') throw conflict('survey_not_open', 'There is no follow-up survey waiting for an answer');
    return this.answer(c.id, s.id, b);
  }

  /** The survey a link's token opens; unknown tokens get the same 404 as a wrong code. */
  async surveyByToken(ip: string, token: string) {
    await reservePortalAttempt(this.ctx.db, 'code', ip, this.cfg.codeLimit, this.cfg.codeWindowMs);
    const s = await surveyByTokenHash(this.ctx.db, sha256(token));
    if (!s) throw NOT_FOUND();
    const c = (await complaints.getComplaint(this.ctx.db, s.complaint_id))!;
    return { survey: s, complaint: c };
  }

  async surveyView(ip: string, token: string) {
    const { survey, complaint } = await this.surveyByToken(ip, token);
    return { trackingNo: complaint.tracking_no, status: complaint.status as Status, survey: presentPublicSurvey(survey) };
  }

  async answerByToken(ip: string, token: string, b: SurveyBody) {
    const { survey } = await this.surveyByToken(ip, token);
    if (survey.status !== 'open') throw conflict('survey_already_answered', 'This survey was already answered');
    return this.answer(survey.complaint_id, survey.id, b);
  }

  private async answer(complaintId: string, surveyId: string, b: SurveyBody) {
    const actor = await portalActor(this.ctx.db);
    return answerSurvey(this.ctx, complaintId, surveyId, { source: 'web', result: resultOfScore(b.satisfaction), satisfaction: b.satisfaction, resolved: b.resolved, comment: b.comment?.trim() || null, recordedBy: null, actorId: actor.id });
  }
}
