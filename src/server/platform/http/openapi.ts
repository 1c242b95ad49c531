import type { FastifySchema, RouteOptions } from 'fastify';
import { PROBLEM_REF } from './problem.schema.js';

/*
 * How a route declares its response — the contract /openapi.json publishes and the API tests enforce
 * (platform/http/response-contract.ts validates every response the tests see against it):
 *
 *   schema: { response: { 200: ComplaintOut } }            // or 201: X for a create
 *   schema: { response: { 204: Type.Null({ description: 'No content' }) } }   // nothing in the body
 *   schema: { response: { 200: { content: { 'text/csv': { schema: Type.String() } } } } }  // not JSON
 *
 * Use the TypeBox object the presenter's output matches, field for field: response objects are exact
 * (a presenter field missing from the schema fails the tests), and the schema does NOT filter what is
 * sent — the app serialises with JSON.stringify (app.ts), so a schema is documentation that the tests
 * hold true, never a silent filter. Do not declare error responses: every operation gets the
 * problem+json errors it can answer from documentRoute below (400/401/403/404/413/415 from what the
 * route declares, 409/422/429/503 from ROUTE_ERRORS or `config: { errors: [409] }`).
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Further error statuses the route can answer, for the OpenAPI document (see ROUTE_ERRORS). */
    errors?: number[];
  }
}

/**
 * Documentation-only additions to /openapi.json, applied by @fastify/swagger's `transform` hook so
 * nothing here changes how a route validates or serialises: operationIds, `security: []` on public
 * routes, and the multipart body the upload parses itself. A route missing from OPERATION_IDS gets
 * no operationId, which the OpenAPI test reports.
 */
