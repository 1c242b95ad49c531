/** Opinion alert routes (list, one with its mentions, acknowledge, close), heat series and rebuild, and mention actions (promote, attach, links). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { badRequest, notFound } from '../../platform/http/problem.js';
import { Id } from '../../platform/http/schemas.js';
import { attachMention, complaintConversation, linksOfMention, promoteMention } from './opinion.actions.js';
import { acknowledgeAlert, alertMarks, closeAlert, getAlert, listAlerts } from './opinion.alerts.queries.js';
import { AckBody, AlertDetailOut, AlertListOut, AlertListQuery, AttachBody, CloseBody, ConversationOut, HeatOut, HeatQuery, LinkListOut, LinkOut, PromoteBody, PromoteOut, RebuildOut } from './opinion.alerts.schema.js';
import { GRANULARITIES, heatSeries, rebuildHeat } from './opinion.heat.js';

const tags = ['opinion'];
const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
const read = { permission: 'opinion.read' } as const;
const manage = { permission: 'opinion.manage' } as const;
export const HEAT_FORMULA = 'heat = Σ (1 + log10(1 + reposts + comments + likes)) × (1 + p_negative)';

const parseTime = (v: string | undefined, d: number, field: string) => {
  if (v === undefined) return d;
  const t = Date.parse(v);
  if (!Number.isFinite(t)) throw badRequest('invalid_time', `${field} is not a date-time`);
  return t;
};

export async function opinionAlertRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/opinion/alerts', { config: read, schema: { tags, summary: 'Spike alerts (舆情预警), newest first: by watchlist and status (active = open or acknowledged)', querystring: AlertListQuery, response: { 200: AlertListOut } } }, async (req) => listAlerts(ctx, req.query));
  r.get('/opinion/alerts/:id', { config: read, schema: { tags, summary: 'One alert with the mentions that drove it (top by heat) and their clusters', params: IdParams, response: { 200: AlertDetailOut } } }, async (req) => getAlert(ctx, req.params.id));
  r.post('/opinion/alerts/:id/acknowledge', { config: { ...manage, errors: [409] }, schema: { tags, summary: 'Acknowledge an alert, with an optional note (audited); the detector keeps updating its level', params: IdParams, body: AckBody, response: { 200: AlertDetailOut } } }, async (req) =>
    acknowledgeAlert(ctx, actorOf(req), req.params.id, req.body.note ?? null),
  );
  r.post('/opinion/alerts/:id/close', { config: { ...manage, errors: [409] }, schema: { tags, summary: 'Close an alert with a note (audited); a later rise opens a new one', params: IdParams, body: CloseBody, response: { 200: AlertDetailOut } } }, async (req) =>
    closeAlert(ctx, actorOf(req), req.params.id, req.body.note),
  );

  r.get('/opinion/watchlists/:id/heat', { config: read, schema: { tags, summary: `A watchlist's volume, negative share, reach and heat per 5 minutes or per hour (default: the last 24 hours, hourly), with its alerts; ${HEAT_FORMULA}`, params: IdParams, querystring: HeatQuery, response: { 200: HeatOut } } }, async (req) => {
    const w = await ctx.db.selectFrom('opinion_watchlists').select('id').where('id', '=', req.params.id).executeTakeFirst();
    if (!w) throw notFound('Watchlist');
    const g = req.query.granularity ?? '1h';
    const to = parseTime(req.query.to, Date.now(), 'to');
    const from = parseTime(req.query.from, to - 86_400_000, 'from');
    if (from >= to) throw badRequest('invalid_range', 'from must be before to');
    if ((to - from) / GRANULARITIES[g] > 5000) throw badRequest('range_too_long', 'At most 5,000 windows at a time');
    const points = await heatSeries(ctx.db, w.id, g, from, to);
    return { watchlistId: w.id, granularity: g, formula: HEAT_FORMULA, points: points.map((p) => ({ ...p, start: new Date(p.start).toISOString() })), alerts: await alertMarks(ctx, w.id, from, to) };
  });
  r.post('/opinion/watchlists/:id/heat/rebuild', { config: manage, schema: { tags, summary: "Recompute a watchlist's heat buckets from its stored matches", params: IdParams, response: { 200: RebuildOut } } }, async (req) => {
    const w = await ctx.db.selectFrom('opinion_watchlists').select('id').where('id', '=', req.params.id).executeTakeFirst();
    if (!w) throw notFound('Watchlist');
    return { watchlistId: w.id, mentions: await rebuildHeat(ctx.db, w.id) };
  });

  r.post('/opinion/mentions/:id/promote', { config: { ...manage, errors: [409] }, schema: { tags, summary: "Promote a mention to a complaint (channel social, the author's public handle as the complainant, the link on the complaint's timeline)", params: IdParams, body: PromoteBody, response: { 201: PromoteOut } } }, async (req, reply) =>
    reply.code(201).send(await promoteMention(ctx, actorOf(req), req.params.id, req.body)),
  );
  r.post('/opinion/mentions/:id/attach', { config: { ...manage, errors: [409] }, schema: { tags, summary: 'Attach a mention to an existing complaint or incident (exactly one of complaintId, incidentId)', params: IdParams, body: AttachBody, response: { 201: LinkOut } } }, async (req, reply) =>
    reply.code(201).send(await attachMention(ctx, actorOf(req), req.params.id, req.body)),
  );
  r.get('/opinion/mentions/:id/links', { config: read, schema: { tags, summary: 'What a mention became or joined (complaints, incidents)', params: IdParams, response: { 200: LinkListOut } } }, async (req) => ({ items: await linksOfMention(ctx, req.params.id) }));
  r.get('/complaints/:id/mentions', { config: { permission: 'complaint.read' }, schema: { tags: ['complaints'], summary: 'The public conversation about a complaint: the mentions promoted to it or attached to it', params: IdParams, response: { 200: ConversationOut } } }, async (req) =>
    complaintConversation(ctx, actorOf(req), req.params.id),
  );
}
