// GET /metrics on a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL), scraped as
// Prometheus would and parsed by the Prometheus client's text-format parser (prometheus-parser.testkit.ts): HTTP latency labelled by route
// pattern (never a raw URL with ids), intake per channel, job depth/lateness/dead, SLA clocks, SSE
// streams, DB pool or SQLite group commits, Node's defaults; refused without the token; served on a
// separate port when configured. And request ids: echoed, and carried into the logs of the jobs the
// request enqueued.
import http from 'node:http';
import net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, usingPostgres, type TestClient, type TestEnv } from '../../test/harness.js';
import { openSse, waitFor, type SseClient } from '../../modules/notifications/notify.testkit.js';
import { buildApp } from '../../app.js';
import { PARSER_AVAILABLE, parsePrometheusText, type ParsedFamily, type ParsedSample } from './prometheus-parser.testkit.js';

const TOKEN = 'metrics-token-0123456789abcdef';
let env: TestEnv;
let agent: TestClient;
let base: string;
const logLines: Array<Record<string, unknown>> = [];
const streams: SseClient[] = [];

interface Scrape {
  families: Map<string, ParsedFamily>;
  samples: ParsedSample[];
}

async function scrape(): Promise<Scrape> {
  const res = await env.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const families = parsePrometheusText(res.body);
  return { families: new Map(families.map((f) => [f.name, f])), samples: families.flatMap((f) => f.samples) };
}

/** The value of the first sample of this name whose labels include these. */
function value(m: Scrape, name: string, labels: Record<string, string> = {}): number | undefined {
  return find(m, name, labels)[0]?.value;
}

function find(m: Scrape, name: string, labels: Record<string, string> = {}): ParsedSample[] {
  return m.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

beforeAll(async () => {
  const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) });
  env = await createTestEnv({ startJobs: true, log, config: { metrics: { token: TOKEN, host: '127.0.0.1' } } });
  agent = await env.client(['intake_agent']);
  base = await env.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  for (const s of streams) s.close();
  await env?.close();
});