export const OPERATION_IDS: Record<string, string> = {
  'GET /healthz': 'getHealth',
  'GET /readyz': 'getReadiness',
  'GET /metrics': 'getMetrics',
  'POST /api/v1/auth/login': 'login',
  'POST /api/v1/auth/logout': 'logout',
  'GET /api/v1/auth/me': 'getMe',
  'PATCH /api/v1/auth/me': 'updateMe',
  'GET /api/v1/users': 'listUsers',
  'POST /api/v1/users': 'createUser',
  'PATCH /api/v1/users/:id': 'updateUser',
  'GET /api/v1/departments': 'listDepartments',
  'POST /api/v1/departments': 'createDepartment',
  'PATCH /api/v1/departments/:id': 'updateDepartment',
  'GET /api/v1/categories': 'listCategories',
  'POST /api/v1/categories': 'createCategory',
  'PATCH /api/v1/categories/:id': 'updateCategory',
  'GET /api/v1/tokens': 'listTokens',
  'POST /api/v1/tokens': 'createToken',
  'DELETE /api/v1/tokens/:id': 'revokeToken',
  'GET /api/v1/audit': 'listAuditEntries',
  'GET /api/v1/audit/verify': 'verifyAuditChain',
  'POST /api/v1/complaints': 'createComplaint',
  'GET /api/v1/complaints': 'listComplaints',
  'GET /api/v1/complaints/:id': 'getComplaint',
  'PATCH /api/v1/complaints/:id': 'updateComplaint',
  'POST /api/v1/complaints/:id/actions': 'actOnComplaint',
  'GET /api/v1/complaints/:id/timeline': 'getComplaintTimeline',
  'POST /api/v1/complaints/:id/notes': 'addComplaintNote',
  'GET /api/v1/complaints/:id/plans': 'listComplaintPlans',
  'POST /api/v1/complaints/:id/plans': 'submitComplaintPlan',
  'POST /api/v1/complaints/:id/plans/decision': 'decideComplaintPlan',
  'POST /api/v1/complaints/:id/complainant/reveal': 'revealComplainant',
  'POST /api/v1/complaints/:id/calls': 'recordComplaintCall',
  'GET /api/v1/complaints/:id/attachments': 'listAttachments',
  'POST /api/v1/complaints/:id/attachments': 'uploadAttachment',
  'GET /api/v1/complaints/:id/attachments/:attachmentId': 'downloadAttachment',
  'POST /api/v1/triage/preview': 'previewTriage',
  'POST /api/v1/opinion/sentiment/preview': 'previewOpinionSentiment',
  'POST /api/v1/opinion/sentiment/corrections': 'createOpinionSentimentCorrection',
  'GET /api/v1/opinion/sources': 'listOpinionSources',
  'GET /api/v1/cases/preview/:complaintId': 'previewCase',
  'POST /api/v1/cases': 'createCase',
  'GET /api/v1/cases': 'listCases',
  'GET /api/v1/cases/tags': 'listCaseTags',
  'GET /api/v1/cases/:id': 'getCase',
  'POST /api/v1/opinion/sources': 'createOpinionSource',
  'GET /api/v1/opinion/sources/:id': 'getOpinionSource',
  'PATCH /api/v1/opinion/sources/:id': 'updateOpinionSource',
  'DELETE /api/v1/opinion/sources/:id': 'deleteOpinionSource',
  'GET /api/v1/opinion/watchlists': 'listOpinionWatchlists',
  'POST /api/v1/opinion/watchlists': 'createOpinionWatchlist',
  'POST /api/v1/opinion/watchlists/preview': 'previewOpinionWatchlist',
  'GET /api/v1/opinion/watchlists/:id': 'getOpinionWatchlist',
  'PATCH /api/v1/opinion/watchlists/:id': 'updateOpinionWatchlist',
  'DELETE /api/v1/opinion/watchlists/:id': 'deleteOpinionWatchlist',
  'GET /api/v1/opinion/mentions': 'listOpinionMentions',
  'POST /api/v1/opinion/mentions': 'pushOpinionMentions',
  'POST /api/v1/opinion/mentions/manual': 'createOpinionMention',
  'POST /api/v1/opinion/mentions/import': 'importOpinionMentions',
  'GET /api/v1/opinion/mentions/:id': 'getOpinionMention',
  'POST /api/v1/opinion/mentions/:id/dismiss': 'dismissOpinionMention',
  'GET /api/v1/opinion/alerts': 'listOpinionAlerts',
  'GET /api/v1/opinion/alerts/:id': 'getOpinionAlert',
  'POST /api/v1/opinion/alerts/:id/acknowledge': 'acknowledgeOpinionAlert',
  'POST /api/v1/opinion/alerts/:id/close': 'closeOpinionAlert',
  'GET /api/v1/opinion/watchlists/:id/heat': 'getOpinionWatchlistHeat',
  'POST /api/v1/opinion/watchlists/:id/heat/rebuild': 'rebuildOpinionWatchlistHeat',
  'POST /api/v1/opinion/mentions/:id/promote': 'promoteOpinionMention',
  'POST /api/v1/opinion/mentions/:id/attach': 'attachOpinionMention',
  'GET /api/v1/opinion/mentions/:id/links': 'listOpinionMentionLinks',
  'GET /api/v1/complaints/:id/mentions': 'listComplaintMentions',
  'GET /api/v1/complainants/lookup': 'lookupComplainant',
  'POST /api/v1/complaints/:id/triage': 'confirmTriage',
  'POST /api/v1/complaints/:id/triage/rerun': 'rerunTriage',
  'GET /api/v1/triage/rules': 'getTriageRules',
  'PUT /api/v1/triage/rules': 'replaceTriageRules',
  'GET /api/v1/triage/settings': 'getTriageSettings',
  'PUT /api/v1/triage/settings': 'updateTriageSettings',
  'GET /api/v1/triage/models': 'listTriageModels',
  'POST /api/v1/triage/models/train': 'trainTriageModel',
  'GET /api/v1/clusters': 'listClusters',
  'GET /api/v1/clusters/:id': 'getCluster',
  'POST /api/v1/clusters/:id/merge': 'mergeClusters',
  'POST /api/v1/clusters/:id/split': 'splitCluster',
  'POST /api/v1/clusters/:id/dismiss': 'dismissCluster',
  'GET /api/v1/sla/policies': 'getSlaPolicies',
  'PUT /api/v1/sla/policies': 'replaceSlaPolicies',
  'GET /api/v1/sla/calendar': 'getBusinessCalendar',
  'PUT /api/v1/sla/calendar': 'replaceBusinessCalendar',
  'GET /api/v1/sla/calendar/days': 'listCalendarDays',
  'GET /api/v1/complaints/:id/sla': 'getComplaintSla',
  'GET /api/v1/complaints/:id/supervision': 'listSupervisions',
  'POST /api/v1/complaints/:id/supervision': 'openSupervision',
  'GET /api/v1/complaints/:id/extensions': 'listExtensions',
  'POST /api/v1/complaints/:id/extensions': 'requestExtension',
  'POST /api/v1/complaints/:id/extensions/:eid/decision': 'decideExtension',
  'GET /api/v1/admin/jobs': 'listJobs',
  'GET /api/v1/admin/jobs/stats': 'getJobStats',
  'POST /api/v1/admin/jobs/:id/retry': 'retryJob',
  'GET /api/v1/notifications': 'listNotifications',
  'GET /api/v1/notifications/unread-count': 'countUnreadNotifications',
  'POST /api/v1/notifications/:id/read': 'markNotificationRead',
  'POST /api/v1/notifications/read-all': 'markAllNotificationsRead',
  'GET /api/v1/notifications/preferences': 'getNotificationPreferences',
  'PATCH /api/v1/notifications/preferences': 'updateNotificationPreferences',
  'GET /api/v1/events': 'streamEvents',
  'GET /api/v1/webhooks': 'listWebhooks',
  'POST /api/v1/webhooks': 'createWebhook',
  'GET /api/v1/webhooks/:id': 'getWebhook',
  'PATCH /api/v1/webhooks/:id': 'updateWebhook',
  'DELETE /api/v1/webhooks/:id': 'deleteWebhook',
  'GET /api/v1/webhooks/:id/deliveries': 'listWebhookDeliveries',
  'GET /api/v1/stats/overview': 'getStatsOverview',
  'GET /api/v1/stats/breakdown': 'getStatsBreakdown',
  'GET /api/v1/stats/overview.csv': 'exportStatsCsv',
  'POST /api/v1/stats/rebuild': 'rebuildStats',
  'GET /api/v1/reply-templates': 'listReplyTemplates',
  'POST /api/v1/reply-templates': 'createReplyTemplate',
  'PATCH /api/v1/reply-templates/:id': 'updateReplyTemplate',
  'GET /api/v1/resources': 'listResources',
  'POST /api/v1/resources': 'createResource',
  'GET /api/v1/resources/:id': 'getResource',
  'PATCH /api/v1/resources/:id': 'updateResource',
  'POST /api/v1/resources/:id/contact/reveal': 'revealResourceContact',
  'GET /api/v1/oncall/schedules': 'listOnCallSchedules',
  'POST /api/v1/oncall/schedules': 'createOnCallSchedule',
  'GET /api/v1/oncall/schedules/:id': 'getOnCallSchedule',
  'PATCH /api/v1/oncall/schedules/:id': 'updateOnCallSchedule',
  'POST /api/v1/oncall/schedules/:id/overrides': 'addOnCallOverride',
  'DELETE /api/v1/oncall/schedules/:id/overrides/:overrideId': 'removeOnCallOverride',
  'GET /api/v1/oncall/now': 'getOnCallNow',
  'GET /api/v1/incidents': 'listIncidents',
  'POST /api/v1/incidents': 'activateIncident',
  'GET /api/v1/incidents/:id': 'getIncident',
  'GET /api/v1/incidents/:id/timeline': 'getIncidentTimeline',
  'POST /api/v1/incidents/:id/status': 'changeIncidentStatus',
  'POST /api/v1/incidents/:id/level': 'changeIncidentLevel',
  'PUT /api/v1/incidents/:id/roles/:roleKey': 'assignIncidentRole',
  'POST /api/v1/incidents/:id/tasks/:taskId/actions': 'actOnIncidentTask',
  'POST /api/v1/incidents/:id/sitreps': 'fileIncidentSitrep',
  'POST /api/v1/incidents/:id/decisions': 'recordIncidentDecision',
  'POST /api/v1/incidents/:id/complaints': 'linkIncidentComplaints',
  'GET /api/v1/incidents/:id/statements': 'listIncidentStatements',
  'POST /api/v1/incidents/:id/statements': 'draftIncidentStatement',
  'PUT /api/v1/incidents/:id/statements/:statementId': 'editIncidentStatement',
  'POST /api/v1/incidents/:id/statements/:statementId/submit': 'submitIncidentStatement',
  'POST /api/v1/incidents/:id/statements/:statementId/approve': 'approveIncidentStatement',
  'POST /api/v1/incidents/:id/statements/:statementId/publish': 'publishIncidentStatement',
  'POST /api/v1/incidents/:id/statements/:statementId/withdraw': 'withdrawIncidentStatement',
  'GET /api/v1/incidents/:id/statements/:statementId/history': 'getIncidentStatementHistory',
  'GET /api/v1/public/notices': 'listPublicNotices',
  'GET /api/v1/public/notices/:id': 'getPublicNotice',
  'GET /api/v1/incidents/:id/review': 'getIncidentReview',
  'PUT /api/v1/incidents/:id/review': 'saveIncidentReview',
  'POST /api/v1/incidents/:id/review/complete': 'completeIncidentReview',
  'POST /api/v1/incidents/:id/review/actions': 'addIncidentReviewAction',
  'POST /api/v1/incidents/:id/review/actions/:actionId/done': 'completeIncidentReviewAction',
  'POST /api/v1/contingency/plans/:planId/drills': 'startContingencyDrill',
  'GET /api/v1/incidents/:id/drill-report': 'getDrillReport',
  'GET /api/v1/incidents/:id/drill-report.md': 'getDrillReportMarkdown',
  'GET /api/v1/complaints/:id/compensations': 'listComplaintCompensations',
  'POST /api/v1/messaging/receipts': 'postMessageReceipt',
  'POST /api/v1/complaints/:id/compensations': 'proposeComplaintCompensation',
  'GET /api/v1/incidents/:id/compensations': 'listIncidentCompensations',
  'POST /api/v1/incidents/:id/compensations': 'proposeIncidentCompensation',
  'POST /api/v1/compensations/:id/decision': 'decideCompensation',
  'POST /api/v1/compensations/:id/payment': 'recordCompensationPayment',
  'GET /api/v1/compensations/limits': 'getCompensationLimits',
  'PUT /api/v1/compensations/limits': 'updateCompensationLimits',
  'GET /api/v1/contingency/plans': 'listContingencyPlans',
  'POST /api/v1/contingency/plans': 'createContingencyPlan',
  'GET /api/v1/contingency/plans/:planId': 'getContingencyPlan',
  'PATCH /api/v1/contingency/plans/:planId': 'updateContingencyPlan',
  'POST /api/v1/contingency/plans/:planId/versions': 'openContingencyPlanDraft',
  'GET /api/v1/contingency/plans/:planId/versions/:version': 'getContingencyPlanVersion',
  'PUT /api/v1/contingency/plans/:planId/versions/:version': 'updateContingencyPlanDraft',
  'POST /api/v1/contingency/plans/:planId/versions/:version/approve': 'approveContingencyPlanVersion',
  'POST /api/v1/contingency/plans/:planId/versions/:version/publish': 'publishContingencyPlanVersion',
  'POST /api/v1/contingency/plans/:planId/versions/:version/retire': 'retireContingencyPlanVersion',
  'GET /api/v1/contingency/plans/:planId/compare': 'compareContingencyPlanVersions',
  'GET /api/v1/contingency/plans/:planId/versions/:version/export.json': 'exportContingencyPlanJson',
  'GET /api/v1/contingency/plans/:planId/versions/:version/export.md': 'exportContingencyPlanMarkdown',
  'GET /api/v1/contingency/plans/:planId/versions/:version/export.docx': 'exportContingencyPlanDocx',
  'GET /api/v1/contingency/plans/:planId/versions/:version/print': 'printContingencyPlan',
  'GET /api/v1/contingency/categories': 'listContingencyCategoryPlans',
  'GET /open311/v2/discovery.:format': 'getGeoReportDiscovery',
  'GET /open311/v2/services.:format': 'listGeoReportServices',
  'GET /open311/v2/services/:service_code.:format': 'getGeoReportServiceDefinition',
  'POST /open311/v2/requests.:format': 'createGeoReportRequest',
  'GET /open311/v2/requests.:format': 'listGeoReportRequests',
  'GET /open311/v2/requests/:service_request_id.:format': 'getGeoReportRequest',
  'GET /open311/v2/tokens/:token.:format': 'getGeoReportToken',
  'GET /api/v1/portal/categories': 'listPortalCategories',
  'GET /api/v1/portal/challenge': 'getPortalChallenge',
  'POST /api/v1/portal/complaints': 'submitPortalComplaint',
  'POST /api/v1/portal/track': 'trackPortalComplaint',
  'POST /api/v1/portal/track/info': 'addPortalInformation',
  'POST /api/v1/portal/track/survey': 'answerPortalSurveyByCode',
  'GET /api/v1/portal/surveys/:token': 'getPortalSurvey',
  'POST /api/v1/portal/surveys/:token': 'answerPortalSurvey',
  'POST /api/v1/portal/attachments': 'uploadPortalAttachment',
  'GET /api/v1/complaints/:id/follow-up': 'listFollowUpSurveys',
  'POST /api/v1/complaints/:id/follow-up': 'recordFollowUpResult',
  'GET /api/v1/contingency/categories/:categoryId': 'getContingencyCategoryPlan',
  'PUT /api/v1/contingency/categories/:categoryId': 'setContingencyCategoryPlan',
  'GET /api/v1/imports/presets': 'listImportPresets',
  'POST /api/v1/imports/presets': 'saveImportPreset',
  'DELETE /api/v1/imports/presets/:id': 'deleteImportPreset',
  'POST /api/v1/imports/uploads': 'uploadImportFile',
  'GET /api/v1/imports/uploads/:id': 'getImportUpload',
  'POST /api/v1/imports/uploads/:id/dry-run': 'dryRunImport',
  'POST /api/v1/imports/uploads/:id/runs': 'startImportRun',
  'GET /api/v1/imports/runs': 'listImportRuns',
  'GET /api/v1/imports/runs/:id': 'getImportRun',
};

