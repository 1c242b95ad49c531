// Compensation decisions (赔偿/补偿) on complaints and incidents: propose → approve | refuse → pay,
// or cancel. Approval within the approver's role limit; every step in one transaction with the
// subject's timeline + audit and a domain event (compensation.proposed / decided / paid) naming the
// people to notify.
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/http/problem.js';
import type { Database } from '../../platform/db/schema.js';
import { isIsoDate } from '../sla/timezone.js';
import * as repo from './compensation.repo.js';
import { approversFor } from './compensation.approvers.js';
import { DECIDING_ROLES, formatAmount, limitFor, loadLimits, saveLimits, withinLimit, type Limits } from './compensation.limits.js';
import { presentCompensation, totalsOf } from './compensation.presenter.js';
import { resolverFor, type Subject, type SubjectType } from './compensation.subjects.js';
import type { CompensationKind, DecisionBody, LimitsBody, PaymentBody, ProposeBody } from './compensation.schema.js';

export interface Proposal {
  kind: CompensationKind;
  amount: number;
  currency: string;
  reason: string;
  planId?: string | null;
}

/**
 * Writes a proposal in the caller's transaction: the row, the subject's timeline + audit, and the
 * event (recipients: approvers of the right level). Also used by a handling plan that names an amount.
 */
export async function insertProposal(ctx: AppContext, trx: Transaction<Database>, subject: Subject, actorId: string, p: Proposal, at = Date.now()): Promise<string> {
  const id = uuidv7();
  await repo.insertDecision(trx, {
    id,
    subject_type: subject.type,
    subject_id: subject.id,
    plan_id: p.planId ?? null,
    kind: p.kind,
    amount: p.amount,
    currency: p.currency,
    reason: p.reason,
    status: 'proposed',
    proposed_by: actorId,
    proposed_at: at,
    decided_by: null,
    decided_at: null,
    decision_note: null,
    paid_by: null,
    paid_at: null,
    payment_date: null,
    payment_reference: null,
    cancelled_by: null,
    cancelled_at: null,
    updated_at: at,
  });
  const recipients = await approversFor(trx, await loadLimits(trx), { amount: p.amount, currency: p.currency, departmentId: subject.departmentId, proposerId: actorId });
  const data = { compensationId: id, kind: p.kind, amount: p.amount, currency: p.currency, ...(p.planId ? { planId: p.planId } : {}) };
  await resolverFor(subject.type).record(trx, subject, { actorId, kind: 'compensation_proposed', body: p.reason, data, at });
  await ctx.events.emit(trx, 'compensation.proposed', { ...subject.eventKey, ...data, subjectType: subject.type, subjectId: subject.id, recipientUserIds: recipients });
  return id;
}

export class CompensationService {
  constructor(private readonly ctx: AppContext) {}

  /** A decision and its subject, if the actor may see the subject (else 404). */
  private async loadVisible(actor: Actor, id: string) {
    const row = await repo.getDecision(this.ctx.db, id);
    if (!row) throw notFound('Compensation');
    try {
      return { row, subject: await resolverFor(row.subject_type).load(this.ctx, actor, row.subject_id) };
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw notFound('Compensation');
      throw err;
    }
  }

  private async view(id: string) {
    return presentCompensation((await repo.getDecision(this.ctx.db, id))!);
  }

  async list(actor: Actor, type: SubjectType, subjectId: string) {
    await resolverFor(type).load(this.ctx, actor, subjectId);
    const rows = await repo.listFor(this.ctx.db, type, subjectId);
    const yourLimit = can(actor, 'compensation.decide') ? limitFor(actor.roles, await loadLimits(this.ctx.db)) : 0;
    return { items: rows.map(presentCompensation), totals: totalsOf(rows), yourLimit };
  }

  async propose(actor: Actor, type: SubjectType, subjectId: string, b: ProposeBody) {
    const subject = await resolverFor(type).load(this.ctx, actor, subjectId);
    if (!subject.open) throw conflict('compensation_subject_closed', `This ${type} takes no new compensation proposals`);
    const reason = b.reason.trim();
    if (!reason) throw badRequest('reason_required', 'Say why the compensation is due');
    let id = '';
    await this.ctx.db.transaction().execute(async (trx) => {
      id = await insertProposal(this.ctx, trx, subject, actor.id, { kind: b.kind, amount: b.amount, currency: b.currency ?? 'CNY', reason });
    });
    this.ctx.events.flush();
    return this.view(id);
  }

