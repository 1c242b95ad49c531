import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { getIncident } from './incident.queries.js';
import { IncidentOut, IncidentParams } from './incident.schema.js';
import { drillReportMarkdown } from './incident.drill.report.js';
import { getDrillReport, startDrill } from './incident.drill.service.js';
import * as S from './incident.drill.schema.js';

/** Drills (演练): start one from a plan (contingency.manage); its report once resolved (contingency.read). */
export async function incidentDrillRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const read = { permission: 'contingency.read' as const, errors: [409] };

  r.post(
    '/contingency/plans/:planId/drills',
    {
      config: { permission: 'contingency.manage', errors: [409] },
      schema: { tags: ['contingency'], summary: 'Run the plan’s published version as a drill (演练): an incident marked 【演练】/[DRILL], no complaints, in no statistic', params: S.DrillPlanParams, body: S.DrillBody, response: { 201: IncidentOut } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const id = await startDrill(ctx, actor, req.params.planId, req.body);
      return reply.status(201).send(await getIncident(ctx, actor, id));
    },
  );

  r.get('/incidents/:id/drill-report', { config: read, schema: { tags: ['incidents'], summary: 'The drill report: planned vs actual step timings, late steps, report cadence, roles, score', params: IncidentParams, response: { 200: S.DrillReportOut } } }, async (req) =>
    getDrillReport(ctx, actorOf(req), req.params.id),
  );

  r.get(
    '/incidents/:id/drill-report.md',
    { config: read, schema: { tags: ['incidents'], summary: 'The drill report as Markdown in one language', params: IncidentParams, querystring: S.ReportQuery, produces: ['text/markdown'], response: { 200: Type.String() } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const report = await getDrillReport(ctx, actor, req.params.id);
      const lang = req.query.lang ?? (actor.locale === 'en' ? 'en' : 'zh-CN');
      return reply.type('text/markdown; charset=utf-8').send(drillReportMarkdown(report, lang));
    },
  );
}
