import type { Actor } from '../../platform/auth/actor.js';
import { notFound } from '../../platform/http/problem.js';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.js';
import { canSee } from '../complaints/complaint.policy.js';
import type { TriageService } from './triage.service.js';
import * as repo from './triage.repo.js';

/** Reading stored clusters of near-duplicate complaints (GET /clusters, /clusters/:id). */

export async function listClusters(svc: TriageService, q: { mass?: boolean; cursor?: string; limit?: number }) {
  const limit = q.limit ?? 50;
  const rows = await repo.listClusters(svc.ctx.db, { mass: q.mass, afterId: decodeCursor(q.cursor), limit });
  const items = rows.slice(0, limit).map(presentCluster);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
}

export async function getCluster(svc: TriageService, actor: Actor, id: string) {
  const c = await repo.getCluster(svc.ctx.db, id);
  if (!c) throw notFound('Cluster');
  const members = await repo.clusterMembers(svc.ctx.db, id);
  const visible = members.filter((m) => canSee(actor, m));
  return {
    ...presentCluster(c),
    members: visible.map((m) => ({ id: m.id, trackingNo: m.tracking_no, subject: m.subject, status: m.status, level: m.level, categoryId: m.category_id, createdAt: new Date(Number(m.created_at)).toISOString() })),
    hiddenMembers: members.length - visible.length,
  };
}


function presentCluster(c: NonNullable<Awaited<ReturnType<typeof repo.getCluster>>>) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
  return { id: c.id, size: Number(c.size), mass: !!c.mass, massAt: iso(c.mass_at), firstAt: iso(c.first_at), lastAt: iso(c.last_at), representativeId: c.representative_id, subject: c.subject };
}
