import type { FastifySchema, RouteOptions } from 'fastify';

/**
 * Documentation-only additions to /openapi.json, applied by @fastify/swagger's `transform` hook so
 * nothing here changes how a route validates or serialises: operationIds, `security: []` on public
 * routes, and the multipart body the upload parses itself. A route missing from OPERATION_IDS gets
 * no operationId, which the OpenAPI test reports.
 */
export const OPERATION_IDS: Record<string, string> = {
  'GET /healthz': 'getHealth',
  'GET /readyz': 'getReadiness',
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
};

/** The upload routes parse multipart themselves (no body schema); this describes the body for clients only. */
const MULTIPART_FILE_BODY = {
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: 'The file to upload' } },
};

type TransformInput = { schema: FastifySchema; url: string; route: RouteOptions };

export function documentRoute({ schema, url, route }: TransformInput): { schema: FastifySchema; url: string } {
  const method = (Array.isArray(route.method) ? route.method[0] : route.method).toUpperCase();
  const doc: Record<string, unknown> = { ...schema };
  const operationId = OPERATION_IDS[`${method} ${url}`];
  if (operationId) doc.operationId = operationId;
  if ((route.config as { public?: boolean } | undefined)?.public) doc.security = [];
  const consumes = (schema as { consumes?: string[] } | undefined)?.consumes;
  if (consumes?.includes('multipart/form-data') && !schema.body) doc.body = MULTIPART_FILE_BODY;
  return { schema: doc as FastifySchema, url };
}
