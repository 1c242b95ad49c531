import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { LEARN_JOB, RETRAIN_JOB, SentimentService, sentimentService } from './sentiment.service.js';

const PREVIEW = '/api/v1/opinion/sentiment/preview';
const CORRECT = '/api/v1/opinion/sentiment/corrections';

describe('sentiment over HTTP: preview, corrections, learning through the scheduler', () => {
  let env: TestEnv;
  let pr: TestClient;
  let analyst: TestClient;
  let handler: TestClient;

  beforeAll(async () => {
    env = await createTestEnv();
    [pr, analyst, handler] = await Promise.all([env.client(['pr_officer']), env.client(['analyst']), env.client(['handler'])]);
  });
  afterAll(() => env.close());

  it('previews a text: label, probability of negative, language and model version', async () => {
    const r = await pr.post(PREVIEW, { text: '不好吃，送餐还慢' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ label: 'negative', language: 'zh', modelVersion: null });
    expect(r.json().pNegative).toBeGreaterThan(0.6);
    const en = (await analyst.post(PREVIEW, { text: 'not good' })).json();
    expect(en).toMatchObject({ label: 'negative', language: 'en' });
    // The band is the caller's to set: everything neutral, or binary.
    expect((await pr.post(PREVIEW, { text: '不好吃', band: { low: 0, high: 1 } })).json().label).toBe('neutral');
    expect((await pr.post(PREVIEW, { text: 'The meeting is on Tuesday', band: null })).json().label).toBe('negative');
  });

  it('refuses other roles and bad input without writing anything', async () => {
    expect((await handler.post(PREVIEW, { text: '不好吃' })).statusCode).toBe(403);
    expect((await handler.post(CORRECT, { text: '不好吃', label: 'positive' })).statusCode).toBe(403);
    for (const body of [{}, { text: '' }, { text: '   ' }, { text: 'x'.repeat(20_001) }, { text: '好', extra: 1 }]) {
      const r = await pr.post(PREVIEW, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
    }
    const bad = await pr.post(PREVIEW, { text: '好', band: { low: 0.7, high: 0.3 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_band');
    expect((await pr.post(CORRECT, { text: '好吃', label: 'great' })).statusCode).toBe(400);
    expect(await env.count('opinion_sentiment_corrections')).toBe(0);
  });

  it('a correction is stored and audited, learned at once, saved as a version by the learn job, and read by another instance', async () => {
    const text = '这个楼盘又上热搜了，业主群都在转';
    const before = (await pr.post(PREVIEW, { text, band: null })).json();
    const label = before.label === 'negative' ? 'positive' : 'negative';

    const r = await pr.post(CORRECT, { text, label, mentionId: 'mention-1' });
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json();
    expect(body).toMatchObject({ label, language: 'zh', before: { modelVersion: null } });
    expect(body.after.label).toBe(label);
    // Learned at once in this instance.
    expect((await pr.post(PREVIEW, { text, band: null })).json().label).toBe(label);

    const row = await env.ctx.db.selectFrom('opinion_sentiment_corrections').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ text, label, language: 'zh', mention_id: 'mention-1', corrected_by: pr.userId, model_version: null });
    const audit = await env.ctx.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'opinion.sentiment_corrected').execute();
    expect(audit).toEqual([{ action: 'opinion.sentiment_corrected', entity_id: body.id }]);
    // One learn job, due after the debounce, on the one scheduler.
    const jobs = await env.ctx.db.selectFrom('jobs').select(['type', 'status']).where('type', '=', LEARN_JOB).execute();
    expect(jobs).toEqual([{ type: LEARN_JOB, status: 'pending' }]);

    // Another instance (a fresh service on the same database) before the job ran: replays the correction.
    const other = new SentimentService(env.ctx);
    expect((await other.preview(text, null)).label).toBe(label);

    // The learn job's work: a new active version holding the correction.
    const version = await sentimentService(env.ctx).saveLearned();
    expect(version).toBe(1);
    const models = await env.ctx.db.selectFrom('opinion_sentiment_models').select(['version', 'source', 'active', 'corrections']).execute();
    expect(models.map((m) => ({ ...m, version: Number(m.version), active: Number(m.active), corrections: Number(m.corrections) }))).toEqual([{ version: 1, source: 'learn', active: 1, corrections: 1 }]);
    const third = new SentimentService(env.ctx);
    const after = await third.preview(text, null);
    expect(after).toMatchObject({ label, modelVersion: 1 });
    expect((await pr.post(PREVIEW, { text, band: null })).json()).toMatchObject({ label, modelVersion: 1 });
    // The batch analyser (mention ingest) answers from the same version.
    const analyze = await sentimentService(env.ctx).analyzer(null);
    expect([text, '不好吃'].map((t) => analyze(t).label)).toEqual([label, 'negative']);
    expect(analyze(text).modelVersion).toBe(1);
    // Nothing new: the job saves no further version.
    expect(await sentimentService(env.ctx).saveLearned()).toBe(1);
  });

  it('a neutral correction is stored but schedules no learning', async () => {
    const jobsBefore = await env.count('jobs');
    const r = await analyst.post(CORRECT, { text: '今天发布会下午三点开始', label: 'neutral' });
    expect(r.statusCode, r.body).toBe(201);
    expect(await env.count('jobs')).toBe(jobsBefore);
  });

  it('a full retraining keeps what the officers corrected (and is the retrain job’s work)', async () => {
    const svc = new SentimentService(env.ctx);
    // A small corpus keeps the test fast; the job retrains on the bundled reviews.
    svc.corpus = () => [
      ...['好吃', '很满意', '服务很好', '物流很快', '质量不错', '推荐购买'].map((text) => ({ text, negative: false })),
      ...['难吃', '很失望', '服务太差', '物流太慢', '质量很差', '不推荐'].map((text) => ({ text, negative: true })),
    ];
    const text = '业主投诉电梯坏了三天没人修';
    await pr.post(CORRECT, { text, label: 'negative' });
    await pr.post(CORRECT, { text: 'no problem at all', label: 'positive' });
    const v = await svc.retrain(null);
    expect(v).toBe(2);
    const fresh = new SentimentService(env.ctx);
    expect(await fresh.preview(text, null)).toMatchObject({ label: 'negative', modelVersion: 2 });
    expect(await fresh.preview('no problem at all', null)).toMatchObject({ label: 'positive', language: 'en' });
    expect(RETRAIN_JOB).toBe('opinion.sentiment.retrain');
  });
});