/**
 * Summaries for operations whose route declares none (a route's own `summary` wins). Every operation
 * needs one: redocly's recommended rules require it, and generated clients and /docs show it.
 */
export const FALLBACK_SUMMARIES: Record<string, string> = {
  'GET /api/v1/users': 'All users with their roles and departments',
  'POST /api/v1/users': 'Create a user',
  'PATCH /api/v1/users/:id': 'Change a user (name, roles, departments, active, password)',
  'GET /api/v1/departments': 'All departments (a tree through parentId)',
  'POST /api/v1/departments': 'Create a department',
  'PATCH /api/v1/departments/:id': 'Change a department',
  'GET /api/v1/categories': 'All complaint categories',
  'POST /api/v1/categories': 'Create a category',
  'PATCH /api/v1/categories/:id': 'Change a category',
  'GET /api/v1/tokens': 'All API tokens (never their secrets)',
  'DELETE /api/v1/tokens/:id': 'Revoke an API token',
  'GET /api/v1/complaints/:id/attachments/:attachmentId': 'Download an attachment (decrypted; sent as a file)',
};

/** The upload routes parse multipart themselves (no body schema); this describes the body for clients only. */
const MULTIPART_FILE_BODY = {
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: 'The file to upload' } },
};

/**
 * Error statuses that depend on what the service does rather than on what the route declares: 409
 * (a state or version conflict, a taken name), 422 (an Idempotency-Key reused with another body),
 * 429 (rate limits), 401 for the login's wrong password, 503 for readiness. Kept from the `conflict(…)` /
 * `new AppError(4xx…)` calls the routes reach.
 */
