import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { badRequest } from '../../platform/http/problem.js';
import { describeDay } from './calendar.js';
import { dayNumFromIso, isIsoDate, isoFromDayNum } from './timezone.js';
import type { SlaService } from './sla.service.js';
import { CalendarDaysOut, CalendarOut, ClocksOut, ExtensionOut, ExtensionsOut, PoliciesOut, SupervisionsOut } from './sla.responses.js';

const tags = ['sla'];
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const ExtParams = Type.Object({ id: Type.String({ maxLength: 64 }), eid: Type.String({ maxLength: 64 }) });
const Version = Type.Optional(Type.Integer({ minimum: 0, description: 'the version you edited; 409 if someone saved meanwhile' }));

const PoliciesBody = Type.Object({ policies: Type.Array(Type.Any(), { maxItems: 500 }), version: Version }, { additionalProperties: false });
const CalendarBody = Type.Object({ calendar: Type.Any(), version: Version }, { additionalProperties: false });
const DaysQuery = Type.Object({ from: Type.String({ maxLength: 10 }), to: Type.String({ maxLength: 10 }) }, { additionalProperties: false });
const SupervisionBody = Type.Object({ dueAt: Type.String({ format: 'date-time' }), note: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });
const ExtensionBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 5000 }), newDueAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false });
const DecisionBody = Type.Object(
  { decision: Type.Unsafe<'approve' | 'reject'>(Type.Union([Type.Literal('approve'), Type.Literal('reject')])), comment: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);

const MAX_PREVIEW_DAYS = 400;

export async function slaRoutes(app: FastifyInstance, ctx: AppContext, service: SlaService): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // ---- configuration ----
  r.get('/sla/policies', { config: { permission: 'sla.manage' }, schema: { tags, summary: 'SLA policies in force (ordered; the first that defines a target wins)', response: { 200: PoliciesOut } } }, async () => {
    const v = await service.config.policies();
    return { policies: v.value, version: v.version, updatedAt: v.updatedAt, updatedBy: v.updatedBy };
  });
  r.put('/sla/policies', { config: { permission: 'sla.manage' }, schema: { tags, summary: 'Save a new version of the SLA policies', body: PoliciesBody, response: { 200: PoliciesOut } } }, async (req) => {
    const actor = actorOf(req);
    await service.config.save('policies', req.body.policies, actor.id, req.body.version);
    const v = await service.config.policies();
    return { policies: v.value, version: v.version, updatedAt: v.updatedAt, updatedBy: v.updatedBy };
  });
  r.get('/sla/calendar', { config: { permission: 'sla.manage' }, schema: { tags, summary: 'The business calendar', response: { 200: CalendarOut } } }, async () => {
    const v = await service.config.calendar();
    return { calendar: v.value, version: v.version, updatedAt: v.updatedAt, updatedBy: v.updatedBy };
  });
  r.put('/sla/calendar', { config: { permission: 'sla.manage' }, schema: { tags, summary: 'Save a new version of the business calendar', body: CalendarBody, response: { 200: CalendarOut } } }, async (req) => {
    const actor = actorOf(req);
    await service.config.save('calendar', req.body.calendar, actor.id, req.body.version);
    const v = await service.config.calendar();
    return { calendar: v.value, version: v.version, updatedAt: v.updatedAt, updatedBy: v.updatedBy };
  });
  r.get('/sla/calendar/days', { config: { permission: 'sla.manage' }, schema: { tags, summary: 'Preview: which days are worked, and why (from/to YYYY-MM-DD, inclusive)', querystring: DaysQuery, response: { 200: CalendarDaysOut } } }, async (req) => {
    const { from, to } = req.query;
    if (!isIsoDate(from) || !isIsoDate(to)) throw badRequest('invalid_date', 'from and to must be dates YYYY-MM-DD');
    const a = dayNumFromIso(from);
    const b = dayNumFromIso(to);
    if (b < a) throw badRequest('invalid_range', 'to is before from');
    if (b - a + 1 > MAX_PREVIEW_DAYS) throw badRequest('range_too_long', `At most ${MAX_PREVIEW_DAYS} days at a time`);
    const cal = (await service.config.calendar()).value;
    const items = [];
    for (let d = a; d <= b; d++) items.push(describeDay(cal, isoFromDayNum(d)));
    return { timeZone: cal.timeZone, items };
  });

  // ---- a complaint's deadlines ----
  r.get('/complaints/:id/sla', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'The complaint’s SLA clocks: remaining time, state, due time and cycles', params: IdParams, response: { 200: ClocksOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.clocks(actor, req.params.id);
  });

  r.get('/complaints/:id/supervision', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'Supervision records (督办) of a complaint', params: IdParams, response: { 200: SupervisionsOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.supervisions(actor, req.params.id);
  });
  r.post('/complaints/:id/supervision', { config: { permission: 'complaint.supervise' }, schema: { tags, summary: 'Open a supervision (督办) with a due date; formal reminders follow', params: IdParams, body: SupervisionBody, response: { 201: SupervisionsOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    return reply.status(201).send(await service.supervise(actor, req.params.id, req.body));
  });

  r.get('/complaints/:id/extensions', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'Extension requests (延期) of a complaint', params: IdParams, response: { 200: ExtensionsOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.extensions(actor, req.params.id);
  });
  r.post('/complaints/:id/extensions', { config: { permission: 'complaint.extension_request' }, schema: { tags, summary: 'Ask for more time before the resolution deadline expires', params: IdParams, body: ExtensionBody, response: { 201: ExtensionOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    return reply.status(201).send(await service.requestExtension(actor, req.params.id, req.body));
  });
  r.post('/complaints/:id/extensions/:eid/decision', { config: { permission: 'complaint.extension_decide' }, schema: { tags, summary: 'Approve or refuse an extension (department head); the complainant is told the new date', params: ExtParams, body: DecisionBody, response: { 200: ExtensionOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.decideExtension(actor, req.params.id, req.params.eid, req.body);
  });
}
