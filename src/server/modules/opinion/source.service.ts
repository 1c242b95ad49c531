/**
 * Opinion sources: feeds (polled on the scheduler; the URL checked like an outbound webhook's) and push
 * gateways (a per-source HMAC secret, shown once on creation and on rotation, stored encrypted).
 * Changes are audited.
 */
import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { OpinionSourceTable } from '../../platform/db/schema.js';
import { badRequest, notFound } from '../../platform/http/problem.js';
import { checkWebhookUrl } from '../../platform/notify/webhook-target.js';
import { armPoll, FEED_POLL_JOB, pollKey } from './feed.poll.js';

export interface SourceIn {
  name: string;
  kind: 'feed' | 'push';
  url?: string;
  intervalSeconds?: number;
  enabled?: boolean;
}
export interface SourcePatch {
  name?: string;
  url?: string;
  intervalSeconds?: number;
  enabled?: boolean;
  rotateSecret?: boolean;
}

export const DEFAULT_INTERVAL_S = 900;

export function presentSource(s: OpinionSourceTable) {
  const health = !s.enabled ? 'disabled' : s.kind === 'push' ? (s.items_total > 0 ? 'ok' : 'idle') : s.last_polled_at === null ? 'pending' : s.consecutive_failures > 0 ? 'failing' : 'ok';
  const iso = (t: number | null) => (t === null ? null : new Date(Number(t)).toISOString());
  return {
    id: s.id,
    name: s.name,
    kind: s.kind as 'feed' | 'push',
    url: s.url,
    intervalSeconds: s.interval_s,
    enabled: !!s.enabled,
    itemsTotal: Number(s.items_total),
    health: {
      status: health as 'ok' | 'failing' | 'pending' | 'idle' | 'disabled',
      lastPolledAt: iso(s.last_polled_at),
      lastOkAt: iso(s.last_ok_at),
      lastError: s.last_error,
      lastErrorAt: iso(s.last_error_at),
      consecutiveFailures: s.consecutive_failures,
      nextPollAt: iso(s.next_poll_at),
    },
    createdAt: new Date(Number(s.created_at)).toISOString(),
    updatedAt: new Date(Number(s.updated_at)).toISOString(),
  };
}

const newSecret = () => crypto.randomBytes(32).toString('base64url');

function checkFeedUrl(ctx: AppContext, url: string | undefined): string {
  if (!url) throw badRequest('feed_url_required', 'A feed source needs its URL');
  const p = checkWebhookUrl(url, { allowPrivate: ctx.config.webhookAllowPrivate });
  if (p) throw badRequest(p.code.replace(/^webhook_/, 'feed_'), p.message);
  return url;
}

export async function getSourceRow(ctx: AppContext, id: string): Promise<OpinionSourceTable> {
  const s = await ctx.db.selectFrom('opinion_sources').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw notFound('Source');
  return s;
}

export async function listSources(ctx: AppContext) {
  const rows = await ctx.db.selectFrom('opinion_sources').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(presentSource);
}

export async function createSource(ctx: AppContext, actor: Actor, body: SourceIn) {
  const now = Date.now();
  const url = body.kind === 'feed' ? checkFeedUrl(ctx, body.url) : null;
  if (body.kind === 'push' && body.url) throw badRequest('push_source_url', 'A push source has no URL: its gateway posts to /api/v1/opinion/mentions');
  const secret = body.kind === 'push' ? newSecret() : null;
  const row: OpinionSourceTable = {
    id: uuidv7(),
    name: body.name,
    kind: body.kind,
    url,
    interval_s: body.intervalSeconds ?? DEFAULT_INTERVAL_S,
    secret_enc: secret ? ctx.fieldCrypto.encrypt(secret) : null,
    enabled: body.enabled === false ? 0 : 1,
    etag: null,
    last_modified: null,
    last_polled_at: null,
    last_ok_at: null,
    last_error: null,
    last_error_at: null,
    consecutive_failures: 0,
    next_poll_at: null,
    items_total: 0,
    created_by: actor.id,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('opinion_sources').values(row).execute();
    await appendAudit(trx, { actorId: actor.id, action: 'opinion.source_created', entityType: 'opinion_source', entityId: row.id, data: { name: row.name, kind: row.kind, url } });
  });
  if (row.kind === 'feed' && row.enabled) await armPoll(ctx, row.id, ctx.jobs.now());
  return { ...presentSource(await getSourceRow(ctx, row.id)), ...(secret ? { secret } : {}) };
}

export async function updateSource(ctx: AppContext, actor: Actor, id: string, patch: SourcePatch) {
  const s = await getSourceRow(ctx, id);
  const set: Partial<OpinionSourceTable> = { updated_at: Date.now() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.url !== undefined) {
    if (s.kind !== 'feed') throw badRequest('push_source_url', 'A push source has no URL');
    set.url = checkFeedUrl(ctx, patch.url);
    // A new URL starts without the old one's validators.
    set.etag = null;
    set.last_modified = null;
  }
  if (patch.intervalSeconds !== undefined) set.interval_s = patch.intervalSeconds;
  if (patch.enabled !== undefined) set.enabled = patch.enabled ? 1 : 0;
  let secret: string | undefined;
  if (patch.rotateSecret) {
    if (s.kind !== 'push') throw badRequest('feed_source_secret', 'A feed source has no secret');
    secret = newSecret();
    set.secret_enc = ctx.fieldCrypto.encrypt(secret);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('opinion_sources').set(set).where('id', '=', id).execute();
    await appendAudit(trx, { actorId: actor.id, action: 'opinion.source_updated', entityType: 'opinion_source', entityId: id, data: { ...patch, rotateSecret: !!patch.rotateSecret } });
  });
  const after = await getSourceRow(ctx, id);
  if (after.kind === 'feed' && after.enabled && (patch.url !== undefined || patch.enabled === true || patch.intervalSeconds !== undefined)) await armPoll(ctx, id, ctx.jobs.now());
  return { ...presentSource(after), ...(secret ? { secret } : {}) };
}

export async function deleteSource(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const s = await getSourceRow(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('opinion_sources').where('id', '=', id).execute();
    await trx.deleteFrom('jobs').where('dedupe_key', '=', pollKey(id)).where('type', '=', FEED_POLL_JOB).execute();
    await appendAudit(trx, { actorId: actor.id, action: 'opinion.source_deleted', entityType: 'opinion_source', entityId: id, data: { name: s.name, kind: s.kind } });
  });
}

/** The push secret of a source, or undefined for an unknown, disabled or non-push source. */
export async function pushSecret(ctx: AppContext, id: string): Promise<string | undefined> {
  const s = await ctx.db.selectFrom('opinion_sources').select(['kind', 'enabled', 'secret_enc']).where('id', '=', id).executeTakeFirst();
  if (!s || s.kind !== 'push' || !s.enabled || !s.secret_enc) return undefined;
  return ctx.fieldCrypto.decrypt(s.secret_enc) ?? undefined;
}
