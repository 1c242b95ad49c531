// The bulk variant of intake for historical complaints: what createComplaint writes (encrypted
// complainant with blind indexes, complaint row with a tracking number, search-index row, triage,
// timeline + audit through recordActivity) for a batch of rows in the caller's transaction — but no
// domain events: an imported complaint starts no SLA clock and fires no notification, escalation or
// incident trigger. Its received and closed times are the file's; the report rollups are refreshed
// directly. complaint_imports marks it imported and keeps (source, external id) unique.
import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Database } from '../../platform/db/schema.js';
import { sha256 } from '../../platform/auth/tokens.js';
import { recordActivity, type Activity } from '../complaints/activity.js';
import { triageService } from '../triage/triage.service.js';
import { computeTriage, persistTriage, type Prepared } from '../triage/triage.intake.js';
import { addComplaintsStats } from '../reports/rollups.js';
import type { ImportRecord } from './import.rows.js';
import * as repo from './import.repo.js';

/** yyyymmdd of `at` in the organisation's time zone (tracking numbers carry the received day). */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function localDay(at: number, timeZone: string): string {
  let fmt = dayFormats.get(timeZone);
  if (!fmt) dayFormats.set(timeZone, (fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = fmt.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}`;
}

/** Triage before the transaction (in memory): category (the mapping's wins) and level; no clustering, no repeat search. */
export async function prepareBatch(ctx: AppContext, records: ImportRecord[]): Promise<Map<ImportRecord, { id: string; triage: Prepared | null }>> {
  const svc = triageService(ctx);
  let ready = true;
  try {
    await svc.init();
    await svc.refresh();
  } catch (err) {
    ready = false;
    ctx.log.warn({ err }, 'import: triage unavailable; imported complaints keep their mapped category and level');
  }
  const out = new Map<ImportRecord, { id: string; triage: Prepared | null }>();
  for (const r of records) {
    // The id carries the received time (UUIDv7), so lists that page by id keep history in order.
    const id = uuidv7({ msecs: r.receivedAt });
    let triage: Prepared | null = null;
    if (ready) {
      try {
        triage = computeTriage(
          svc,
          { id, subject: r.subject, description: r.description, channel: r.channel, locationText: r.place, flags: {}, categoryId: r.categoryId, level: r.level, phoneBidx: null, emailBidx: null, at: r.receivedAt },
          [],
          { assignCluster: false, mass: false, requestedLevel: r.level },
        );
        // A historical case takes no fast path: nothing live should start for it.
        triage.row.fast_path = 0;
      } catch (err) {
        ctx.log.warn({ err, row: r.row }, 'import: triage failed for a row; it keeps its mapped values');
      }
    }
    out.set(r, { id, triage });
  }
  return out;
}

export interface WriteResult {
  created: number;
  skipped: number;
}

export async function writeBatch(
  ctx: AppContext,
  trx: Transaction<Database>,
  o: { source: string; runId: string; actorId: string | null; records: ImportRecord[]; prepared: Map<ImportRecord, { id: string; triage: Prepared | null }> },
): Promise<WriteResult> {
  const now = Date.now();
  const fc = ctx.fieldCrypto;
  // Claim (source, external id) first: what another run (or an earlier attempt) imported is skipped.
  // An external id repeated in the file: its first row counts, the others are duplicates.
  const seen = new Set<string>();
  const unique = o.records.filter((r) => !seen.has(r.externalId) && !!seen.add(r.externalId));
  const claimed = await repo.claimImports(
    trx,
    unique.map((r) => ({ complaint_id: o.prepared.get(r)!.id, source: o.source, external_id: r.externalId, run_id: o.runId, received_at: r.receivedAt, closed_at: r.closedAt, imported_at: now })),
  );
  const records = unique.filter((r) => claimed.has(r.externalId));
  const activities: Activity[] = [];
  const complainants = [];
  const rows = [];
  // Tracking numbers carry the received day: one counter reservation per day in the batch.
  const days = new Map(records.map((r) => [r, localDay(r.receivedAt, ctx.config.timezone)] as const));
  const perDay = new Map<string, number>();
  for (const d of days.values()) perDay.set(d, (perDay.get(d) ?? 0) + 1);
  const next = new Map<string, number>();
  for (const [day, n] of perDay) next.set(day, (await repo.reserveCounter(trx, `tracking:${day}`, n)) - n + 1);
  for (const r of records) {
    const { id, triage } = o.prepared.get(r)!;
    const complainantId = r.name || r.phone || r.email ? uuidv7({ msecs: r.receivedAt }) : null;
    if (complainantId) {
      complainants.push({
        id: complainantId, name_enc: fc.encrypt(r.name), phone_enc: fc.encrypt(r.phone), email_enc: fc.encrypt(r.email), id_number_enc: null, address_enc: null,
        phone_bidx: fc.blindIndex('phone', r.phone), email_bidx: fc.blindIndex('email', r.email), created_at: r.receivedAt,
      });
    }
    const day = days.get(r)!;
    const seq = next.get(day)!;
    next.set(day, seq + 1);
    const categoryId = r.categoryId ?? triage?.apply.categoryId ?? null;
    const closedAt = r.closedAt ?? r.receivedAt;
    rows.push({
      id, tracking_no: `TS${day}-${String(seq).padStart(6, '0')}`,
      // No access code is handed out for a historical case: a random one nobody knows.
      access_code_hash: sha256(crypto.randomBytes(16).toString('hex')),
      channel: r.channel, subject: r.subject, description: r.description, location_text: r.place, lat: null, lng: null, occurred_at: null,
      category_id: categoryId, level: triage?.apply.level ?? r.level ?? 4, department_id: r.departmentId ?? triage?.apply.departmentId ?? null, owner_id: null,
      status: r.status, flag_personal_safety: triage?.apply.personalSafety ? 1 : 0, flag_property_loss: 0, flag_media_attention: 0, flag_vulnerable_group: 0,
      complainant_id: complainantId, merged_into_id: null, created_by: o.actorId, created_at: r.receivedAt, updated_at: r.status === 'received' ? r.receivedAt : closedAt, version: 1,
    });
  }
  for (let i = 0; i < complainants.length; i += 200) await trx.insertInto('complainants').values(complainants.slice(i, i + 200)).execute();
  for (let i = 0; i < rows.length; i += 100) await trx.insertInto('complaints').values(rows.slice(i, i + 100)).execute();
  for (const r of records) {
    const { id, triage } = o.prepared.get(r)!;
    const closedAt = r.closedAt ?? r.receivedAt;
    await ctx.search.index(trx, id, `${r.subject}\n${r.description}\n${r.place ?? ''}`);
    const imported = { imported: true, source: o.source, externalId: r.externalId };
    activities.push({ complaintId: id, actorId: o.actorId, kind: 'created', visibility: 'public', data: { channel: r.channel, ...imported }, at: r.receivedAt });
    if (triage) activities.push(await persistTriage(triageService(ctx), trx, triage, o.actorId));
    if (r.reply) activities.push({ complaintId: id, actorId: o.actorId, kind: 'reply', visibility: 'public', body: r.reply, data: { action: 'reply', ...imported }, at: closedAt });
    if (r.status !== 'received') {
      const action = r.status === 'closed' ? 'close' : 'reject';
      activities.push({ complaintId: id, actorId: o.actorId, kind: 'status_changed', visibility: 'public', data: { action, from: 'received', to: r.status, ...imported }, at: closedAt });
    }
    activities.push({ complaintId: id, actorId: o.actorId, kind: 'imported', data: { ...imported, runId: o.runId, row: r.row }, at: now });
  }
  await recordActivity(trx, activities);
  await addComplaintsStats(ctx, rows.map((r) => r.id), trx);
  return { created: records.length, skipped: o.records.length - records.length };
}
