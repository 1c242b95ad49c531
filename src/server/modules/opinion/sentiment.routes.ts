/** Sentiment routes: what the model says about a text, and a PR officer's correction of it. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { badRequest } from '../../platform/http/problem.js';
import { validBand } from './sentiment.js';
import { SentimentCorrectionBody, SentimentCorrectionOut, SentimentPreviewBody, SentimentPreviewOut } from './sentiment.schema.js';
import { sentimentService } from './sentiment.service.js';

const tags = ['opinion'];

export async function sentimentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const svc = sentimentService(ctx);

  r.post('/opinion/sentiment/preview', { config: { permission: 'opinion.sentiment.preview' }, schema: { tags, summary: 'Sentiment of a text: positive / neutral / negative, the probability that it is negative, its language (by script) and the model version that answered', body: SentimentPreviewBody, response: { 200: SentimentPreviewOut } } }, async (req) => {
    const band = req.body.band;
    if (band && !validBand(band)) throw badRequest('invalid_band', 'The neutral band needs 0 ≤ low ≤ high ≤ 1');
    return svc.preview(req.body.text, band === undefined ? svc.settings.band : band);
  });

  r.post('/opinion/sentiment/corrections', { config: { permission: 'opinion.sentiment.correct' }, schema: { tags, summary: 'Correct the sentiment of a text (audited). The model learns it at once in this instance; a new model version is saved shortly after by the scheduler, and a full retraining follows every 200 corrections.', body: SentimentCorrectionBody, response: { 201: SentimentCorrectionOut } } }, async (req, reply) => {
    const out = await svc.correct(actorOf(req), req.body);
    return reply.code(201).send(out);
  });
}
