/** Opinion monitoring routes: sources (+ health), watchlists (+ preview), mentions (list, one, manual entry, dismiss). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { Id } from '../../platform/http/schemas.js';
import { ingestMentions } from './mention.ingest.js';
import { dismissMention, getMention, listMentions, mentionsByIds } from './mention.queries.js';
import { DismissBody, ManualBody, MentionListOut, MentionListQuery, MentionOut } from './mention.schema.js';
import { opinionAlertRoutes } from './opinion.alerts.routes.js';
import { pushRoutes } from './push.routes.js';
import { SourceCreateBody, SourceListOut, SourceOut, SourcePatchBody } from './source.schema.js';
import { createSource, deleteSource, getSourceRow, listSources, presentSource, updateSource } from './source.service.js';
import { WatchlistCreateBody, WatchlistListOut, WatchlistOut, WatchlistPatchBody, WatchlistPreviewBody, WatchlistPreviewOut } from './watchlist.schema.js';
import { createWatchlist, deleteWatchlist, getWatchlist, listWatchlists, previewWatchlist, updateWatchlist } from './watchlist.service.js';

const tags = ['opinion'];
const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
const read = { permission: 'opinion.read' } as const;
const manage = { permission: 'opinion.manage' } as const;

export async function opinionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/opinion/sources', { config: read, schema: { tags, summary: 'Opinion sources (feeds and push gateways) with their health: last poll, last success, last error, consecutive failures, next poll', response: { 200: SourceListOut } } }, async () => ({ items: await listSources(ctx) }));
  r.post('/opinion/sources', { config: manage, schema: { tags, summary: 'Add a source: a feed (RSS, Atom or JSON Feed URL, polled at its interval) or a push gateway (the answer carries its signing secret, once)', body: SourceCreateBody, response: { 201: SourceOut } } }, async (req, reply) => reply.code(201).send(await createSource(ctx, actorOf(req), req.body)));
  r.get('/opinion/sources/:id', { config: read, schema: { tags, summary: 'One source with its health', params: IdParams, response: { 200: SourceOut } } }, async (req) => presentSource(await getSourceRow(ctx, req.params.id)));
  r.patch('/opinion/sources/:id', { config: manage, schema: { tags, summary: 'Change a source (rotateSecret: true returns a new push secret once)', params: IdParams, body: SourcePatchBody, response: { 200: SourceOut } } }, async (req) => updateSource(ctx, actorOf(req), req.params.id, req.body));
  r.delete('/opinion/sources/:id', { config: manage, schema: { tags, summary: 'Remove a source (its mentions stay)', params: IdParams, response: { 204: Type.Null({ description: 'No content' }) } } }, async (req, reply) => {
    await deleteSource(ctx, actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  r.get('/opinion/watchlists', { config: read, schema: { tags, summary: 'Watchlists (监测方案) with their matches of the last 7 days', response: { 200: WatchlistListOut } } }, async () => ({ items: await listWatchlists(ctx) }));
  r.post('/opinion/watchlists', { config: manage, schema: { tags, summary: 'Add a watchlist; the mentions of the last 7 days are matched against it by the scheduler', body: WatchlistCreateBody, response: { 201: WatchlistOut } } }, async (req, reply) => reply.code(201).send(await createWatchlist(ctx, actorOf(req), req.body)));
  r.post('/opinion/watchlists/preview', { config: manage, schema: { tags, summary: 'Test a watchlist definition against the mentions of the last 7 days: how many match, and the newest of them', body: WatchlistPreviewBody, response: { 200: WatchlistPreviewOut } } }, async (req) => {
    const p = await previewWatchlist(ctx, req.body.definition, req.body.sample ?? 20);
    return { count: p.count, scanned: p.scanned, sample: await mentionsByIds(ctx, p.sampleIds) };
  });
  r.get('/opinion/watchlists/:id', { config: read, schema: { tags, summary: 'One watchlist', params: IdParams, response: { 200: WatchlistOut } } }, async (req) => getWatchlist(ctx, req.params.id));
  r.patch('/opinion/watchlists/:id', { config: manage, schema: { tags, summary: 'Change a watchlist; its matches over the last 7 days are recomputed by the scheduler', params: IdParams, body: WatchlistPatchBody, response: { 200: WatchlistOut } } }, async (req) => updateWatchlist(ctx, actorOf(req), req.params.id, req.body));
  r.delete('/opinion/watchlists/:id', { config: manage, schema: { tags, summary: 'Remove a watchlist and its matches', params: IdParams, response: { 204: Type.Null({ description: 'No content' }) } } }, async (req, reply) => {
    await deleteWatchlist(ctx, actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  r.get('/opinion/mentions', { config: read, schema: { tags, summary: 'Mentions, newest first: by watchlist, sentiment, source, published time, dismissed; near-duplicates only with includeDuplicates', querystring: MentionListQuery, response: { 200: MentionListOut } } }, async (req) => listMentions(ctx, req.query));
  r.post('/opinion/mentions/manual', { config: manage, schema: { tags, summary: 'Enter a mention by hand (deduplicated, scored and matched like any other)', body: ManualBody, response: { 201: MentionOut, 200: MentionOut } } }, async (req, reply) => {
    const [o] = await ingestMentions(ctx, { sourceId: null, kind: 'manual', actorId: actorOf(req).id }, [req.body]);
    // An already-known URL answers the stored mention (200) instead of a second copy.
    return reply.code(o.status === 'created' ? 201 : 200).send(await getMention(ctx, o.mentionId!));
  });
  r.get('/opinion/mentions/:id', { config: read, schema: { tags, summary: 'One mention, with how many reposts and near-duplicates point at it', params: IdParams, response: { 200: MentionOut } } }, async (req) => getMention(ctx, req.params.id));
  r.post('/opinion/mentions/:id/dismiss', { config: { ...manage, errors: [409] }, schema: { tags, summary: 'Dismiss a mention with a reason (audited)', params: IdParams, body: DismissBody, response: { 200: MentionOut } } }, async (req) => dismissMention(ctx, actorOf(req), req.params.id, req.body.reason));

  await pushRoutes(app, ctx);
  await opinionAlertRoutes(app, ctx);
}
