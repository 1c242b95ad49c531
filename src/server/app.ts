import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from './context.js';
import { frameworkErrors, installErrorHandling, problem, sendProblem } from './platform/http/problem.js';
import { installStrictJsonParser } from './platform/http/json-body.js';
import { installNulGuard } from './platform/http/nul-guard.js';
import { installSecurityHeaders } from './platform/http/security-headers.js';
import { documentRoute } from './platform/http/openapi.js';
import { PROBLEM_COMPONENT, ProblemSchema } from './platform/http/problem.schema.js';
import { installValidation } from './platform/http/validation.js';
import { installJsonSerializer } from './platform/http/serialization.js';
import { installResponseContract } from './platform/http/response-contract.js';
import { installAuthentication } from './platform/auth/authenticate.js';
import { installRequestId, requestIdOf } from './platform/metrics/request-id.js';
import { installHttpMetrics } from './platform/metrics/http.js';
import { installMetricsEndpoint } from './platform/metrics/endpoint.js';
import { ping } from './platform/db/index.js';
import { authRoutes } from './modules/org/auth.routes.js';
import { orgRoutes } from './modules/org/org.routes.js';
import { auditRoutes } from './modules/org/audit.routes.js';
import { complaintRoutes } from './modules/complaints/complaint.routes.js';
import { triageRoutes } from './modules/triage/triage.routes.js';
import { registerSlaRoutes } from './modules/sla/sla.js';
import { jobRoutes } from './platform/jobs/jobs.routes.js';
import { notificationRoutes } from './modules/notifications/notification.routes.js';
import { webhookRoutes } from './modules/notifications/webhook.routes.js';
import { reportsRoutes } from './modules/reports/reports.routes.js';
import { templateRoutes } from './modules/comms/template.routes.js';
import { contingencyPlanRoutes } from './modules/contingency/contingency.plans.routes.js';
import { incidentRoutes } from './modules/contingency/incident.js';
import { incidentStatementRoutes } from './modules/contingency/incident.statements.routes.js';
import { incidentReviewRoutes } from './modules/contingency/incident.review.routes.js';
import { incidentDrillRoutes } from './modules/contingency/incident.drill.routes.js';
import { resourceRoutes } from './modules/resources/resources.routes.js';
import { onCallRoutes } from './modules/resources/oncall.routes.js';
import { compensationRoutes } from './modules/compensation/compensation.routes.js';
import { open311Routes, OPEN311_PREFIX } from './modules/open311/open311.routes.js';
import { importRoutes } from './modules/imports/import.routes.js';
import { portalRoutes } from './modules/portal/portal.routes.js';
import { followupRoutes } from './modules/followup/followup.routes.js';
import { installMailIntake } from './modules/mail-intake/mail.js';
import { registerMessagingRoutes } from './modules/messaging/messaging.js';
import { sentimentRoutes } from './modules/opinion/sentiment.routes.js';
import { opinionRoutes } from './modules/opinion/opinion.routes.js';
import { mentionImportRoutes } from './modules/opinion/mention.import.routes.js';
import { caseRoutes } from './modules/cases/case.routes.js';

export interface BuildOptions {
  /** Directory of the built web app; served at / when it exists. */
  webDir?: string;
  logger?: boolean;
  /** Validate every response against its route's declared schema (the test harness turns it on). */
  responseContract?: boolean;
}

const HealthOut = Type.Object({ status: Type.Literal('ok') });
const ReadyOut = Type.Object({ status: Type.Literal('ready'), database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]) });

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WEB_DIR = path.resolve(here, '../../dist/web');

