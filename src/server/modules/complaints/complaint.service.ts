import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Selectable } from 'kysely';
import type { ComplaintTable } from '../../platform/db/schema.js';
import { openWritesCommitted } from '../../platform/db/index.js';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/http/problem.js';
import { decodeCursor, encodeCursor, type Page } from '../../platform/http/pagination.js';
import { sha256 } from '../../platform/auth/tokens.js';
import type { ComplaintAction, Status } from '../../../shared/enums.js';
import { availableActions, decide, needsReason } from './lifecycle.js';
import * as repo from './complaint.repo.js';
import { canCallBack, canRevealPersonalData, canSee, inWorkDepartments, listScope } from './complaint.policy.js';
import { presentAttachment, presentComplainant, presentComplaint, presentPlan, presentTimeline, type ComplaintJson } from './complaint.presenter.js';
import { checkLevelChange, planApprovalLevel } from './level-change.js';
import { recordActivity } from './activity.js';
import { fullPhone, guardPhoneLookup } from './phone-lookup.js';
import { slaListFilter, slaSummaries } from '../sla/sla.service.js';
import { triageService } from '../triage/triage.service.js';
import type { TriageJson } from '../triage/triage.presenter.js';
import { localeOf } from '../triage/severity.explain.js';
import type { ActionBody, CreateComplaintBody, ListQuery, NoteBody, PlanBody, PlanDecisionBody, UpdateComplaintBody } from './complaint.schema.js';

const ACCESS_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function accessCode(): string {
  const bytes = crypto.randomBytes(10);
  return [...bytes].map((b) => ACCESS_CODE_ALPHABET[b % ACCESS_CODE_ALPHABET.length]).join('');
}

/** yyyymmdd of `at` in the organisation's time zone. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function localDay(at: number, timeZone: string): string {
  let fmt = dayFormats.get(timeZone);
  if (!fmt) dayFormats.set(timeZone, (fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = fmt.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}`;
}

export interface CreateResult {
  complaint: ComplaintJson & { triage?: TriageJson | null };
  accessCode?: string;
  replayed: boolean;
}

/** Public timeline kinds: what the complainant sees of the handling. */
const PUBLIC_ACTIONS = new Set<ComplaintAction>(['reply', 'close', 'reject', 'reopen', 'request_info', 'follow_up', 'sign', 'resolve_on_call']);

export class ComplaintService {
  constructor(private readonly ctx: AppContext) {}

  private async loadVisible(actor: Actor, id: string) {
    const c = await repo.getComplaint(this.ctx.db, id);
    // Someone outside the complaint's departments learns nothing, not even that it exists.
    if (!c || !canSee(actor, c)) throw notFound('Complaint');
    return c;
  }

