import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Selectable, Transaction } from 'kysely';
import type { ComplaintTable, Database } from '../../platform/db/schema.js';
import { openWritesCommitted } from '../../platform/db/index.js';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError, badRequest } from '../../platform/http/problem.js';
import { sha256 } from '../../platform/auth/tokens.js';
import * as repo from './complaint.repo.js';
import { presentComplaint, type ComplaintJson } from './complaint.presenter.js';
import { recordActivity } from './activity.js';
import { triageService } from '../triage/triage.service.js';
import type { TriageJson } from '../triage/triage.presenter.js';
import { localeOf } from '../triage/severity.explain.js';
import type { CreateComplaintBody } from './complaint.schema.js';
import { checkReachable, defaultChannel, detectLanguage, savePrefs } from '../messaging/prefs.js';
import { intakeCounter } from './complaint.metrics.js';

const ACCESS_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function accessCode(): string {
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
  complaint: ComplaintJson & { triage: TriageJson | null };
  accessCode?: string;
  replayed: boolean;
}

/** Writes a channel adds to the complaint, in its creating transaction (all or nothing). */
export type IntakeExtra = (trx: Transaction<Database>, complaintId: string) => Promise<void>;

export async function createComplaint(ctx: AppContext, actor: Actor, body: CreateComplaintBody, idempotencyKey?: string, extra?: IntakeExtra): Promise<CreateResult> {
  const requestHash = sha256(JSON.stringify(body));
  const scopeKey = idempotencyKey ? `${actor.id}:${idempotencyKey}` : undefined;
  if (scopeKey) {
    const replay = await replayFor(ctx, scopeKey, requestHash);
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
  // How and in which language replies reach the complainant (messaging module).
  const contact = { phone: p.phone?.trim() || null, email: p.email || null };
  if (body.preferredChannel) checkReachable(body.preferredChannel, contact);
  const prefs = {
    channel: body.preferredChannel ?? defaultChannel(body.channel, contact),
    language: body.preferredLanguage ?? detectLanguage(`${body.subject}\n${body.description}`, ctx.config.locale),
  };
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
      await savePrefs(trx, id, prefs, null, now);
      // After the complaint row: the key references it. A concurrent request with the same key
      // fails here on the primary key and rolls back everything it wrote.
      if (scopeKey) await repo.insertIdempotencyKey(trx, scopeKey, requestHash, id, now).catch((e) => {
        throw repo.isUniqueViolation(e) ? new IdempotencyRace() : e;
      });
      await ctx.search.index(trx, id, `${body.subject}\n${body.description}\n${body.location?.text ?? ''}`);
      const triaged = await triageService(ctx).persist(trx, triage, actor.id);
      await recordActivity(trx, [{ complaintId: id, actorId: actor.id, kind: 'created', visibility: 'public', data: { channel: body.channel }, at: now }, triaged]);
      if (extra) await extra(trx, id);
      await ctx.events.emit(trx, 'complaint.created', { complaintId: id });
    });
  } catch (e) {
    // Another request with the same key won the race; answer with its complaint.
    if (e instanceof IdempotencyRace && scopeKey) {
      // The winner may not be committed yet (SQLite group commit): answer from committed data only.
      await openWritesCommitted(ctx.db, ctx.dialect);
      const replay = await replayFor(ctx, scopeKey, requestHash);
      if (replay) return replay;
    }
    throw e;
  }
  ctx.events.flush();
  intakeCounter(ctx.metrics).inc({ channel: body.channel });
  return { complaint: { ...presentComplaint(row!), triage: triageService(ctx).present(triage, localeOf(actor.locale)) }, accessCode: code, replayed: false };
}

async function replayFor(ctx: AppContext, scopeKey: string, requestHash: string): Promise<CreateResult | undefined> {
  const hit = await repo.findIdempotencyKey(ctx.db, scopeKey);
  if (!hit) return undefined;
  if (hit.request_hash !== requestHash) {
    throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used with a different request body');
  }
  const row = await repo.getComplaint(ctx.db, hit.complaint_id);
  const triage = (await triageService(ctx).presentFor([row!.id])).get(row!.id) ?? null;
  return { complaint: { ...presentComplaint(row!), triage }, replayed: true };
}

class IdempotencyRace extends Error {}
