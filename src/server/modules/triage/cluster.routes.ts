import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { triageService } from './triage.service.js';
import { ClusterListQuery, IdParams } from './triage.schema.js';
import { ClusterListOut, ClusterOut, NoContent } from './triage.responses.js';
import { getCluster, listClusters } from './cluster.queries.js';
import { dismissCluster, mergeClusters, splitCluster } from './cluster.actions.js';

const tags = ['clusters'];
const Ids = Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 1000 });

/** Clusters of complaints about one event (同一事件) or copies of one text, and a coordinator's corrections. */
export async function clusterRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const triage = triageService(ctx);

  r.get('/clusters', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'Clusters with a member the caller may see, newest first; ?mass=1 for mass complaints (群体性投诉)', querystring: ClusterListQuery, response: { 200: ClusterListOut } } }, async (req) => {
    const actor = actorOf(req);
    const m = req.query.mass;
    return listClusters(triage, actor, { mass: m === undefined ? undefined : m === '1' || m === 'true', cursor: req.query.cursor, limit: req.query.limit });
  });

  r.get('/clusters/:id', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'One cluster with the members the caller may see (404 when none)', params: IdParams, response: { 200: ClusterOut } } }, async (req) => {
    const actor = actorOf(req);
    return getCluster(triage, actor, req.params.id);
  });

  r.post('/clusters/:id/merge', { config: { permission: 'cluster.manage' }, schema: { tags, summary: 'Merge other clusters into this one (one event)', params: IdParams, body: Type.Object({ clusterIds: Ids }, { additionalProperties: false }), response: { 200: ClusterOut } } }, async (req) => {
    const actor = actorOf(req);
    await mergeClusters(triage, actor, req.params.id, req.body.clusterIds);
    return getCluster(triage, actor, req.params.id);
  });

  r.post('/clusters/:id/split', { config: { permission: 'cluster.manage' }, schema: { tags, summary: 'Take complaints out of the cluster (a cluster left with one member is dissolved)', params: IdParams, body: Type.Object({ complaintIds: Ids }, { additionalProperties: false }), response: { 204: NoContent } } }, async (req, reply) => {
    const actor = actorOf(req);
    await splitCluster(triage, actor, req.params.id, req.body.complaintIds);
    return reply.status(204).send(null);
  });

  r.post('/clusters/:id/dismiss', { config: { permission: 'cluster.manage' }, schema: { tags, summary: 'Not one event: detach every member (reason required)', params: IdParams, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }), response: { 204: NoContent } } }, async (req, reply) => {
    const actor = actorOf(req);
    await dismissCluster(triage, actor, req.params.id, req.body.reason);
    return reply.status(204).send(null);
  });
}