  async create(actor: Actor, body: CreateComplaintBody, idempotencyKey?: string): Promise<CreateResult> {
    const { ctx } = this;
    const requestHash = sha256(JSON.stringify(body));
    const scopeKey = idempotencyKey ? `${actor.id}:${idempotencyKey}` : undefined;
    if (scopeKey) {
      const replay = await this.replay(scopeKey, requestHash);
      if (replay) return replay;
    }

    const category = body.categoryId ? await repo.categoryById(ctx.db, body.categoryId) : undefined;
    if (body.categoryId && !category) throw badRequest('unknown_category', `No category ${body.categoryId}`);
    if (body.departmentId && !(await repo.departmentExists(ctx.db, body.departmentId))) throw badRequest('unknown_department', `No department ${body.departmentId}`);
    const occurredAt = body.occurredAt ? Date.parse(body.occurredAt) : null;

    const now = Date.now();
    const id = uuidv7();
    const code = accessCode();
    const p = body.complainant ?? {};
    const fc = ctx.fieldCrypto;
    const complainantId = p.name || p.phone || p.email || p.idNumber || p.address ? uuidv7() : null;
    let departmentId = body.departmentId ?? null;
    if (!departmentId && category) departmentId = category.default_department_id ?? null;
    // Triage (category, level, duplicates, repeat complainant) runs inline and in memory; if it fails the
    // complaint is still created, with a failed triage and a retry job.
    const triage = await triageService(ctx).prepare({
      id, subject: body.subject, description: body.description, channel: body.channel, locationText: body.location?.text ?? null, lat: body.location?.lat ?? null, lng: body.location?.lng ?? null,
      flags: body.flags ?? {}, categoryId: body.categoryId ?? null, level: body.level ?? null,
      phoneBidx: fc.blindIndex('phone', p.phone), emailBidx: fc.blindIndex('email', p.email), at: now,
    });
    if (!departmentId && triage.apply.departmentId) departmentId = triage.apply.departmentId;

    let row: Selectable<ComplaintTable> | undefined;
    try {
      await ctx.db.transaction().execute(async (trx) => {
        if (complainantId) {
          await repo.insertComplainant(trx, {
            id: complainantId,
            name_enc: fc.encrypt(p.name),
            phone_enc: fc.encrypt(p.phone),
            email_enc: fc.encrypt(p.email),
            id_number_enc: fc.encrypt(p.idNumber),
            address_enc: fc.encrypt(p.address),
            phone_bidx: fc.blindIndex('phone', p.phone),
            email_bidx: fc.blindIndex('email', p.email),
            created_at: now,
          });
        }
        const day = localDay(now, ctx.config.timezone);
        const seq = await repo.nextCounter(trx, `tracking:${day}`);
        const flags = body.flags ?? {};
        row = {
          id,
          tracking_no: `TS${day}-${String(seq).padStart(6, '0')}`,
          access_code_hash: sha256(code),
          channel: body.channel,
          subject: body.subject,
          description: body.description,
          location_text: body.location?.text ?? null,
          lat: body.location?.lat ?? null,
          lng: body.location?.lng ?? null,
          occurred_at: occurredAt,
          category_id: triage.apply.categoryId,
          level: triage.apply.level,
          department_id: departmentId,
          owner_id: null,
          status: 'received',
          flag_personal_safety: flags.personalSafety || triage.apply.personalSafety ? 1 : 0,
          flag_property_loss: flags.propertyLoss ? 1 : 0,
          flag_media_attention: flags.mediaAttention ? 1 : 0,
          flag_vulnerable_group: flags.vulnerableGroup ? 1 : 0,
          complainant_id: complainantId,
          merged_into_id: null,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
          version: 1,
        };
        await repo.insertComplaint(trx, row);
        // After the complaint row: the key references it. A concurrent request with the same key
        // fails here on the primary key and rolls back everything it wrote.
        if (scopeKey) await repo.insertIdempotencyKey(trx, scopeKey, requestHash, id, now).catch((e) => {
          throw repo.isUniqueViolation(e) ? new IdempotencyRace() : e;
        });
        await ctx.search.index(trx, id, `${body.subject}\n${body.description}\n${body.location?.text ?? ''}`);
        const triaged = await triageService(ctx).persist(trx, triage, actor.id);
        await recordActivity(trx, [{ complaintId: id, actorId: actor.id, kind: 'created', visibility: 'public', data: { channel: body.channel }, at: now }, triaged]);
        await ctx.events.emit(trx, 'complaint.created', { complaintId: id });
      });
    } catch (e) {
      // Another request with the same key won the race; answer with its complaint.
      if (e instanceof IdempotencyRace && scopeKey) {
        // The winner may not be committed yet (SQLite group commit): answer from committed data only.
        await openWritesCommitted(ctx.db, ctx.dialect);
        const replay = await this.replay(scopeKey, requestHash);
        if (replay) return replay;
      }
      throw e;
    }
    ctx.events.flush();
    return { complaint: { ...presentComplaint(row!), triage: triageService(ctx).present(triage, localeOf(actor.locale)) }, accessCode: code, replayed: false };
  }

  private async replay(scopeKey: string, requestHash: string): Promise<CreateResult | undefined> {
    const hit = await repo.findIdempotencyKey(this.ctx.db, scopeKey);
    if (!hit) return undefined;
    if (hit.request_hash !== requestHash) {
      throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used with a different request body');
    }
    const row = await repo.getComplaint(this.ctx.db, hit.complaint_id);
    const triage = (await triageService(this.ctx).presentFor([row!.id])).get(row!.id) ?? null;
    return { complaint: { ...presentComplaint(row!), triage }, replayed: true };
  }

