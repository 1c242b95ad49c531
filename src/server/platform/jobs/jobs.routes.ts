import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { AppContext } from '../../context.js';
import type { JobTable } from '../db/schema.js';
import { actorOf } from '../auth/authenticate.js';
import { decodeCursor, encodeCursor } from '../http/pagination.js';
import { conflict, notFound } from '../http/problem.js';
import { appendAudit } from '../audit/audit.js';
import { jobBacklog, jobCounts, listJobs, retryJob } from './jobs.js';
import { JobListOut, JobOut, JobStatsOut, type JobStatus } from './jobs.schema.js';

const tags = ['admin'];
const at = (ms: number) => new Date(Number(ms)).toISOString();
const iso = (ms: number | null) => (ms === null ? null : at(ms));

function presentJob(j: JobTable): Static<typeof JobOut> {
  let payload: unknown;
  try {
    payload = JSON.parse(j.payload);
  } catch {
    payload = j.payload;
  }
  return {
    id: j.id,
    type: j.type,
    status: j.status as Static<typeof JobStatus>,
    runAt: at(j.run_at),
    attempts: Number(j.attempts),
    maxAttempts: Number(j.max_attempts),
    dedupeKey: j.dedupe_key,
    leaseOwner: j.lease_owner,
    leaseExpiresAt: iso(j.lease_expires_at),
    lastError: j.last_error,
    payload,
    createdAt: at(j.created_at),
    updatedAt: at(j.updated_at),
  };
}

const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('dead')])),
    type: Type.Optional(Type.String({ maxLength: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

/** Jobs admin: see dead (and other) jobs, retry one. */
export async function jobRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/admin/jobs', { config: { permission: 'jobs.manage' }, schema: { tags, summary: 'Jobs of the scheduler, newest first (e.g. ?status=dead)', querystring: ListQuery, response: { 200: JobListOut } } }, async (req) => {
    const limit = req.query.limit ?? 50;
    const rows = await listJobs(ctx.db, { status: req.query.status, type: req.query.type, afterId: decodeCursor(req.query.cursor), limit });
    const items = rows.slice(0, limit).map(presentJob);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null, counts: await jobCounts(ctx.db) };
  });
  r.get('/admin/jobs/stats', { config: { permission: 'jobs.manage' }, schema: { tags, summary: 'Back-pressure: jobs due and running per type (how late the oldest due one is), and this instance’s lanes', response: { 200: JobStatsOut } } }, async () => {
    return { backlog: await jobBacklog(ctx.db, ctx.jobs.now()), counts: await jobCounts(ctx.db), instance: ctx.jobs.stats() };
  });
  r.post('/admin/jobs/:id/retry', { config: { permission: 'jobs.manage' }, schema: { tags, summary: 'Run a dead job again now with a fresh attempt budget', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: JobOut } } }, async (req) => {
    const actor = actorOf(req);
    const before = await ctx.db.selectFrom('jobs').select(['id', 'status', 'type']).where('id', '=', req.params.id).executeTakeFirst();
    if (!before) throw notFound('Job');
    if (before.status !== 'dead' && before.status !== 'pending') throw conflict('job_not_retryable', `A ${before.status} job cannot be retried`);
    const job = await retryJob(ctx.db, before.id, ctx.jobs.now());
    await appendAudit(ctx.db, { actorId: actor.id, action: 'job.retry', entityType: 'job', entityId: before.id, data: { type: before.type, from: before.status } });
    ctx.jobs.kick();
    return presentJob(job!);
  });
}