export const ROUTE_ERRORS: Record<string, number[]> = {
  'GET /readyz': [503],
  'GET /metrics': [401],
  'POST /api/v1/auth/login': [401, 429],
  'POST /api/v1/users': [409],
  'POST /api/v1/categories': [409],
  'POST /api/v1/complaints': [409, 422],
  'GET /api/v1/complaints': [429],
  'PATCH /api/v1/complaints/:id': [409],
  'POST /api/v1/complaints/:id/actions': [409],
  'POST /api/v1/complaints/:id/plans': [409],
  'POST /api/v1/complaints/:id/plans/decision': [409],
  'POST /api/v1/complaints/:id/calls': [409],
  'POST /api/v1/triage/preview': [429],
  'GET /api/v1/complainants/lookup': [429],
  'POST /api/v1/complaints/:id/triage': [409],
  'POST /api/v1/complaints/:id/triage/rerun': [409],
  'PUT /api/v1/triage/rules': [409],
  'POST /api/v1/triage/models/train': [409, 429],
  'POST /api/v1/clusters/:id/merge': [409],
  'POST /api/v1/clusters/:id/split': [409],
  'POST /api/v1/clusters/:id/dismiss': [409],
  'PUT /api/v1/sla/policies': [409],
  'PUT /api/v1/sla/calendar': [409],
  'POST /api/v1/complaints/:id/supervision': [409],
  'POST /api/v1/complaints/:id/extensions': [409],
  'POST /api/v1/complaints/:id/extensions/:eid/decision': [409],
  'POST /api/v1/admin/jobs/:id/retry': [409],
  'POST /api/v1/incidents': [404],
  'POST /api/v1/contingency/plans': [409],
  'PATCH /api/v1/contingency/plans/:planId': [409],
  'POST /api/v1/contingency/plans/:planId/versions': [409],
  'PUT /api/v1/contingency/plans/:planId/versions/:version': [409],
  'POST /api/v1/contingency/plans/:planId/versions/:version/approve': [409],
  'POST /api/v1/contingency/plans/:planId/versions/:version/publish': [409],
  'POST /api/v1/contingency/plans/:planId/versions/:version/retire': [409],
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input (code validation_failed, malformed_json, …)',
  401: 'Not signed in, or the API token is invalid',
  403: 'The role or token scope may not do this, or the X-CSRF-Token header is missing',
  404: 'No such record, or not visible to the caller',
  409: 'Conflicts with the record’s current state or version',
  413: 'The request body is too large',
  415: 'Unsupported request media type',
  422: 'The request cannot be processed as sent (e.g. an Idempotency-Key reused with another body)',
  429: 'Too many requests; see retryAfter and the Retry-After header',
  503: 'Temporarily unavailable',
};