describe.skipIf(!PARSER_AVAILABLE)('/metrics', () => {
  it('is refused without the right bearer token (and is not open by default)', async () => {
    expect((await env.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await env.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('metrics_token_required');
    // A session is no substitute for the token.
    expect((await agent.get('/metrics')).statusCode).toBe(401);
  });

  it('counts intake by channel and times requests by route pattern, method and status — no ids in labels', async () => {
    const before = await scrape();
    const phoneBefore = value(before, 'redress_complaints_created_total', { channel: 'phone' }) ?? 0;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await agent.post('/api/v1/complaints', sampleComplaint({ subject: `食堂投诉 ${i}` }));
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const web = await agent.post('/api/v1/complaints', sampleComplaint({ channel: 'web' }));
    expect(web.statusCode, web.body).toBe(201);
    expect((await agent.get(`/api/v1/complaints/${ids[0]}`)).statusCode).toBe(200);
    expect((await agent.get('/api/v1/complaints/00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);

    const after = await scrape();
    expect(after.families.get('redress_complaints_created')!.type).toBe('counter');
    expect(value(after, 'redress_complaints_created_total', { channel: 'phone' })).toBe(phoneBefore + 3);
    expect(value(after, 'redress_complaints_created_total', { channel: 'web' })).toBeGreaterThanOrEqual(1);

    expect(after.families.get('redress_http_request_duration_seconds')!.type).toBe('histogram');
    const post = { route: '/api/v1/complaints', method: 'POST', status_code: '201' };
    expect(value(after, 'redress_http_request_duration_seconds_count', post)).toBeGreaterThanOrEqual(4);
    expect(find(after, 'redress_http_request_duration_seconds_count', post)[0].labels.status_class).toBe('2xx');
    expect(value(after, 'redress_http_request_duration_seconds_bucket', { ...post, le: '+Inf' })).toBe(value(after, 'redress_http_request_duration_seconds_count', post));
    expect(value(after, 'redress_http_request_duration_seconds_sum', post)).toBeGreaterThan(0);
    const byId = find(after, 'redress_http_request_duration_seconds_count', { route: '/api/v1/complaints/:id', method: 'GET' });
    expect(byId.map((x) => x.labels.status_code).sort()).toEqual(['200', '404']);
    expect(find(after, 'redress_http_request_duration_seconds_count', { status_class: '4xx' }).length).toBeGreaterThan(0);
    // No label anywhere holds a complaint id.
    const labelValues = after.samples.flatMap((x) => Object.values(x.labels));
    for (const id of ids) expect(labelValues.some((v) => v.includes(id))).toBe(false);
  });

  it('shows job depth by status and lane, dead jobs, lateness of started jobs, SLA clocks, DB use and Node defaults', async () => {
    // The intake above enqueued event jobs; wait until the runner has started some.
    await waitFor(async () => ((value(await scrape(), 'redress_job_lateness_seconds_count', { lane: 'core' }) ?? 0) > 0 ? true : undefined), 'a job attempt', 10_000);
    const m = await scrape();
    expect(m.families.get('redress_jobs')!.type).toBe('gauge');
    for (const status of ['pending', 'running', 'dead']) for (const lane of ['core', 'outbound']) expect(value(m, 'redress_jobs', { status, lane }), `${status}/${lane}`).toBeGreaterThanOrEqual(0);
    expect(m.families.get('redress_jobs_dead')!.type).toBe('gauge');
    expect(value(m, 'redress_jobs_due')).toBeGreaterThanOrEqual(0);
    expect(value(m, 'redress_job_lateness_seconds_count', { lane: 'core' })).toBeGreaterThan(0);
    expect(value(m, 'redress_job_lateness_seconds_bucket', { lane: 'core', le: '+Inf' })).toBe(value(m, 'redress_job_lateness_seconds_count', { lane: 'core' }));
    expect(value(m, 'redress_job_attempts_total', { outcome: 'done' })).toBeGreaterThan(0);
    expect(value(m, 'redress_sla_clocks', { kind: 'resolution', status: 'breached' })).toBe(0);
    expect(value(m, 'redress_sla_clocks', { kind: 'firstResponse', status: 'warning' })).toBe(0);
    if (usingPostgres()) {
      expect(value(m, 'redress_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
      expect(value(m, 'redress_db_pool_connections', { state: 'waiting' })).toBe(0);
    } else {
      expect(value(m, 'redress_sqlite_group_commit_size_count')).toBeGreaterThan(0);
    }
    expect(value(m, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(m, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(value(m, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts open SSE streams', async () => {
    const before = value(await scrape(), 'redress_sse_connections') ?? 0;
    const s = await openSse(base, { cookie: `redress_session=${agent.session!.cookie}` });
    streams.push(s);
    expect(s.status).toBe(200);
    await s.next((x) => x.event === 'ready', 'ready');
    expect(value(await scrape(), 'redress_sse_connections')).toBe(before + 1);
    s.close();
    await waitFor(async () => (value(await scrape(), 'redress_sse_connections') === before ? true : undefined), 'the stream to close', 5_000);
  });

  it('is served on a separate port instead when REDRESS_METRICS_PORT is set', async () => {
    const port = await freePort();
    const app = await buildApp({ ...env.ctx, config: { ...env.ctx.config, metrics: { port, host: '127.0.0.1' } } }, { logger: false, webDir: '/nonexistent' });
    try {
      const main = await app.listen({ port: 0, host: '127.0.0.1' });
      expect((await get(`${main}/metrics`)).status).toBe(404);
      const res = await get(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(parsePrometheusText(res.body).some((f) => f.name === 'redress_http_request_duration_seconds')).toBe(true);
      expect((await get(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      await app.close();
    }
    await expect(get(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});

describe('request ids', () => {
  it('echoes a well-formed X-Request-Id, replaces a malformed one, and carries it into the logs of the jobs the request started', async () => {
    const rid = `test-req-${Date.now()}`;
    const res = await agent.post('/api/v1/complaints', sampleComplaint(), { 'x-request-id': rid });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['x-request-id']).toBe(rid);
    const bad = await agent.request({ method: 'GET', url: '/api/v1/complaints', headers: { 'x-request-id': 'bad id\u0000<script>' } });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(bad.headers['x-request-id']).not.toBe(rid);

    // The complaint.created event job (and any job its subscribers enqueued) logs its run with the request's id.
    const jobLine = await waitFor(() => logLines.find((l) => l.msg === 'job ran' && l.reqId === rid), `a job log line with reqId ${rid}`, 10_000);
    expect(jobLine.type).toBe('event');
    expect(typeof jobLine.job).toBe('string');
    const stored = await env.ctx.db.selectFrom('jobs').select(['type', 'request_id']).where('request_id', '=', rid).execute();
    expect(stored.length).toBeGreaterThan(0);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}
