import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ComplaintService } from '../complaints/complaint.service.js';
import { triageService } from './triage.service.js';
import { clusterRoutes } from './cluster.routes.js';
import { ComplaintDetailOut } from '../complaints/complaint.responses.js';
import { LookupOut, ModelsOut, PreviewOut, RulesOut, SettingsOut, TrainOut } from './triage.responses.js';
import { ConfirmBody, IdParams, LookupQuery, PreviewBody, RuleSetBody, SettingsBody, TrainBody } from './triage.schema.js';

const tags = ['triage'];

export async function triageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const triage = triageService(ctx);
  const complaints = new ComplaintService(ctx);
  // Builds the duplicate index from stored signatures before the first request.
  await triage.init();

  r.post('/triage/preview', { config: { permission: 'complaint.create' }, schema: { tags, summary: 'What triage would say about a complaint being typed in: suggestion, level and explanation, similar open complaints, earlier complaints of the same person (masked)', body: PreviewBody, response: { 200: PreviewOut } } }, async (req) => {
    const actor = actorOf(req);
    return triage.preview(actor, req.body);
  });

  r.get('/complainants/lookup', { config: { permission: 'complainant.lookup' }, schema: { tags, summary: 'Earlier complaints of a person, found by their whole phone number or email through the blind index (complainant.lookup; counted per user, 429 past the quota; audited)', querystring: LookupQuery, response: { 200: LookupOut } } }, async (req) => {
    const actor = actorOf(req);
    return triage.lookup(actor, req.query);
  });

  r.post('/complaints/:id/triage', { config: { permission: 'complaint.triage' }, schema: { tags, summary: 'Confirm or override the triage (category and level); overriding needs a reason. Teaches the classifier.', params: IdParams, body: ConfirmBody, response: { 200: ComplaintDetailOut } } }, async (req) => {
    const actor = actorOf(req);
    await triage.confirm(actor, req.params.id, req.body);
    return complaints.get(actor, req.params.id);
  });

  r.post('/complaints/:id/triage/rerun', { config: { permission: 'complaint.triage' }, schema: { tags, summary: 'Run triage again (a staff confirmation stands)', params: IdParams, response: { 200: ComplaintDetailOut } } }, async (req) => {
    const actor = actorOf(req);
    await complaints.get(actor, req.params.id); // 404 unless visible
    await triage.rerun(req.params.id, actor.id);
    return complaints.get(actor, req.params.id);
  });

  r.get('/triage/rules', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'The severity rule set in force', response: { 200: RulesOut } } }, async () => {
    return triage.getRules();
  });

  r.put('/triage/rules', { config: { permission: 'rules.manage' }, schema: { tags, summary: 'Replace the severity rule set (new version; 400 invalid_rules lists every problem)', body: RuleSetBody, response: { 200: RulesOut } } }, async (req) => {
    const actor = actorOf(req);
    return triage.putRules(actor, req.body as Record<string, unknown>);
  });

  r.get('/triage/settings', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'Triage thresholds and windows', response: { 200: SettingsOut } } }, async () => {
    return triage.getSettings();
  });

  r.put('/triage/settings', { config: { permission: 'rules.manage' }, schema: { tags, summary: 'Change triage thresholds and windows', body: SettingsBody, response: { 200: SettingsOut } } }, async (req) => {
    const actor = actorOf(req);
    return triage.putSettings(actor, req.body);
  });

  r.get('/triage/models', { config: { permission: 'rules.manage' }, schema: { tags, summary: 'Classifier model versions', response: { 200: ModelsOut } } }, async () => {
    return triage.listModels();
  });

  r.post('/triage/models/train', { config: { permission: 'rules.manage' }, schema: { tags, summary: 'Train a new model from the organisation’s labelled complaints (runs inline)', body: TrainBody, response: { 201: TrainOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    return reply.status(201).send(await triage.train(actor.id, { limit: req.body?.limit }));
  });

  await clusterRoutes(app, ctx);
}
