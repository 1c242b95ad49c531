import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../platform/db/schema.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { insertTimeline } from './complaint.repo.js';

export interface Activity {
  complaintId: string;
  actorId: string | null;
  /** Timeline kind: created, status_changed, note, reply, plan_submitted, plan_decided, attachment, updated, … */
  kind: string;
  visibility?: 'internal' | 'public';
  body?: string | null;
  data?: Record<string, unknown>;
  at?: number;
}

/**
 * The one way to record what happened to a complaint: append-only timeline entries and the matching
 * audit-log entries, in the caller's transaction. Several at once share two statements.
 */
export async function recordActivity(trx: Transaction<Database>, activities: Activity | Activity[]): Promise<void> {
  const list = Array.isArray(activities) ? activities : [activities];
  if (!list.length) return;
  const now = Date.now();
  await insertTimeline(
    trx,
    list.map((a) => ({
      id: uuidv7(),
      complaint_id: a.complaintId,
      kind: a.kind,
      actor_id: a.actorId,
      visibility: a.visibility ?? 'internal',
      body: a.body ?? null,
      data: JSON.stringify(a.data ?? {}),
      created_at: a.at ?? now,
    })),
  );
  await appendAudit(
    trx,
    list.map((a) => ({ actorId: a.actorId, action: `complaint.${a.kind}`, entityType: 'complaint', entityId: a.complaintId, data: a.data, at: a.at ?? now })),
  );
}