const problemResponse = (status: number) => ({
  description: ERROR_DESCRIPTIONS[status] ?? 'Error',
  content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
});

/** The error statuses an operation can answer, from what it declares (see the note at the top). */
export function errorStatuses(method: string, url: string, schema: FastifySchema | undefined, config: RouteOptions['config']): number[] {
  const c = (config ?? {}) as { public?: boolean; errors?: number[] };
  const s = (schema ?? {}) as FastifySchema & { consumes?: string[] };
  // Any POST/PUT/PATCH may carry a body the parser refuses (malformed_json, too large, wrong type),
  // even where the route reads none.
  const hasBody = !!s.body || !!s.consumes?.includes('multipart/form-data') || ['POST', 'PUT', 'PATCH'].includes(method);
  const out = new Set<number>();
  if (hasBody || s.querystring || s.params) out.add(400);
  if (!c.public) {
    out.add(401);
    out.add(403);
  }
  if (s.params || url.includes('/:')) out.add(404);
  if (hasBody) {
    out.add(413);
    out.add(415);
  }
  for (const st of [...(ROUTE_ERRORS[`${method} ${url}`] ?? []), ...(c.errors ?? [])]) out.add(st);
  return [...out].sort((a, b) => a - b);
}

type TransformInput = { schema: FastifySchema; url: string; route: RouteOptions };

