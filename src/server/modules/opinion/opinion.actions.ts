/**
 * From mention to action: promote a mention to a complaint (channel `social`, through the one intake
 * path, with the acting user), attach it to an existing complaint or incident, and list the public
 * conversation about a complaint (the mentions linked to it). Each link records the author's public
 * handle; the complaint's timeline and audit log get an `opinion_linked` entry (recordActivity), an
 * incident's its `mention_linked` entry (recordIncident).
 */
import { v7 as uuidv7 } from 'uuid';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, OpinionMentionTable } from '../../platform/db/schema.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { badRequest, conflict, notFound } from '../../platform/http/problem.js';
import { recordActivity } from '../complaints/activity.js';
import { loadVisible } from '../complaints/complaint.access.js';
import { createComplaint } from '../complaints/complaint.intake.js';
import { recordIncident } from '../contingency/incident.timeline.js';
import { mentionsByIds } from './mention.queries.js';

export interface PromoteInput {
  subject?: string;
  description?: string;
  categoryId?: string;
  departmentId?: string;
  level?: number;
}

type Trx = Transaction<Database>;

async function mentionRow(ctx: AppContext, id: string): Promise<OpinionMentionTable> {
  const m = await ctx.db.selectFrom('opinion_mentions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!m) throw notFound('Mention');
  return m;
}

const handleOf = (m: OpinionMentionTable) => (m.author ? m.author.trim().slice(0, 100) || null : null);

function linkData(m: OpinionMentionTable, relation: string) {
  return { mentionId: m.id, relation, url: m.url, author: handleOf(m), publishedAt: Number(m.published_at), sentiment: m.sentiment_label };
}

async function insertLink(trx: Trx, m: OpinionMentionTable, targetType: 'complaint' | 'incident', targetId: string, relation: 'promoted' | 'attached', actorId: string | null, now: number) {
  const row = { id: uuidv7(), mention_id: m.id, target_type: targetType, target_id: targetId, relation, author_handle: handleOf(m), created_by: actorId, created_at: now };
  const r = await trx.insertInto('opinion_mention_links').values(row).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  if (!r) throw conflict('mention_already_linked', `The mention is linked to this ${targetType} already`);
  return row;
}

export function presentLink(l: { id: string; mention_id: string; target_type: string; target_id: string; relation: string; author_handle: string | null; created_by: string | null; created_at: number }) {
  return { id: l.id, mentionId: l.mention_id, targetType: l.target_type as 'complaint' | 'incident', targetId: l.target_id, relation: l.relation as 'promoted' | 'attached', authorHandle: l.author_handle, createdBy: l.created_by, createdAt: new Date(Number(l.created_at)).toISOString() };
}

/** A mention becomes a complaint: channel social, the author's handle as the complainant's name, the link on the complaint's timeline. */
export async function promoteMention(ctx: AppContext, actor: Actor, mentionId: string, input: PromoteInput) {
  const m = await mentionRow(ctx, mentionId);
  if (m.dismissed) throw conflict('mention_dismissed', 'A dismissed mention cannot be promoted');
  const promoted = await ctx.db.selectFrom('opinion_mention_links').select('target_id').where('mention_id', '=', m.id).where('relation', '=', 'promoted').executeTakeFirst();
  if (promoted) throw conflict('mention_already_promoted', 'The mention was promoted to a complaint already', { complaintId: promoted.target_id });
  const firstLine = (m.title?.trim() || m.text.split('\n').find((l) => l.trim())?.trim() || m.text).slice(0, 200);
  const handle = handleOf(m);
  const source = [m.url, handle ? `@${handle}` : null, new Date(Number(m.published_at)).toISOString()].filter(Boolean).join(' · ');
  const description = (input.description?.trim() || `${m.title ? `${m.title}\n` : ''}${m.text}\n\n— ${source}`).slice(0, 20_000);
  const now = Date.now();
  let link: Awaited<ReturnType<typeof insertLink>> | undefined;
  const created = await createComplaint(
    ctx,
    actor,
    {
      subject: input.subject?.trim() || firstLine,
      description,
      channel: 'social',
      ...(handle ? { complainant: { name: handle } } : {}),
      ...(input.categoryId ? { categoryId: input.categoryId } : {}),
      ...(input.departmentId ? { departmentId: input.departmentId } : {}),
      ...(input.level ? { level: input.level } : {}),
    },
    `opinion-promote:${m.id}`,
    async (trx, complaintId) => {
      link = await insertLink(trx, m, 'complaint', complaintId, 'promoted', actor.id, now);
      await recordActivity(trx, { complaintId, actorId: actor.id, kind: 'opinion_linked', data: linkData(m, 'promoted'), at: now });
    },
  );
  if (!link) throw conflict('mention_already_promoted', 'The mention was promoted to a complaint already', { complaintId: created.complaint.id });
  return { complaint: { id: created.complaint.id, trackingNo: created.complaint.trackingNo }, link: presentLink(link) };
}

/** A mention joins an existing complaint (one the actor may see) or incident. */
export async function attachMention(ctx: AppContext, actor: Actor, mentionId: string, target: { complaintId?: string; incidentId?: string }) {
  if (!!target.complaintId === !!target.incidentId) throw badRequest('one_target', 'Give exactly one of complaintId and incidentId');
  const m = await mentionRow(ctx, mentionId);
  const now = Date.now();
  if (target.complaintId) {
    const c = await loadVisible(ctx, actor, target.complaintId);
    const link = await ctx.db.transaction().execute(async (trx) => {
      const l = await insertLink(trx, m, 'complaint', c.id, 'attached', actor.id, now);
      await recordActivity(trx, { complaintId: c.id, actorId: actor.id, kind: 'opinion_linked', data: linkData(m, 'attached'), at: now });
      return l;
    });
    return presentLink(link);
  }
  const inc = await ctx.db.selectFrom('incidents').select('id').where('id', '=', target.incidentId!).executeTakeFirst();
  if (!inc) throw notFound('Incident');
  const link = await ctx.db.transaction().execute(async (trx) => {
    const l = await insertLink(trx, m, 'incident', inc.id, 'attached', actor.id, now);
    await recordIncident(trx, { incidentId: inc.id, actorId: actor.id, kind: 'mention_linked', data: linkData(m, 'attached'), at: now });
    return l;
  });
  return presentLink(link);
}

/** The links of a mention (what it became or joined). */
export async function linksOfMention(ctx: AppContext, mentionId: string) {
  await mentionRow(ctx, mentionId);
  const rows = await ctx.db.selectFrom('opinion_mention_links').selectAll().where('mention_id', '=', mentionId).orderBy('created_at').orderBy('id').execute();
  return rows.map(presentLink);
}

/** The public conversation about a complaint: its linked mentions, oldest link first. */
export async function complaintConversation(ctx: AppContext, actor: Actor, complaintId: string) {
  const c = await loadVisible(ctx, actor, complaintId);
  const links = await ctx.db.selectFrom('opinion_mention_links').selectAll().where('target_type', '=', 'complaint').where('target_id', '=', c.id).orderBy('created_at').orderBy('id').execute();
  const mentions = new Map((await mentionsByIds(ctx, links.map((l) => l.mention_id))).map((x) => [x.id, x]));
  return { items: links.filter((l) => mentions.has(l.mention_id)).map((l) => ({ link: presentLink(l), mention: mentions.get(l.mention_id)! })) };
}

/** Audit of an alert being acknowledged or closed by a person. */
export async function auditAlert(trx: Trx, actorId: string, action: 'acknowledged' | 'closed', alertId: string, note: string | null): Promise<void> {
  await appendAudit(trx, { actorId, action: `opinion.alert_${action}`, entityType: 'opinion_alert', entityId: alertId, data: { note } });
}
