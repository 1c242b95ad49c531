import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { assignRole, changeLevel, changeStatus, fileSitrep, linkComplaintsByHand, recordDecision } from './incident.command.js';
import { activateByHand } from './incident.manual.js';
import { getIncident, incidentTimeline, listIncidents } from './incident.queries.js';
import { actOnTask } from './incident.tasks.js';
import {
  ActivateBody, DecisionBody, IncidentListOut, LinkBody, IncidentOut, IncidentParams, LevelBody, ListQuery, RoleBody, RoleParams, SitrepBody, StatusBody, TaskActionBody, TaskParams, TimelineOut,
} from './incident.schema.js';

const tags = ['incidents'];

/**
 * Incident command (应急事件). Reading needs contingency.read (department-bound roles see their
 * departments' incidents and those they are part of; others 404). Command routes declare
 * contingency.read because the incident's commander may command whatever their role: the service
 * checks incident.command or commander (403), and a task's assignee for their own task.
 */
export async function incidentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const read = { permission: 'contingency.read' as const };
  const command = { permission: 'contingency.read' as const, errors: [409] };

  r.get('/incidents', { config: read, schema: { tags, summary: 'Incidents the caller may see, newest first', querystring: ListQuery, response: { 200: IncidentListOut } } }, async (req) =>
    listIncidents(ctx, actorOf(req), req.query),
  );

  r.post(
    '/incidents',
    { config: { permission: 'incident.activate', errors: [409] }, schema: { tags, summary: 'Activate a published plan by hand (a department head: their own departments only)', body: ActivateBody, response: { 201: IncidentOut } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const id = await activateByHand(ctx, actor, req.body);
      return reply.status(201).send(await getIncident(ctx, actor, id));
    },
  );

  r.get('/incidents/:id', { config: read, schema: { tags, summary: 'One incident: plan version, team, tasks with due times, situation reports, decisions, complaints', params: IncidentParams, response: { 200: IncidentOut } } }, async (req) =>
    getIncident(ctx, actorOf(req), req.params.id),
  );

  r.get('/incidents/:id/timeline', { config: read, schema: { tags, summary: 'The incident’s one timeline, oldest first', params: IncidentParams, response: { 200: TimelineOut } } }, async (req) =>
    incidentTimeline(ctx, actorOf(req), req.params.id),
  );

  r.post(
    '/incidents/:id/status',
    { config: command, schema: { tags, summary: 'active → stable → resolved → closed (closing needs incident.close)', params: IncidentParams, body: StatusBody, response: { 200: IncidentOut } } },
    async (req) => {
      const actor = actorOf(req);
      await changeStatus(ctx, actor, req.params.id, req.body);
      return getIncident(ctx, actor, req.params.id);
    },
  );

  r.post(
    '/incidents/:id/level',
    { config: command, schema: { tags, summary: 'Change the level (reason required); the new level’s steps become tasks', params: IncidentParams, body: LevelBody, response: { 200: IncidentOut } } },
    async (req) => {
      const actor = actorOf(req);
      await changeLevel(ctx, actor, req.params.id, req.body);
      return getIncident(ctx, actor, req.params.id);
    },
  );

  r.put(
    '/incidents/:id/roles/:roleKey',
    { config: command, schema: { tags, summary: 'Put a person in a plan role (or replace its holder)', params: RoleParams, body: RoleBody, response: { 200: IncidentOut } } },
    async (req) => {
      const actor = actorOf(req);
      await assignRole(ctx, actor, req.params.id, req.params.roleKey, req.body);
      return getIncident(ctx, actor, req.params.id);
    },
  );

  r.post(
    '/incidents/:id/tasks/:taskId/actions',
    { config: command, schema: { tags, summary: 'Start, finish, block (with a reason) or (re)assign a task', params: TaskParams, body: TaskActionBody, response: { 200: IncidentOut } } },
    async (req) => {
      const actor = actorOf(req);
      await actOnTask(ctx, actor, req.params.id, req.params.taskId, req.body);
      return getIncident(ctx, actor, req.params.id);
    },
  );

  r.post(
    '/incidents/:id/sitreps',
    { config: command, schema: { tags, summary: 'File a situation report (情况报告): conditions, actions, needs', params: IncidentParams, body: SitrepBody, response: { 201: IncidentOut } } },
    async (req, reply) => {
      const actor = actorOf(req);
      await fileSitrep(ctx, actor, req.params.id, req.body);
      return reply.status(201).send(await getIncident(ctx, actor, req.params.id));
    },
  );

  r.post(
    '/incidents/:id/decisions',
    { config: command, schema: { tags, summary: 'Record a decision and its rationale', params: IncidentParams, body: DecisionBody, response: { 201: IncidentOut } } },
    async (req, reply) => {
      const actor = actorOf(req);
      await recordDecision(ctx, actor, req.params.id, req.body);
      return reply.status(201).send(await getIncident(ctx, actor, req.params.id));
    },
  );

  r.post(
    '/incidents/:id/complaints',
    { config: command, schema: { tags, summary: 'Link more complaints to the incident (each one the caller may see)', params: IncidentParams, body: LinkBody, response: { 200: IncidentOut } } },
    async (req) => {
      const actor = actorOf(req);
      await linkComplaintsByHand(ctx, actor, req.params.id, req.body.complaintIds);
      return getIncident(ctx, actor, req.params.id);
    },
  );
}