export function documentRoute({ schema, url, route }: TransformInput): { schema: FastifySchema; url: string } {
  const method = (Array.isArray(route.method) ? route.method[0] : route.method).toUpperCase();
  const doc: Record<string, unknown> = { ...schema };
  const operationId = OPERATION_IDS[`${method} ${url}`];
  if (operationId) doc.operationId = operationId;
  if (!schema?.summary && FALLBACK_SUMMARIES[`${method} ${url}`]) doc.summary = FALLBACK_SUMMARIES[`${method} ${url}`];
  if ((route.config as { public?: boolean } | undefined)?.public) doc.security = [];
  const consumes = (schema as { consumes?: string[] } | undefined)?.consumes;
  if (consumes?.includes('multipart/form-data') && !schema.body) doc.body = MULTIPART_FILE_BODY;
  // A new object: the route's own response map (used by the contract validator) stays as declared.
  const response: Record<string, unknown> = { ...((schema?.response as Record<string, unknown> | undefined) ?? {}) };
  // Without a declared success response @fastify/swagger would have written a bare 200; keep that
  // until the route declares one (openapi.test.ts lists the routes that still do not).
  if (!Object.keys(response).some((k) => k.startsWith('2'))) response['200'] = { type: 'null', description: 'Response not documented yet' };
  for (const status of errorStatuses(method, url, schema, route.config)) response[String(status)] ??= problemResponse(status);
  doc.response = response;
  return { schema: doc as FastifySchema, url };
}