/** The HTTP application. Tests drive it with app.inject(); `redress serve` listens on it. */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  // Typed as the base instance so modules take a plain FastifyInstance.
  const app = Fastify({
    loggerInstance: (opts.logger === false ? undefined : ctx.log) as FastifyBaseLogger | undefined,
    bodyLimit: 4 * 1024 * 1024,
    // Router-level errors (bad percent-encoding, over-long path parameters) as problem+json too.
    frameworkErrors,
    trustProxy: process.env.REDRESS_TRUST_PROXY === '1',
    ajv: { customOptions: { removeAdditional: false } },
    logController: new LogController({ disableRequestLogging: process.env.REDRESS_REQUEST_LOG !== '1' }),
    // req.id (`reqId` on log lines, X-Request-Id on responses): a well-formed incoming X-Request-Id, else a UUID.
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  installRequestId(app);
  installHttpMetrics(app, ctx.metrics);
  const webDir = opts.webDir ?? DEFAULT_WEB_DIR;
  const serveWeb = fs.existsSync(path.join(webDir, 'index.html'));
  installValidation(app);
  // JSON.stringify, not fast-json-stringify: a response schema documents, it never filters (see there).
  installJsonSerializer(app);
  if (opts.responseContract) installResponseContract(app);
  // With the web app, its own not-found handler (below) answers unknown routes.
  installErrorHandling(app, { notFound: !serveWeb });
  installStrictJsonParser(app);
  installNulGuard(app);
  await installSecurityHeaders(app, { https: ctx.config.secureCookies });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Redress API',
        version: '1',
        description: 'Complaint emergency-response platform. Errors are application/problem+json with a stable `code`.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // Relative: the document describes whichever instance serves it.
      servers: [{ url: '/', description: 'The server this document was fetched from' }],
      components: {
        schemas: { [PROBLEM_COMPONENT]: ProblemSchema as unknown as Record<string, unknown> },
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (redress token create)' },
          session: { type: 'apiKey', in: 'cookie', name: 'redress_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: documentRoute,
  });
  // staticCSP: the docs page gets a CSP with hashes for its own inline parts instead of the app's.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installAuthentication(app, ctx.db);
  // The inbound SMTP listener (REDRESS_MAIL_SMTP_PORT) opens and closes with the HTTP server.
  installMailIntake(app, ctx);

  // GET /metrics: only with REDRESS_METRICS_TOKEN or on REDRESS_METRICS_PORT (platform/metrics/endpoint.ts).
  installMetricsEndpoint(app, ctx.metrics, ctx.config.metrics);

  const ops = app.withTypeProvider<TypeBoxTypeProvider>();
  ops.get('/healthz', { config: { public: true }, schema: { tags: ['ops'], summary: 'Process is up', response: { 200: HealthOut } } }, async () => ({ status: 'ok' as const }));
  ops.get('/readyz', { config: { public: true }, schema: { tags: ['ops'], summary: 'Database is reachable', response: { 200: ReadyOut } } }, async (_req, reply) => {
    try {
      await ping(ctx.db);
      return { status: 'ready' as const, database: ctx.dialect };
    } catch {
      return sendProblem(reply, problem(503, 'database_unreachable', 'The database does not answer'));
    }
  });

  await app.register(
    async (api) => {
      await authRoutes(api, ctx);
      await orgRoutes(api, ctx);
      await auditRoutes(api, ctx);
      await complaintRoutes(api, ctx);
      await triageRoutes(api, ctx);
      await registerSlaRoutes(api, ctx);
      await jobRoutes(api, ctx);
      await notificationRoutes(api, ctx);
      await webhookRoutes(api, ctx);
      await reportsRoutes(api, ctx);
      await templateRoutes(api, ctx);
      await contingencyPlanRoutes(api, ctx);
      await incidentRoutes(api, ctx);
      await incidentStatementRoutes(api, ctx);
      await incidentReviewRoutes(api, ctx);
      await incidentDrillRoutes(api, ctx);
      await resourceRoutes(api, ctx);
      await onCallRoutes(api, ctx);
      await compensationRoutes(api, ctx);
      await importRoutes(api, ctx);
      await portalRoutes(api, ctx);
      await followupRoutes(api, ctx);
      await registerMessagingRoutes(api, ctx);
      await sentimentRoutes(api, ctx);
      await opinionRoutes(api, ctx);
      await mentionImportRoutes(api, ctx);
      await caseRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  // Open311 GeoReport v2: its own api_key, form bodies and error lists (modules/open311).
  await app.register(async (open311) => open311Routes(open311, ctx), { prefix: OPEN311_PREFIX });

  if (serveWeb) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });
    // Client-side routes: any GET that is not the API or a file gets the app shell.
    app.setNotFoundHandler((req, reply) => {
      const p = req.url.split('?')[0];
      // The public portal is its own small page (portal.html); everything else is the workspace.
      if (req.method === 'GET' && !req.url.startsWith('/api/') && !path.extname(p)) return reply.type('text/html').sendFile(p === '/portal' || p.startsWith('/portal/') ? 'portal.html' : 'index.html');
      return sendProblem(reply, problem(404, 'route_not_found', `No route ${req.method} ${req.url.split('?')[0]}`));
    });
  }
  return app;
}
