import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { PORTAL_USER_ID } from './portal.actor.js';
import { portalBody, publicCategory, solved } from './portal.helpers.js';

const post = (env: TestEnv, url: string, payload: unknown, ip = '127.0.0.1', headers: Record<string, string> = {}) =>
  env.app.inject({ method: 'POST', url: `/api/v1/portal${url}`, payload: payload as object, remoteAddress: ip, headers });

describe('public portal', () => {
  let env: TestEnv;
  let admin: TestClient;
  let categoryId: string;
  let ipN = 0;
  /** A fresh source address per test, so the per-address limits of one test do not touch another. */
  const ip = () => `10.1.${Math.floor(++ipN / 250)}.${(ipN % 250) + 1}`;

  beforeAll(async () => {
    env = await createTestEnv();
    Object.assign(env.ctx.config.portal, { powMaxNumber: 300 });
    admin = await env.client(['admin']);
    categoryId = await publicCategory(env, 'P1');
    await publicCategory(env, 'H1', false);
  });
  afterAll(() => env.close());

  it('lists only active public categories, without signing in', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/portal/categories' });
    expect(r.statusCode).toBe(200);
    expect(r.json().items.map((c: { code: string }) => c.code)).toEqual(['P1']);
  });

  it('a solved bot check submits a web complaint through the ordinary intake and answers tracking number and access code', async () => {
    const from = ip();
    const r = await post(env, '/complaints', portalBody(await solved(env, from), { categoryId }), from);
    expect(r.statusCode, r.body).toBe(201);
    const out = r.json();
    expect(out.trackingNo).toMatch(/^TS\d{8}-\d{6}$/);
    expect(out.accessCode).toMatch(/^[A-Z2-9]{10}$/);
    const row = await env.ctx.db.selectFrom('complaints').selectAll().where('tracking_no', '=', out.trackingNo).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'web', created_by: PORTAL_USER_ID, category_id: categoryId, location_text: '幸福路12号' });
    const tl = (await admin.get(`/api/v1/complaints/${row.id}/timeline`)).json().items.map((t: { kind: string }) => t.kind);
    expect(tl).toEqual(['created', 'triaged']);
    const sub = await env.ctx.db.selectFrom('portal_submissions').selectAll().where('complaint_id', '=', row.id).executeTakeFirstOrThrow();
    expect(sub.language).toBe('zh-CN');
  });

  it('refuses a replayed, forged, tampered or expired bot check, and a missing consent, writing nothing', async () => {
    const from = ip();
    const altcha = await solved(env, from);
    expect((await post(env, '/complaints', portalBody(altcha), from)).statusCode).toBe(201);
    const before = await env.count('complaints');
    const replay = await post(env, '/complaints', portalBody(altcha), from);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toBe('pow_replayed');

    const fresh = JSON.parse(Buffer.from(await solved(env, from), 'base64').toString());
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64');
    const forged = await post(env, '/complaints', portalBody(enc({ ...fresh, signature: 'a'.repeat(64) })), from);
    expect(forged.json().code).toBe('pow_invalid');
    const tampered = await post(env, '/complaints', portalBody(enc({ ...fresh, number: fresh.number + 1 })), from);
    expect(tampered.json().code).toBe('pow_invalid');
    // A longer expiry written into the salt breaks the challenge hash and the signature.
    const extended = await post(env, '/complaints', portalBody(enc({ ...fresh, salt: fresh.salt.replace(/expires=\d+/, 'expires=9999999999') })), from);
    expect(extended.json().code).toBe('pow_invalid');
    expect((await post(env, '/complaints', portalBody('not base64 json'), from)).json().code).toBe('pow_malformed');
    const noConsent = await post(env, '/complaints', portalBody(enc(fresh), { consent: false }), from);
    expect(noConsent.json().code).toBe('consent_required');
    expect((await post(env, '/complaints', portalBody(enc(fresh), { description: ' \n ' }), from)).json().code).toBe('description_required');

    const ttl = env.ctx.config.portal.powTtlMs;
    env.ctx.config.portal.powTtlMs = 1000;
    const short = await solved(env, from);
    env.ctx.config.portal.powTtlMs = ttl;
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await post(env, '/complaints', portalBody(short), from);
    expect(expired.statusCode).toBe(400);
    expect(expired.json().code).toBe('pow_expired');
    expect(await env.count('complaints')).toBe(before);
    // The unspent fresh solution still works once.
    expect((await post(env, '/complaints', portalBody(enc(fresh)), from)).statusCode).toBe(201);
  });

  it('an Idempotency-Key retry answers the same tracking number and access code without a new bot check', async () => {
    const from = ip();
    const key = `k-${Date.now()}`;
    const body = portalBody(await solved(env, from), { description: '幂等提交测试：同一个请求重试' });
    const a = await post(env, '/complaints', body, from, { 'idempotency-key': key });
    const b = await post(env, '/complaints', body, from, { 'idempotency-key': key });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json()).toEqual(a.json());
    const other = await post(env, '/complaints', { ...body, description: '另一个内容' }, from, { 'idempotency-key': key });
    expect(other.statusCode).toBe(422);
  });

  describe('tracking with the access code', () => {
    let trackingNo: string;
    let accessCode: string;
    let id: string;

    beforeAll(async () => {
      const from = ip();
      const r = await post(env, '/complaints', portalBody(await solved(env, from), { categoryId }), from);
      ({ trackingNo, accessCode } = r.json());
      id = (await env.ctx.db.selectFrom('complaints').select('id').where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow()).id;
      const dept = await env.department('市政处', 'Municipal works');
      for (const body of [{ action: 'assign', departmentId: dept }, { action: 'sign' }, { action: 'reply', message: '已安排维修，三日内修复。' }]) {
        const x = await admin.post(`/api/v1/complaints/${id}/actions`, body);
        expect(x.statusCode, x.body).toBe(200);
      }
      await admin.post(`/api/v1/complaints/${id}/notes`, { body: '内部：维修班组张师傅负责', visibility: 'internal' });
    });

    it('shows the status and the public reply, never internal notes or staff names, with the contact masked', async () => {
      const r = await post(env, '/track', { trackingNo: trackingNo.toLowerCase(), accessCode: ` ${accessCode.toLowerCase()} ` }, ip());
      expect(r.statusCode, r.body).toBe(200);
      const v = r.json();
      expect(v.status).toBe('replied');
      const reply = v.timeline.find((t: { kind: string }) => t.kind === 'reply');
      expect(reply.body).toBe('已安排维修，三日内修复。');
      expect(reply.by).toEqual({ nameZh: '市政处', nameEn: 'Municipal works' });
      expect(r.body).not.toContain('张师傅');
      expect(r.body).not.toContain('admin');
      expect(v.timeline.every((t: { kind: string }) => t.kind !== 'note' && t.kind !== 'triaged')).toBe(true);
      expect(v.contact).toEqual({ name: '李*', phone: '139****1111', email: 'l***@example.com' });
      expect(r.body).not.toContain('13900001111');
    });

    it('a wrong code and an unknown number get the same 404 and reveal nothing', async () => {
      const from = ip();
      const wrong = await post(env, '/track', { trackingNo, accessCode: 'AAAAAAAAAA' }, from);
      const unknown = await post(env, '/track', { trackingNo: 'TS20000101-000001', accessCode }, from);
      expect(wrong.statusCode).toBe(404);
      expect(unknown.statusCode).toBe(404);
      expect(wrong.body).toBe(unknown.body);
      expect(wrong.body).not.toContain(trackingNo);
      // The same for additions and survey answers by code.
      const info = await post(env, '/track/info', { trackingNo, accessCode: 'AAAAAAAAAA', text: 'x' }, from);
      expect(info.body).toBe(unknown.body);
    });

    it('adds information and a file with the code; the staff timeline shows them', async () => {
      const from = ip();
      const r = await post(env, '/track/info', { trackingNo, accessCode, text: '补充：路灯编号 A-17' }, from);
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().timeline.some((t: { kind: string; body: string }) => t.kind === 'complainant_info' && t.body === '补充：路灯编号 A-17')).toBe(true);
      const boundary = '----portal' + Date.now();
      const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const multipart = (file: string, type: string, code = accessCode) =>
        Buffer.from(`${part('trackingNo', trackingNo)}${part('accessCode', code)}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file}"\r\nContent-Type: ${type}\r\n\r\nphoto bytes\r\n--${boundary}--\r\n`);
      const upload = (payload: Buffer) => env.app.inject({ method: 'POST', url: '/api/v1/portal/attachments', payload, remoteAddress: from, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
      const ok = await upload(multipart('lamp.jpg', 'image/jpeg'));
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({ filename: 'lamp.jpg', size: 11 });
      expect((await upload(multipart('x.html', 'text/html'))).statusCode).toBe(415);
      expect((await upload(multipart('lamp.jpg', 'image/jpeg', 'WRONGCODE1'))).statusCode).toBe(404);
      const staff = (await admin.get(`/api/v1/complaints/${id}/attachments`)).json().items;
      expect(staff.map((a: { filename: string }) => a.filename)).toEqual(['lamp.jpg']);
      const kinds = (await admin.get(`/api/v1/complaints/${id}/timeline`)).json().items.map((t: { kind: string }) => t.kind);
      expect(kinds).toEqual(expect.arrayContaining(['complainant_info', 'attachment']));
    });

    it('counts code attempts per address: past the limit 429 with Retry-After, other addresses unaffected', async () => {
      const from = ip();
      const limit = env.ctx.config.portal.codeLimit;
      env.ctx.config.portal.codeLimit = 5;
      try {
        for (let i = 0; i < 5; i++) expect((await post(env, '/track', { trackingNo, accessCode: `WRONG${i}` }, from)).statusCode).toBe(404);
        const r = await post(env, '/track', { trackingNo, accessCode }, from);
        expect(r.statusCode).toBe(429);
        expect(r.json().code).toBe('rate_limited');
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
        expect((await post(env, '/track', { trackingNo, accessCode }, ip())).statusCode).toBe(200);
      } finally {
        env.ctx.config.portal.codeLimit = limit;
      }
    });
  });

  it('counts submissions per address: past the limit 429', async () => {
    const from = ip();
    const limit = env.ctx.config.portal.submitLimit;
    env.ctx.config.portal.submitLimit = 2;
    try {
      for (let i = 0; i < 2; i++) expect((await post(env, '/complaints', portalBody(await solved(env, from)), from)).statusCode).toBe(201);
      const before = await env.count('complaints');
      const r = await post(env, '/complaints', portalBody(await solved(env, from)), from);
      expect(r.statusCode).toBe(429);
      expect(r.headers['retry-after']).toBeDefined();
      expect(await env.count('complaints')).toBe(before);
    } finally {
      env.ctx.config.portal.submitLimit = limit;
    }
  });

  it('portal routes ignore a staff session cookie: no authority comes from it, and no CSRF token is asked for', async () => {
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/portal/track', payload: { trackingNo: 'TS20000101-000001', accessCode: 'X' }, headers: { cookie: `redress_session=${admin.session!.cookie}` }, remoteAddress: ip() });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('not_found');
  });
});