  async get(actor: Actor, id: string) {
    const c = await this.loadVisible(actor, id);
    const [complainant, plan, triage] = await Promise.all([
      c.complainant_id ? repo.getComplainant(this.ctx.db, c.complainant_id) : undefined,
      repo.latestPlan(this.ctx.db, c.id),
      triageService(this.ctx).presentFor([c.id], localeOf(actor.locale)),
    ]);
    return {
      ...presentComplaint(c),
      triage: triage.get(c.id) ?? null,
      complainant: complainant ? presentComplainant(complainant, this.ctx.fieldCrypto, 'masked') : null,
      plan: plan ? presentPlan(plan) : null,
      sla: (await slaSummaries(this.ctx, [c.id])).get(c.id) ?? null,
      availableActions: availableActions(c.status as Status, actor.roles).filter((a) => can(actor, `complaint.${a}` as never)),
      canRevealPersonalData: canRevealPersonalData(actor),
      /** The owner or the department's handlers may see this complainant's name and phone to call back. */
      canViewContact: canRevealPersonalData(actor) || canCallBack(actor, c),
    };
  }

  async list(actor: Actor, q: ListQuery): Promise<Page<ComplaintJson>> {
    const split = (v?: string) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
    const levels = split(q.level)?.map(Number);
    if (levels?.some((l) => !Number.isInteger(l) || l < 1 || l > 4)) throw badRequest('invalid_filter', 'level must be 1–4');
    const limit = q.limit ?? 50;
    const find = await this.searchTerm(actor, q.q);
    const rows = await repo.listComplaints(this.ctx.db, {
      statuses: split(q.status),
      levels,
      categoryIds: split(q.categoryId),
      departmentIds: split(q.departmentId),
      ownerId: q.ownerId === 'me' ? actor.id : q.ownerId === 'none' ? null : q.ownerId,
      channels: split(q.channel),
      createdFrom: q.createdFrom ? Date.parse(q.createdFrom) : undefined,
      createdTo: q.createdTo ? Date.parse(q.createdTo) : undefined,
      scope: listScope(actor),
      ...find,
      extra: slaListFilter(this.ctx, q.slaStatus, q.dueBefore),
      afterId: decodeCursor(q.cursor),
      limit,
    });
    const more = rows.length > limit;
    const items = await triageService(this.ctx).attach(rows.slice(0, limit).map(presentComplaint), localeOf(actor.locale));
    const sla = await slaSummaries(this.ctx, items.map((i) => i.id));
    return { items: items.map((i) => ({ ...i, sla: sla.get(i.id) ?? null })), nextCursor: more ? encodeCursor(items[items.length - 1].id) : null };
  }

  /**
   * What `?q=` searches for: a tracking number (whole or a prefix such as TS20261128), a caller's
   * whole phone number (only with complainant.lookup: counted and audited), or else the text.
   */
  private async searchTerm(actor: Actor, raw?: string): Promise<Pick<repo.ListFilter, 'search' | 'trackingPrefix' | 'phoneBidx'>> {
    const q = raw?.trim();
    if (!q) return {};
    const tracking = /^TS\d{4,8}(-\d{0,6})?$/i.exec(q);
    if (tracking) return { trackingPrefix: q.toUpperCase() };
    if (fullPhone(q) && can(actor, 'complainant.lookup')) return { phoneBidx: await guardPhoneLookup(this.ctx, actor, q, 'complaints.search') };
    return { search: this.ctx.search.plan(q) };
  }

