import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness.js';
import { solveChallenge, type PowChallenge } from './pow.js';

/**
 * Many complainants at once: N clients, each bound to its own 127.x.y.z source address (the whole
 * 127/8 is loopback on Linux), fetch a bot check from a real listening server, solve it as the
 * browser does and submit — every one is saved; one address going on past the per-address limit
 * gets 429. N = REDRESS_PORTAL_LOAD_N: 200 by default (CI, a few seconds); the issue's acceptance
 * run is REDRESS_PORTAL_LOAD_N=1000 (17–23 s on a loaded 2-core machine, most of it the intake's
 * inline triage), too slow for every CI pass on both databases.
 */
const N = Number(process.env.REDRESS_PORTAL_LOAD_N || 200);

const ISSUES = ['路灯不亮', '垃圾无人清运', '噪音扰民', '下水道堵塞', '占道经营', '停水三天', '电梯故障', '违章停车', '树木倒伏', '井盖缺失', '油烟扰民', '施工夜间作业', '公交站牌损坏'];
const PLACES = ['幸福路', '人民路', '解放街', '建设路', '中山路', '长江路', '黄河路', '和平街', '光明路', '新华路', '青年路', '文化路'];

interface Answer {
  status: number;
  body: string;
}

function request(port: number, localAddress: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      { host: '127.0.0.1', port, localAddress, method, path, agent: false, headers: payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** One complainant, as a browser would: fetch the challenge, solve it, submit. */
async function complainant(port: number, address: string, i: number): Promise<Answer> {
  const ch = await request(port, address, 'GET', '/api/v1/portal/challenge');
  if (ch.status !== 200) return ch;
  const altcha = solveChallenge(JSON.parse(ch.body) as PowChallenge);
  return request(port, address, 'POST', '/api/v1/portal/complaints', {
    description: `${PLACES[i % PLACES.length]}${(i % 97) + 1}号附近${ISSUES[i % ISSUES.length]}，已经持续${(i % 9) + 2}天，请尽快处理。（提交${i}）`,
    place: { text: `${PLACES[i % PLACES.length]}${(i % 97) + 1}号` },
    contact: { name: `市民${i}`, phone: `139${String(10_000_000 + i).slice(-8)}` },
    consent: true,
    language: i % 5 === 0 ? 'en' : 'zh-CN',
    altcha,
  });
}

/** The i-th distinct source address: 127.1.0.1, 127.1.0.2, … (never 127.0.0.x). */
const addressOf = (i: number) => `127.${1 + Math.floor(i / 62_500)}.${Math.floor((i % 62_500) / 250)}.${(i % 250) + 1}`;

describe(`public portal under load (${N} concurrent submissions)`, () => {
  let env: TestEnv;
  let port: number;

  beforeAll(async () => {
    env = await createTestEnv();
    // A low difficulty keeps the test about the server, not about hashing.
    Object.assign(env.ctx.config.portal, { powMaxNumber: 50 });
    // Room for every client's connection at once (Node's default backlog is 511).
    await env.app.listen({ host: '127.0.0.1', port: 0, backlog: 2048 });
    port = (env.app.server.address() as AddressInfo).port;
  });
  afterAll(() => env.close());

  it('saves every submission from many addresses; one address past the limit gets 429', async () => {
    // One submission first: the intake loads its triage model on first use, which is not what is measured.
    const warm = await complainant(port, '127.249.0.1', 0);
    expect(warm.status).toBe(201);
    const before = await env.count('complaints');
    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: N }, (_, i) => complainant(port, addressOf(i), i)));
    const ms = performance.now() - t0;
    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    console.log(`portal load: ${N} concurrent submissions in ${Math.round(ms)} ms (${Math.round((N / ms) * 1000)}/s) on ${env.ctx.dialect}; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(Object.fromEntries(statuses), answers.find((a) => a.status !== 201)?.body).toEqual({ 201: N });
    const tracking = answers.map((a) => (JSON.parse(a.body) as { trackingNo: string }).trackingNo);
    expect(new Set(tracking).size).toBe(N);
    expect((await env.count('complaints')) - before).toBe(N);
    const saved = await env.ctx.db.selectFrom('complaints').select('tracking_no').where('channel', '=', 'web').execute();
    expect(new Set(saved.map((r) => r.tracking_no))).toEqual(new Set([...tracking, (JSON.parse(warm.body) as { trackingNo: string }).trackingNo]));
    expect(await env.count('portal_submissions')).toBe(N + 1);

    // One address keeps going: the limit's worth are saved, the next is refused.
    const limit = env.ctx.config.portal.submitLimit;
    const busy = '127.250.0.1';
    for (let i = 0; i < limit; i++) expect((await complainant(port, busy, N + i)).status).toBe(201);
    const refused = await complainant(port, busy, N + limit);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body).code).toBe('rate_limited');
    expect((await env.count('complaints')) - before).toBe(N + limit);
  }, 120_000);
});
