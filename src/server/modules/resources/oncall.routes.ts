import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { OnCallService } from './oncall.service.js';
import { CreateScheduleBody, IdParams, OnCallOut, OnCallQuery, OverrideBody, OverrideParams, ScheduleList, ScheduleListQuery, ScheduleOut, UpdateScheduleBody } from './oncall.schema.js';

const tags = ['oncall'];

/** On-call schedules (值班): /oncall/schedules and "who is on call now" (/oncall/now). */
export async function onCallRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = new OnCallService(ctx);

  r.get('/oncall/schedules', { config: { permission: 'contingency.read' }, schema: { tags, summary: 'On-call schedules with who is on call now and the next shifts', querystring: ScheduleListQuery, response: { 200: ScheduleList } } }, async (req) => service.list(req.query));

  r.post('/oncall/schedules', { config: { permission: 'oncall.manage' }, schema: { tags, summary: 'Create a rotation for a role (daily or weekly handoff, in a time zone)', body: CreateScheduleBody, response: { 201: ScheduleOut } } }, async (req, reply) => {
    return reply.status(201).send(await service.create(actorOf(req), req.body));
  });

  r.get('/oncall/schedules/:id', { config: { permission: 'contingency.read' }, schema: { tags, summary: 'One on-call schedule', params: IdParams, response: { 200: ScheduleOut } } }, async (req) => service.get(req.params.id));

  r.patch('/oncall/schedules/:id', { config: { permission: 'oncall.manage' }, schema: { tags, summary: 'Change a rotation (active: false retires it)', params: IdParams, body: UpdateScheduleBody, response: { 200: ScheduleOut } } }, async (req) => {
    return service.update(actorOf(req), req.params.id, req.body);
  });

  r.post('/oncall/schedules/:id/overrides', { config: { permission: 'oncall.manage' }, schema: { tags, summary: 'Someone covers the schedule for a time range', params: IdParams, body: OverrideBody, response: { 201: ScheduleOut } } }, async (req, reply) => {
    return reply.status(201).send(await service.addOverride(actorOf(req), req.params.id, req.body));
  });

  r.delete('/oncall/schedules/:id/overrides/:overrideId', { config: { permission: 'oncall.manage' }, schema: { tags, summary: 'Remove an override', params: OverrideParams, response: { 200: ScheduleOut } } }, async (req) => {
    return service.deleteOverride(actorOf(req), req.params.id, req.params.overrideId);
  });

  r.get('/oncall/now', { config: { permission: 'contingency.read' }, schema: { tags, summary: 'Who is on call for a role now (or at a given instant), in fallback order', querystring: OnCallQuery, response: { 200: OnCallOut } } }, async (req) => service.now(req.query));
}
