import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { verifyAudit } from '../../platform/audit/audit.js';
import { AuditPage, AuditVerifyOut } from './org.schema.js';

export async function auditRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: Type.Object({
          entityType: Type.Optional(Type.String({ maxLength: 64 })),
          entityId: Type.Optional(Type.String({ maxLength: 64 })),
          actorId: Type.Optional(Type.String({ maxLength: 64 })),
          action: Type.Optional(Type.String({ maxLength: 64 })),
          before: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: AuditPage },
      },
    },
    async (req) => {
      const q = req.query;
      let sel = ctx.db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_id').selectAll('audit_log').select('users.email as actor_email');
      if (q.entityType) sel = sel.where('entity_type', '=', q.entityType);
      if (q.entityId) sel = sel.where('entity_id', '=', q.entityId);
      if (q.actorId) sel = sel.where('actor_id', '=', q.actorId);
      if (q.action) sel = sel.where('action', '=', q.action);
      if (q.before) sel = sel.where('seq', '<', q.before);
      const limit = q.limit ?? 100;
      const rows = await sel.orderBy('seq', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map((r) => ({ seq: r.seq, at: new Date(r.at).toISOString(), actor: r.actor_id ? { id: r.actor_id, email: r.actor_email } : null, action: r.action, entityType: r.entity_type, entityId: r.entity_id, data: JSON.parse(r.data), hash: r.hash }));
      return { items, nextBefore: rows.length > limit ? items[items.length - 1].seq : null };
    },
  );

  r.get('/audit/verify', { config: { permission: 'audit.read' }, schema: { tags: ['audit'], summary: 'Verify the hash chain', response: { 200: AuditVerifyOut } } }, async () => {
    return verifyAudit(ctx.db);
  });
}
