import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ReportsService } from './reports.service.js';
import { rebuildRollups } from './rollups.js';
import { BreakdownOut, BreakdownQuery, CsvOut, CsvQuery, OverviewOut, RebuildOut, StatsQuery } from './reports.schema.js';

const tags = ['statistics'];

export async function reportsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = new ReportsService(ctx);

  r.get(
    '/stats/overview',
    {
      config: { permission: 'stats.read' },
      schema: {
        tags,
        summary: 'Dashboard figures for complaints created in a range of local days',
        description: 'Counted from the rollup (stats_rollup, daily and monthly rows) by creation day in the organisation time zone. Roles without complaint.read_all see only their departments.',
        querystring: StatsQuery,
        response: { 200: OverviewOut },
      },
    },
    async (req) => service.overview(actorOf(req), req.query),
  );

  r.get(
    '/stats/breakdown',
    { config: { permission: 'stats.read' }, schema: { tags, summary: 'One chart’s data (same filters as the overview)', querystring: BreakdownQuery, response: { 200: BreakdownOut } } },
    async (req) => service.breakdown(actorOf(req), req.query, req.query.by),
  );

  r.get(
    '/stats/overview.csv',
    {
      config: { permission: 'stats.read' },
      schema: {
        tags,
        summary: 'One chart’s data as CSV (UTF-8 with BOM; names in `lang`)',
        querystring: CsvQuery,
        produces: ['text/csv'],
        response: { 200: CsvOut },
      },
    },
    async (req, reply) => {
      const { body, filename } = await service.csv(actorOf(req), req.query, req.query.chart);
      reply.header('Content-Type', 'text/csv; charset=utf-8');
      reply.header('Content-Disposition', `attachment; filename="${filename}"`);
      return reply.send(body);
    },
  );

  r.post(
    '/stats/rebuild',
    {
      config: { permission: 'jobs.manage' },
      schema: {
        tags,
        summary: 'Rebuild the statistics rollups from the complaints (after a bulk load, a restore or a time-zone change)',
        response: { 200: RebuildOut },
      },
    },
    async () => {
      return rebuildRollups(ctx);
    },
  );
}
