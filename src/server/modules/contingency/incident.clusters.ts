// Incidents follow a coordinator's cluster corrections (triage cluster.actions.ts): the incident keyed
// `cluster:<id>` stays true to the cluster after a merge or a split. Subscribers in the event
// delivery's transaction, like the activation triggers.
//  - merge: the surviving cluster's incident (else the oldest running incident of an absorbed cluster,
//    which takes over the surviving cluster's key) links every member; each other absorbed incident is
//    not closed — both timelines record the merge, and commanders decide.
//  - split: complaints split off stay linked; every incident covering them records the split.
import type { AppContext } from '../../context.js';
import type { Delivery, DomainEvent } from '../../platform/events/events.js';
import { linkToIncident, type AfterCommit } from './incident.activation.js';
import { recordIncident } from './incident.timeline.js';
import { eventBase } from './incident.timers.js';
import * as repo from './incident.repo.js';

type Trx = Delivery['trx'];

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : []);
const actorOf = (d: Record<string, unknown>) => (typeof d.actorId === 'string' ? d.actorId : null);

export class IncidentClusterFollow {
  constructor(private readonly ctx: AppContext) {}

  register(): void {
    const on = (type: string, fn: (d: Record<string, unknown>, trx: Trx, after: AfterCommit) => Promise<void>) =>
      this.ctx.events.on(type, async (e: DomainEvent<Record<string, unknown>>, delivery) => {
        const after: AfterCommit = { emitted: false, wakeAt: Infinity };
        await fn(e.data ?? {}, delivery.trx, after);
        if (after.emitted) delivery.afterCommit(this.flush);
      });
    on('triage.clusters_merged', (d, trx, after) => this.onMerged(d, trx, after));
    on('triage.cluster_split', (d, trx, after) => this.onSplit(d, trx, after));
  }

  private readonly flush = () => this.ctx.events.flush();

  async onMerged(d: Record<string, unknown>, trx: Trx, after: AfterCommit): Promise<void> {
    const clusterId = typeof d.clusterId === 'string' ? d.clusterId : undefined;
    if (!clusterId) return;
    const mergedIds = strings(d.mergedClusterIds).filter((x) => x !== clusterId);
    const actorId = actorOf(d);
    const own = await repo.findByTrigger(trx, `cluster:${clusterId}`);
    const absorbed: { clusterId: string; incident: repo.IncidentRow }[] = [];
    for (const id of mergedIds) {
      const incident = await repo.findByTrigger(trx, `cluster:${id}`);
      if (incident && incident.status !== 'closed') absorbed.push({ clusterId: id, incident });
    }
    absorbed.sort((a, b) => a.incident.activated_at - b.incident.activated_at || (a.incident.id < b.incident.id ? -1 : 1));
    let surviving = own && own.status !== 'closed' ? own : undefined;
    const now = this.ctx.jobs.now();
    if (!surviving && absorbed.length) {
      const first = absorbed.shift()!;
      surviving = first.incident;
      // The absorbed cluster lives on under the surviving id: its incident takes that key (when free),
      // so a later mass-complaint announcement of the merged cluster joins it instead of opening another.
      if (!own) {
        await repo.updateIncident(trx, surviving.id, { trigger_key: `cluster:${clusterId}` });
        surviving = { ...surviving, trigger_key: `cluster:${clusterId}` };
      }
      await this.record(trx, surviving, 'cluster_merged', { clusterId, fromClusterId: first.clusterId, mergedClusterIds: mergedIds, rekeyed: !own }, actorId, now, after);
    }
    if (!surviving) return;
    const members = await repo.clusterMembers(trx, clusterId);
    await linkToIncident(this.ctx, trx, surviving, members, 'cluster', actorId, after);
    for (const a of absorbed) {
      if (a.incident.id === surviving.id) continue;
      // Both stay open: the other incident's commander decides whether to stand it down.
      await this.record(trx, surviving, 'cluster_merged', { clusterId, fromClusterId: a.clusterId, absorbedIncidentId: a.incident.id, absorbedCode: a.incident.code }, actorId, now, after);
      await this.record(trx, a.incident, 'cluster_merged', { clusterId, fromClusterId: a.clusterId, survivingIncidentId: surviving.id, survivingCode: surviving.code }, actorId, now, after);
    }
  }

  async onSplit(d: Record<string, unknown>, trx: Trx, after: AfterCommit): Promise<void> {
    const clusterId = typeof d.clusterId === 'string' ? d.clusterId : undefined;
    const removed = strings(d.removedComplaintIds);
    if (!clusterId || !removed.length) return;
    const own = await repo.findByTrigger(trx, `cluster:${clusterId}`);
    const covering = await repo.openIncidentsCovering(trx, removed);
    const incidents = new Map(covering.map((i) => [i.id, i]));
    if (own && own.status !== 'closed') incidents.set(own.id, own);
    const now = this.ctx.jobs.now();
    for (const incident of incidents.values()) {
      const linked = new Set((await repo.linkedComplaints(trx, incident.id)).map((c) => c.id));
      // The links stay: a complaint split off the cluster still belongs to the incident that handled it.
      await this.record(trx, incident, 'cluster_split', { clusterId, complaintIds: removed.filter((c) => linked.has(c)), dissolved: d.dissolved === true }, actorOf(d), now, after);
    }
  }

  private async record(trx: Trx, incident: repo.IncidentRow, kind: string, data: Record<string, unknown>, actorId: string | null, at: number, after: AfterCommit): Promise<void> {
    await recordIncident(trx, { incidentId: incident.id, actorId, kind, data, at });
    await this.ctx.events.emit(trx, `incident.${kind}`, { ...eventBase(incident), ...data });
    after.emitted = true;
  }
}