  async update(actor: Actor, id: string, body: UpdateComplaintBody) {
    const c = await this.loadVisible(actor, id);
    // A leader may change only the level (triage.override); everything else needs complaint.edit.
    const levelOnly = Object.keys(body).every((k) => k === 'level' || k === 'reason');
    if (!can(actor, 'complaint.edit') && !(levelOnly && can(actor, 'triage.override'))) throw forbidden('Your role may not edit complaints');
    const lowering = body.level !== undefined ? checkLevelChange(actor, c.level, body.level, body.reason) : undefined;
    if (body.categoryId && !(await repo.categoryById(this.ctx.db, body.categoryId))) throw badRequest('unknown_category', `No category ${body.categoryId}`);
    const patch: Parameters<typeof repo.updateComplaint>[3] = { updated_at: Date.now() };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const set = <K extends keyof typeof patch>(k: K, v: (typeof patch)[K], from: unknown) => {
      if (v !== from) {
        patch[k] = v;
        changes[k as string] = { from, to: v };
      }
    };
    if (body.subject !== undefined) set('subject', body.subject, c.subject);
    if (body.description !== undefined) set('description', body.description, c.description);
    if (body.categoryId !== undefined) set('category_id', body.categoryId, c.category_id);
    if (body.level !== undefined) set('level', body.level, c.level);
    if (body.location?.text !== undefined) set('location_text', body.location.text, c.location_text);
    if (body.location?.lat !== undefined) set('lat', body.location.lat, c.lat);
    if (body.location?.lng !== undefined) set('lng', body.location.lng, c.lng);
    const f = body.flags ?? {};
    if (f.personalSafety !== undefined) set('flag_personal_safety', f.personalSafety ? 1 : 0, c.flag_personal_safety);
    if (f.propertyLoss !== undefined) set('flag_property_loss', f.propertyLoss ? 1 : 0, c.flag_property_loss);
    if (f.mediaAttention !== undefined) set('flag_media_attention', f.mediaAttention ? 1 : 0, c.flag_media_attention);
    if (f.vulnerableGroup !== undefined) set('flag_vulnerable_group', f.vulnerableGroup ? 1 : 0, c.flag_vulnerable_group);
    if (!Object.keys(changes).length) return this.get(actor, id);
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.updateComplaint(trx, id, c.version, patch))) throw conflict('stale_version', 'The complaint changed meanwhile; reload and try again');
      if (patch.subject !== undefined || patch.description !== undefined || patch.location_text !== undefined) {
        await this.ctx.search.index(trx, id, `${patch.subject ?? c.subject}\n${patch.description ?? c.description}\n${patch.location_text ?? c.location_text ?? ''}`);
      }
      await recordActivity(trx, { complaintId: id, actorId: actor.id, kind: 'updated', body: body.reason ?? null, data: { changes, ...(lowering ? { levelLowered: lowering, reason: body.reason } : {}) } });
      await this.ctx.events.emit(trx, 'complaint.updated', { complaintId: id, changes: Object.keys(changes) });
    });
    this.ctx.events.flush();
    return this.get(actor, id);
  }

  async act(actor: Actor, id: string, body: ActionBody) {
    const { ctx } = this;
    const c = await this.loadVisible(actor, id);
    const from = c.status as Status;
    const verdict = decide(from, body.action, actor.roles);
    if (!verdict.ok) throw new AppError(verdict.status, verdict.code, verdict.message, verdict.status === 409 ? { state: from, action: body.action } : {});
    if (actor.via === 'token' && !can(actor, `complaint.${body.action}` as never)) throw forbidden('This API token is not scoped for that action');
    if (body.version !== undefined && body.version !== c.version) throw conflict('stale_version', 'The complaint changed meanwhile; reload and try again');
    const reason = body.reason?.trim();
    if (needsReason(body.action) && !reason) throw badRequest('reason_required', `The action "${body.action}" needs a reason`);

    const now = Date.now();
    const patch: Parameters<typeof repo.updateComplaint>[3] = { status: verdict.to, updated_at: now };
    const data: Record<string, unknown> = { action: body.action, from, to: verdict.to };
    let visibleBody: string | null = reason ?? null;

    switch (body.action) {
      case 'assign': {
        const departmentId = body.departmentId ?? c.department_id;
        if (!departmentId) throw badRequest('department_required', 'Choose the department to dispatch to');
        if (!(await repo.departmentExists(ctx.db, departmentId))) throw badRequest('unknown_department', `No department ${departmentId}`);
        if (body.ownerId && !(await repo.userInDepartment(ctx.db, body.ownerId, departmentId))) throw badRequest('owner_not_in_department', 'The owner must be an active member of that department');
        patch.department_id = departmentId;
        patch.owner_id = body.ownerId ?? null;
        Object.assign(data, { departmentId, ownerId: body.ownerId ?? null });
        break;
      }
      case 'sign': {
        if (!can(actor, 'complaint.read_all') && !inWorkDepartments(actor, c.department_id) && c.owner_id !== actor.id) {
          throw forbidden('Only the department it was dispatched to can sign for it');
        }
        if (c.owner_id && c.owner_id !== actor.id && !can(actor, 'complaint.assign')) throw forbidden('It was dispatched to another handler');
        patch.owner_id = c.owner_id ?? actor.id;
        data.ownerId = patch.owner_id;
        break;
      }
      case 'return':
        patch.owner_id = null;
        data.departmentId = c.department_id;
        break;
      case 'reply': {
        const message = body.message?.trim();
        if (!message) throw badRequest('message_required', 'Write the reply to the complainant');
        const plan = await repo.latestPlan(ctx.db, id);
        if (plan?.status === 'submitted') throw conflict('plan_pending_approval', 'The handling plan is waiting for a leader’s approval');
        // By the highest level the complaint has had: lowering it does not skip the leader's approval.
        if ((await planApprovalLevel(ctx.db, id, c.level)) <= 2 && plan?.status !== 'approved') throw conflict('plan_approval_required', 'Level Ⅰ–Ⅱ complaints need an approved handling plan before the reply');
        visibleBody = message;
        break;
      }
      case 'resolve_on_call':
        // 即时办结: answered on the call; statistics count it as resolved at first contact.
        data.firstContact = true;
        break;
      case 'merge': {
        if (!body.targetId || body.targetId === id) throw badRequest('target_required', 'Name another complaint to merge into');
        const target = await repo.getComplaint(ctx.db, body.targetId);
        if (!target || !canSee(actor, target)) throw badRequest('unknown_target', 'No such complaint to merge into');
        if (target.status === 'merged') throw conflict('target_merged', 'That complaint is itself merged; merge into the complaint it was merged into');
        patch.merged_into_id = target.id;
        data.targetId = target.id;
        break;
      }
    }

    await ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.updateComplaint(trx, id, c.version, patch))) throw conflict('stale_version', 'The complaint changed meanwhile; reload and try again');
      await recordActivity(trx, {
        complaintId: id,
        actorId: actor.id,
        kind: body.action === 'reply' ? 'reply' : 'status_changed',
        visibility: PUBLIC_ACTIONS.has(body.action) ? 'public' : 'internal',
        body: visibleBody,
        data,
        at: now,
      });
      if (body.action === 'merge' && patch.merged_into_id) {
        await recordActivity(trx, { complaintId: patch.merged_into_id, actorId: actor.id, kind: 'merged_in', data: { sourceId: id, trackingNo: c.tracking_no }, at: now });
      }
      await ctx.events.emit(trx, 'complaint.status_changed', { complaintId: id, ...data });
    });
    ctx.events.flush();
    return this.get(actor, id);
  }

  async addNote(actor: Actor, id: string, body: NoteBody) {
    await this.loadVisible(actor, id);
    if (!can(actor, 'complaint.note')) throw forbidden('Your role may not add notes');
    await this.ctx.db.transaction().execute(async (trx) => {
      await recordActivity(trx, { complaintId: id, actorId: actor.id, kind: 'note', visibility: body.visibility ?? 'internal', body: body.body });
      // A public note answers the complainant: it can meet the first-response and update-cadence deadlines.
      await this.ctx.events.emit(trx, 'complaint.note_added', { complaintId: id, visibility: body.visibility ?? 'internal' });
    });
    this.ctx.events.flush();
    return this.timeline(actor, id);
  }

  async timeline(actor: Actor, id: string) {
    await this.loadVisible(actor, id);
    const rows = await repo.listTimeline(this.ctx.db, id, false);
    return { items: rows.map(presentTimeline) };
  }

  async submitPlan(actor: Actor, id: string, body: PlanBody) {
    const c = await this.loadVisible(actor, id);
    if (!can(actor, 'plan.submit')) throw forbidden('Your role may not submit handling plans');
    if (c.status !== 'in_progress') throw conflict(`illegal_transition.${c.status}.submit_plan`, 'A handling plan belongs to a complaint in progress', { state: c.status, action: 'submit_plan' });
    const latest = await repo.latestPlan(this.ctx.db, id);
    if (latest?.status === 'submitted') throw conflict('plan_already_pending', 'A plan is already waiting for approval');
    const now = Date.now();
    const planId = uuidv7();
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertPlan(trx, {
        id: planId,
        complaint_id: id,
        findings: body.findings,
        measures: body.measures,
        compensation_amount: body.compensationAmount ?? null,
        compensation_kind: body.compensationKind ?? null,
        status: 'submitted',
        submitted_by: actor.id,
        submitted_at: now,
        decided_by: null,
        decided_at: null,
        decision_comment: null,
      });
      await recordActivity(trx, { complaintId: id, actorId: actor.id, kind: 'plan_submitted', data: { planId, compensationAmount: body.compensationAmount ?? null }, at: now });
      await this.ctx.events.emit(trx, 'plan.submitted', { complaintId: id, planId });
    });
    this.ctx.events.flush();
    return this.get(actor, id);
  }

  async decidePlan(actor: Actor, id: string, body: PlanDecisionBody) {
    await this.loadVisible(actor, id);
    if (!can(actor, 'plan.decide')) throw forbidden('Only a leader approves handling plans');
    const plan = await repo.latestPlan(this.ctx.db, id);
    if (!plan || plan.status !== 'submitted') throw conflict('no_pending_plan', 'There is no handling plan waiting for a decision');
    if (body.decision === 'return' && !body.comment?.trim()) throw badRequest('comment_required', 'Say why the plan goes back');
    const now = Date.now();
    const status = body.decision === 'approve' ? 'approved' : 'returned';
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.decidePlan(trx, plan.id, { status, decided_by: actor.id, decided_at: now, decision_comment: body.comment ?? null }))) {
        throw conflict('no_pending_plan', 'The plan was decided meanwhile');
      }
      await recordActivity(trx, { complaintId: id, actorId: actor.id, kind: 'plan_decided', body: body.comment ?? null, data: { planId: plan.id, decision: status }, at: now });
      await this.ctx.events.emit(trx, 'plan.decided', { complaintId: id, planId: plan.id, decision: status });
    });
    this.ctx.events.flush();
    return this.get(actor, id);
  }

  async plans(actor: Actor, id: string) {
    await this.loadVisible(actor, id);
    return { items: (await repo.listPlans(this.ctx.db, id)).map(presentPlan) };
  }

  async attachments(actor: Actor, id: string) {
    await this.loadVisible(actor, id);
    return { items: (await repo.listAttachments(this.ctx.db, id)).map(presentAttachment) };
  }

  async loadForAttachment(actor: Actor, id: string) {
    const c = await this.loadVisible(actor, id);
    if (!can(actor, 'complaint.attach')) throw forbidden('Your role may not add attachments');
    return c;
  }

  async recordAttachment(actor: Actor, id: string, a: { id: string; filename: string; mime: string; size: number; sha256: string; storagePath: string }) {
    const now = Date.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertAttachment(trx, { id: a.id, complaint_id: id, filename: a.filename, mime: a.mime, size: a.size, sha256: a.sha256, storage_path: a.storagePath, uploaded_by: actor.id, created_at: now });
      await recordActivity(trx, { complaintId: id, actorId: actor.id, kind: 'attachment', body: a.filename, data: { attachmentId: a.id, size: a.size, sha256: a.sha256, mime: a.mime }, at: now });
    });
    const row = await repo.getAttachment(this.ctx.db, id, a.id);
    return presentAttachment(row!);
  }

  async getAttachment(actor: Actor, id: string, attachmentId: string) {
    await this.loadVisible(actor, id);
    const a = await repo.getAttachment(this.ctx.db, id, attachmentId);
    if (!a) throw notFound('Attachment');
    return a;
  }
}

class IdempotencyRace extends Error {}
