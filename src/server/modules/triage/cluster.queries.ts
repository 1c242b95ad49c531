import { can, type Actor } from '../../platform/auth/actor.js';
import { notFound } from '../../platform/http/problem.js';
import type { Status } from '../../../shared/enums.js';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.js';
import { canSee, listScope } from '../complaints/complaint.policy.js';
import type { TriageService } from './triage.service.js';
import * as repo from './triage.repo.js';
import { listVisibleClusters } from './cluster.repo.js';

/**
 * Reading stored clusters (GET /clusters, /clusters/:id) within what the user may see: a handler
 * sees the clusters that hold a complaint of their departments (or their own), each under the
 * subject of such a member — never a hidden representative's subject or id.
 */

export async function listClusters(svc: TriageService, actor: Actor, q: { mass?: boolean; cursor?: string; limit?: number }) {
  const limit = q.limit ?? 50;
  const scope = listScope(actor);
  const rows = await listVisibleClusters(svc.ctx.db, { mass: q.mass, afterId: decodeCursor(q.cursor), limit, scope });
  const items = rows.slice(0, limit).map((c) => ({
    ...presentCluster(c),
    subject: scope ? (c.visible_subject ?? '') : c.subject,
    representativeId: scope ? null : c.representative_id,
  }));
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
}

export async function getCluster(svc: TriageService, actor: Actor, id: string) {
  const c = await repo.getCluster(svc.ctx.db, id);
  if (!c || c.dismissed_at !== null) throw notFound('Cluster');
  const members = await repo.clusterMembers(svc.ctx.db, id);
  const visible = members.filter((m) => canSee(actor, m));
  // A cluster the user sees nothing of does not exist for them.
  if (!visible.length && !can(actor, 'complaint.read_all')) throw notFound('Cluster');
  const representativeVisible = visible.some((m) => m.id === c.representative_id) || can(actor, 'complaint.read_all');
  return {
    ...presentCluster(c),
    subject: representativeVisible ? c.subject : (visible[0]?.subject ?? ''),
    representativeId: representativeVisible ? c.representative_id : null,
    members: visible.map((m) => ({ id: m.id, trackingNo: m.tracking_no, subject: m.subject, status: m.status as Status, level: m.level, categoryId: m.category_id, createdAt: new Date(Number(m.created_at)).toISOString() })),
    hiddenMembers: members.length - visible.length,
  };
}

function presentCluster(c: NonNullable<Awaited<ReturnType<typeof repo.getCluster>>>) {
  const iso = (ms: number) => new Date(Number(ms)).toISOString();
  return { id: c.id, size: Number(c.size), mass: !!c.mass, massAt: c.mass_at === null ? null : iso(c.mass_at), firstAt: iso(c.first_at), lastAt: iso(c.last_at), representativeId: c.representative_id as string | null, subject: c.subject };
}
