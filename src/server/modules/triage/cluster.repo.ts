import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import type { ClusterTable, Database } from '../../platform/db/schema.js';

/** SQL for reading clusters within what a user may see and for a coordinator's merge, split and dismiss. */

type Tx = Kysely<Database> | Transaction<Database>;

/** Who may see which complaints: undefined = everything (complaint.read_all). */
export type Scope = { departmentIds: string[]; userId: string } | undefined;

/**
 * Clusters newest first, dismissed ones left out; with a scope, only clusters with a member the user
 * may see, and each with the subject of its first such member (never a hidden representative's).
 */
export async function listVisibleClusters(db: Tx, f: { mass?: boolean; afterId?: string; limit: number; scope: Scope }) {
  const scope = f.scope;
  const visibleMembers = (eb: ExpressionBuilder<Database & { cl: ClusterTable }, 'cl'>) => {
    const m = eb.selectFrom('complaint_triage as t').innerJoin('complaints as c', 'c.id', 't.complaint_id').whereRef('t.cluster_id', '=', 'cl.id');
    return scope ? m.where((w) => w.or([w('c.owner_id', '=', scope.userId), ...(scope.departmentIds.length ? [w('c.department_id', 'in', scope.departmentIds)] : [])])) : m;
  };
  let q = db
    .selectFrom('clusters as cl')
    .selectAll('cl')
    .select((eb) => visibleMembers(eb).select('c.subject').orderBy('c.id').limit(1).as('visible_subject'))
    .where('cl.dismissed_at', 'is', null);
  if (scope) q = q.where((eb) => eb.exists(visibleMembers(eb).select('c.id')));
  if (f.mass !== undefined) q = q.where('cl.mass', '=', f.mass ? 1 : 0);
  if (f.afterId) q = q.where('cl.id', '<', f.afterId);
  return (await q.orderBy('cl.id', 'desc').limit(f.limit + 1).execute()) as Array<Selectable<ClusterTable> & { visible_subject: string | null }>;
}

/** Detaches complaints from whatever cluster they are in (triage rows and signatures). */
export async function detach(trx: Tx, complaintIds: string[]): Promise<void> {
  if (!complaintIds.length) return;
  await trx.updateTable('complaint_triage').set({ cluster_id: null }).where('complaint_id', 'in', complaintIds).execute();
  await trx.updateTable('complaint_signatures').set({ cluster_id: null }).where('complaint_id', 'in', complaintIds).execute();
}

export async function memberIds(db: Tx, clusterId: string): Promise<string[]> {
  return (await db.selectFrom('complaint_triage').select('complaint_id').where('cluster_id', '=', clusterId).orderBy('complaint_id').execute()).map((r) => r.complaint_id);
}

export async function updateCluster(trx: Tx, id: string, patch: Partial<Pick<Database['clusters'], 'size' | 'mass' | 'mass_at' | 'first_at' | 'last_at' | 'dismissed_at' | 'dismissed_by' | 'updated_at' | 'representative_id' | 'subject'>>): Promise<void> {
  await trx.updateTable('clusters').set(patch).where('id', '=', id).execute();
}