  async decide(actor: Actor, id: string, b: DecisionBody) {
    const { row, subject } = await this.loadVisible(actor, id);
    const note = b.note?.trim() || null;
    const from = row.status;
    const allowedFrom = b.decision === 'cancel' ? ['proposed', 'approved'] : ['proposed'];
    if (!allowedFrom.includes(from)) throw conflict(`illegal_transition.${from}.${b.decision}`, `A ${from} compensation cannot be ${b.decision === 'approve' ? 'approved' : b.decision === 'refuse' ? 'refused' : 'cancelled'}`, { state: from, action: b.decision });
    if (b.decision !== 'approve' && !note) throw badRequest('note_required', 'Say why');
    // Someone else decides: the proposer may only withdraw a proposal nobody has decided yet.
    const withdrawing = b.decision === 'cancel' && from === 'proposed' && row.proposed_by === actor.id;
    if (row.proposed_by === actor.id && !withdrawing) throw new AppError(403, 'compensation_own_proposal', 'Someone other than the proposer decides a compensation');
    if (!withdrawing) {
      const limit = limitFor(actor.roles, await loadLimits(this.ctx.db));
      if (!withinLimit(limit, row.amount, row.currency)) {
        const what = row.currency === 'CNY' ? formatAmount(row.amount) : formatAmount(row.amount, row.currency);
        throw new AppError(403, 'compensation_over_limit', `${what} is above your approval limit of ${formatAmount(limit ?? 0)}${row.currency === 'CNY' ? '' : ' (limits are in CNY)'}`, { limit, amount: row.amount, currency: row.currency });
      }
    }
    const at = Date.now();
    const status = b.decision === 'approve' ? 'approved' : b.decision === 'refuse' ? 'refused' : 'cancelled';
    const patch = status === 'cancelled' ? { status, cancelled_by: actor.id, cancelled_at: at, decision_note: note ?? row.decision_note, updated_at: at } : { status, decided_by: actor.id, decided_at: at, decision_note: note, updated_at: at };
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.transition(trx, id, from, patch))) throw conflict('compensation_changed', 'The compensation was decided meanwhile');
      const data = { compensationId: id, decision: status, amount: row.amount, currency: row.currency, kind: row.kind };
      await resolverFor(subject.type).record(trx, subject, { actorId: actor.id, kind: 'compensation_decided', body: note, data, at });
      const recipients = [row.proposed_by, row.decided_by].filter((u): u is string => !!u && u !== actor.id);
      await this.ctx.events.emit(trx, 'compensation.decided', { ...subject.eventKey, ...data, subjectType: subject.type, subjectId: subject.id, recipientUserIds: [...new Set(recipients)] });
    });
    this.ctx.events.flush();
    return this.view(id);
  }

  async pay(actor: Actor, id: string, b: PaymentBody) {
    const { row, subject } = await this.loadVisible(actor, id);
    if (row.status !== 'approved') throw conflict(`illegal_transition.${row.status}.pay`, 'Only an approved compensation is paid', { state: row.status, action: 'pay' });
    if (!isIsoDate(b.paymentDate)) throw badRequest('invalid_date', `${b.paymentDate} is not a calendar day`);
    const at = Date.now();
    const reference = b.reference?.trim() || null;
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.transition(trx, id, 'approved', { status: 'paid', paid_by: actor.id, paid_at: at, payment_date: b.paymentDate, payment_reference: reference, updated_at: at }))) {
        throw conflict('compensation_changed', 'The compensation changed meanwhile');
      }
      const data = { compensationId: id, amount: row.amount, currency: row.currency, paymentDate: b.paymentDate, reference };
      await resolverFor(subject.type).record(trx, subject, { actorId: actor.id, kind: 'compensation_paid', data, at });
      const recipients = [row.proposed_by, row.decided_by].filter((u): u is string => !!u && u !== actor.id);
      await this.ctx.events.emit(trx, 'compensation.paid', { ...subject.eventKey, ...data, subjectType: subject.type, subjectId: subject.id, recipientUserIds: [...new Set(recipients)] });
    });
    this.ctx.events.flush();
    return this.view(id);
  }

  async limits() {
    const limits = await loadLimits(this.ctx.db);
    return { currency: 'CNY' as const, limits: DECIDING_ROLES.map((role) => ({ role, amount: limits[role] ?? null })) };
  }

  async setLimits(actor: Actor, b: LimitsBody) {
    if (!can(actor, 'rules.manage')) throw forbidden('Only an administrator changes approval limits');
    await this.ctx.db.transaction().execute(async (trx) => {
      const next: Limits = { ...(await loadLimits(trx)), ...b };
      await saveLimits(trx, next);
      await appendAudit(trx, { actorId: actor.id, action: 'compensation.limits_changed', entityType: 'settings', entityId: 'compensation', data: { ...b } });
    });
    return this.limits();
  }
}
