// SQL for post-incident reviews (复盘) and their improvement actions (migration 017), and the facts
// the review's metrics are computed from. The only place that touches these tables.
import type { Insertable, Selectable, Transaction, Updateable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Database, IncidentActionTable, IncidentReviewTable } from '../../platform/db/schema.js';
import type { MetricFacts } from './incident.review.metrics.js';
import type { IncidentRow } from './incident.repo.js';
import { tasksOf, timelineOf } from './incident.repo.js';

type Q = Db | Transaction<Database>;
export type ReviewRow = Selectable<IncidentReviewTable>;
export type ActionRow = Selectable<IncidentActionTable>;

const n = (x: number | null) => (x === null ? null : Number(x));

export async function findReview(db: Q, incidentId: string): Promise<ReviewRow | undefined> {
  const r = await db.selectFrom('incident_reviews').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
  return r && { ...r, created_at: Number(r.created_at), updated_at: Number(r.updated_at), completed_at: n(r.completed_at) };
}

export async function upsertReview(trx: Q, row: Insertable<IncidentReviewTable>): Promise<void> {
  await trx
    .insertInto('incident_reviews')
    .values(row)
    .onConflict((oc) => oc.column('incident_id').doUpdateSet({ findings: row.findings, metrics: row.metrics, status: row.status, updated_at: row.updated_at, completed_at: row.completed_at, completed_by: row.completed_by }))
    .execute();
}

const toAction = (r: ActionRow): ActionRow => ({ ...r, due_at: Number(r.due_at), created_at: Number(r.created_at), done_at: n(r.done_at), reminded_at: n(r.reminded_at) });

export async function actionsOf(db: Q, incidentId: string): Promise<ActionRow[]> {
  return (await db.selectFrom('incident_actions').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute()).map(toAction);
}

export async function findAction(db: Q, id: string): Promise<ActionRow | undefined> {
  const r = await db.selectFrom('incident_actions').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toAction(r);
}

export async function insertAction(trx: Q, row: Insertable<IncidentActionTable>): Promise<void> {
  await trx.insertInto('incident_actions').values(row).execute();
}

export async function updateAction(trx: Q, id: string, fromStatus: string, patch: Updateable<IncidentActionTable>): Promise<boolean> {
  const res = await trx.updateTable('incident_actions').set(patch).where('id', '=', id).where('status', '=', fromStatus).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** What the metrics are computed from: the timeline, tasks, and the first call or public reply on a linked complaint. */
export async function metricFacts(db: Q, i: IncidentRow): Promise<MetricFacts> {
  const [timeline, tasks, contact] = await Promise.all([
    timelineOf(db, i.id),
    tasksOf(db, i.id),
    db
      .selectFrom('timeline as t')
      .innerJoin('incident_complaints as ic', 'ic.complaint_id', 't.complaint_id')
      .select((eb) => eb.fn.min('t.created_at').as('at'))
      .where('ic.incident_id', '=', i.id)
      .where('t.kind', 'in', ['call_recorded', 'reply'])
      .where('t.created_at', '>=', i.activated_at)
      .executeTakeFirst(),
  ]);
  return {
    activatedAt: i.activated_at,
    stableAt: i.stable_at,
    resolvedAt: i.resolved_at,
    timeline: timeline.map((e) => ({ kind: e.kind, actorId: e.actor_id, at: Number(e.created_at), data: JSON.parse(e.data) as Record<string, unknown> })),
    tasks: tasks.map((t) => ({ stepKey: t.step_key, status: t.status, dueAt: t.due_at, doneAt: t.done_at, startedAt: t.started_at })),
    firstComplaintContactAt: contact?.at === null || contact?.at === undefined ? null : Number(contact.at),
  };
}
