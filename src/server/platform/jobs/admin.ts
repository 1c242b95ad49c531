// Admin views of the scheduler: job lists, retries, counts and the backlog (back-pressure).
import type { Db } from '../db/index.js';
import type { JobTable } from '../db/schema.js';

export interface JobListFilter {
  status?: string;
  type?: string;
  afterId?: string;
  limit: number;
}

export async function listJobs(db: Db, f: JobListFilter) {
  let q = db.selectFrom('jobs').selectAll();
  if (f.status) q = q.where('status', '=', f.status);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.afterId) q = q.where('id', '<', f.afterId);
  return q.orderBy('id', 'desc').limit(f.limit + 1).execute();
}

/** Makes a dead (or failed-and-waiting) job run again now with a fresh attempt budget. */
export async function retryJob(db: Db, id: string, now = Date.now()): Promise<JobTable | undefined> {
  await db
    .updateTable('jobs')
    .set({ status: 'pending', attempts: 0, run_at: now, lease_owner: null, lease_expires_at: null, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['dead', 'pending'])
    .execute();
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function jobCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Per type: jobs due and waiting, how late the oldest of them is, and how many are running. */
export async function jobBacklog(db: Db, now: number): Promise<Record<string, { due: number; running: number; oldestDueMs: number | null }>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['type', 'status', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.min('run_at').as('oldest')])
    .where((eb) => eb.or([eb('status', '=', 'running'), eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)])]))
    .groupBy(['type', 'status'])
    .execute();
  const out: Record<string, { due: number; running: number; oldestDueMs: number | null }> = {};
  for (const r of rows) {
    const t = (out[r.type] ??= { due: 0, running: 0, oldestDueMs: null });
    if (r.status === 'running') t.running = Number(r.n);
    else {
      t.due = Number(r.n);
      t.oldestDueMs = r.oldest == null ? null : Math.max(0, now - Number(r.oldest));
    }
  }
  return out;
}
