import type { Actor } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { badRequest, conflict, notFound } from '../../platform/http/problem.js';
import type { TriageService } from './triage.service.js';
import * as repo from './triage.repo.js';
import { detach, memberIds, updateCluster } from './cluster.repo.js';

/**
 * A coordinator's corrections of clusters: merge clusters about one event, split complaints off a
 * cluster they do not belong to, dismiss a cluster that is no event. Each is one transaction with
 * its audit entry; afterwards this instance rebuilds its index from the stored clusters, so the
 * next complaint is judged against the corrected ones (other instances at their next restart or
 * settings change).
 */

async function openCluster(svc: TriageService, id: string) {
  const c = await repo.getCluster(svc.ctx.db, id);
  if (!c || c.dismissed_at !== null) throw notFound('Cluster');
  return c;
}

/** Moves the members of `others` into `id`; sizes add up, a mass flag carries over. */
export async function mergeClusters(svc: TriageService, actor: Actor, id: string, others: string[]) {
  const ids = [...new Set(others)].filter((o) => o !== id);
  if (!ids.length) throw badRequest('nothing_to_merge', 'Name at least one other cluster to merge into this one');
  const target = await openCluster(svc, id);
  const sources = await Promise.all(ids.map((o) => openCluster(svc, o)));
  const now = Date.now();
  await svc.ctx.db.transaction().execute(async (trx) => {
    const before = new Set(await memberIds(trx, id));
    await repo.relinkCluster(trx, id, [id, ...ids]);
    const members = await memberIds(trx, id);
    const size = members.length;
    const mass = target.mass || sources.some((s) => s.mass) ? 1 : 0;
    await updateCluster(trx, id, {
      size,
      mass,
      mass_at: mass ? Math.min(...[target, ...sources].map((s) => Number(s.mass_at ?? now))) : null,
      first_at: Math.min(...[target, ...sources].map((s) => Number(s.first_at))),
      last_at: Math.max(...[target, ...sources].map((s) => Number(s.last_at))),
      updated_at: now,
    });
    await appendAudit(trx, { actorId: actor.id, action: 'cluster.merge', entityType: 'cluster', entityId: id, data: { merged: ids, size } });
    // Incidents keyed by these clusters follow (modules/contingency incident.clusters.ts). The cluster id
    // is the partition key, as for triage.mass_complaint, so the two are delivered in order.
    const moved = members.filter((m) => !before.has(m));
    await svc.ctx.events.emit(trx, 'triage.clusters_merged', { clusterId: id, complaintId: id, mergedClusterIds: ids, movedComplaintIds: moved, size, actorId: actor.id });
  });
  svc.ctx.events.flush();
  await svc.rebuildIndex();
}

/** Takes complaints out of a cluster; a cluster left with fewer than two members is dissolved. */
export async function splitCluster(svc: TriageService, actor: Actor, id: string, complaintIds: string[]) {
  const c = await openCluster(svc, id);
  const members = await memberIds(svc.ctx.db, id);
  const out = [...new Set(complaintIds)];
  const foreign = out.filter((x) => !members.includes(x));
  if (!out.length || foreign.length) throw badRequest('not_members', foreign.length ? `Not members of this cluster: ${foreign.join(', ')}` : 'Name the complaints to take out of the cluster', { complaintIds: foreign });
  const rest = members.filter((m) => !out.includes(m));
  const now = Date.now();
  await svc.ctx.db.transaction().execute(async (trx) => {
    if (rest.length < 2) {
      await detach(trx, members);
      await updateCluster(trx, id, { size: rest.length, dismissed_at: now, dismissed_by: actor.id, updated_at: now });
    } else {
      await detach(trx, out);
      // The stored size also counts members older than the link window: lower it by what left.
      await updateCluster(trx, id, { size: Math.max(rest.length, Number(c.size) - out.length), updated_at: now });
    }
    await appendAudit(trx, { actorId: actor.id, action: 'cluster.split', entityType: 'cluster', entityId: id, data: { removed: out, remaining: rest.length } });
    await svc.ctx.events.emit(trx, 'triage.cluster_split', { clusterId: id, complaintId: id, removedComplaintIds: out, dissolved: rest.length < 2, remaining: rest.length, actorId: actor.id });
  });
  svc.ctx.events.flush();
  await svc.rebuildIndex();
}

/** Not one event: every member is detached; the row stays (dismissed) as the record. */
export async function dismissCluster(svc: TriageService, actor: Actor, id: string, reason: string) {
  if (!reason.trim()) throw badRequest('reason_required', 'Say why the complaints are not one event');
  await openCluster(svc, id);
  const members = await memberIds(svc.ctx.db, id);
  const now = Date.now();
  await svc.ctx.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('clusters').set({ dismissed_at: now, dismissed_by: actor.id, updated_at: now }).where('id', '=', id).where('dismissed_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw conflict('cluster_changed', 'The cluster was changed meanwhile; reload it');
    await detach(trx, members);
    await appendAudit(trx, { actorId: actor.id, action: 'cluster.dismiss', entityType: 'cluster', entityId: id, data: { reason: reason.trim(), members } });
  });
  await svc.rebuildIndex();
}
