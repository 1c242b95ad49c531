// Open311 GeoReport v2 as a partner application uses it: services → POST (form-encoded, with an
// api_key) → GET by id → GET list, in JSON and in XML (parsed with a real XML parser), the spec's
// errors in both formats, and what the public reads never holding the complainant's details.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { reserveSubmission } from './open311.rate.js';

const FORM = 'application/x-www-form-urlencoded';
const LISTS = new Set(['service', 'request', 'error', 'endpoint', 'format', 'attribute']);
const parser = new XMLParser({ parseTagValue: false, isArray: (name) => LISTS.has(name) });

/** The XML body, checked well-formed, parsed. */
function xml(res: LightMyRequestResponse): Record<string, any> {
  expect(res.headers['content-type']).toMatch(/^text\/xml; charset=utf-8/);
  expect(XMLValidator.validate(res.body)).toBe(true);
  return parser.parse(res.body) as Record<string, any>;
}

const PII = { first_name: '三', last_name: '张', phone: '13812345678', email: 'zhang.san@example.com' };
const DESCRIPTION = '人民路与解放路路口的路灯已经连续三晚不亮，夜间行人很危险。\n请尽快维修。';

describe('Open311 GeoReport v2', () => {
  let env: TestEnv;
  let admin: TestClient;
  let key: string;
  let departmentId: string;

  const post = (format: 'json' | 'xml', fields: Record<string, string>, headers: Record<string, string> = {}) =>
    env.app.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, headers: { 'content-type': FORM, ...headers }, payload: new URLSearchParams(fields).toString() });
  const get = (url: string) => env.app.inject({ method: 'GET', url: `/open311/v2/${url}` });
  const submit = (format: 'json' | 'xml', over: Record<string, string> = {}) =>
    post(format, { api_key: key, service_code: 'streetlight', lat: '31.2304', long: '121.4737', address_string: '上海市人民路 1 号', description: DESCRIPTION, ...PII, ...over });

  beforeAll(async () => {
    env = await createTestEnv();
    admin = await env.client(['admin']);
    departmentId = await env.department('市政管理局', 'Municipal Administration');
    const made = async (body: Record<string, unknown>) => {
      const r = await admin.post('/api/v1/categories', body);
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as { id: string; public: boolean };
    };
    const lights = await made({ code: 'streetlight', nameZh: '路灯故障', nameEn: 'Streetlight out', defaultDepartmentId: departmentId, keywords: ['路灯', 'streetlight'], public: true });
    expect(lights.public).toBe(true);
    await made({ code: 'internal.only', nameZh: '内部事项', nameEn: 'Internal matter' });
    const later = await made({ code: 'noise', nameZh: '噪音扰民', nameEn: 'Noise' });
    // The flag is part of the category admin API: PATCH turns it on.
    const patched = await admin.patch(`/api/v1/categories/${later.id}`, { public: true });
    expect(patched.json()).toMatchObject({ code: 'noise', public: true });

    // A partner application: its own user and an API token with the open311.submit scope.
    const partner = await env.client(['intake_agent']);
    const token = await admin.post('/api/v1/tokens', { email: partner.email, name: '市民随手拍 App', scopes: ['open311.submit'] });
    expect(token.statusCode, token.body).toBe(201);
    key = token.json().token;
  });
  afterAll(() => env.close());

  describe('discovery, services and definitions', () => {
    it('lists the public categories as services, in JSON and XML', async () => {
      const json = await get('services.json');
      expect(json.statusCode).toBe(200);
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      expect(json.json()).toEqual([
        { service_code: 'noise', service_name: '噪音扰民', description: 'Noise', metadata: false, type: 'realtime', keywords: '', group: '' },
        { service_code: 'streetlight', service_name: '路灯故障', description: 'Streetlight out', metadata: false, type: 'realtime', keywords: '路灯,streetlight', group: '' },
      ]);
      expect((await get('services.json?locale=en')).json()[1]).toMatchObject({ service_name: 'Streetlight out', description: '路灯故障' });
      const doc = xml(await get('services.xml'));
      expect(doc.services.service.map((s: { service_code: string }) => s.service_code)).toEqual(['noise', 'streetlight']);
      expect(doc.services.service[1]).toMatchObject({ service_name: '路灯故障', metadata: 'false', type: 'realtime' });
    });

    it('answers a service definition with an empty attribute list, and 404 for a category that is not public', async () => {
      expect((await get('services/streetlight.json')).json()).toEqual({ service_code: 'streetlight', attributes: [] });
      const doc = xml(await get('services/streetlight.xml'));
      expect(doc.service_definition).toEqual({ service_code: 'streetlight', attributes: '' });
      const missing = await get('services/internal.only.json');
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual([{ code: 404, description: 'service_code internal.only not found' }]);
      const missingXml = await get('services/internal.only.xml');
      expect(missingXml.statusCode).toBe(404);
      expect(xml(missingXml).errors.error).toEqual([{ code: '404', description: 'service_code internal.only not found' }]);
    });

    it('describes itself at discovery.{json,xml}', async () => {
      const d = (await get('discovery.json')).json();
      expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] });
      expect(d.endpoints[0].url).toMatch(/\/open311\/v2$/);
      expect(xml(await get('discovery.xml')).discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    });
  });

  describe('the flow: POST → GET by id → GET list', () => {
    it('in JSON: a form-encoded POST makes an open311 complaint; GET shows it without personal data, the Chinese text intact', async () => {
      const before = await env.count('complaints');
      const res = await submit('json', { device_id: 'device-1', account_id: 'acct-9', media_url: 'https://example.org/p/lamp.jpg' });
      expect(res.statusCode, res.body).toBe(201);
      const [created] = res.json() as { service_request_id: string; token: string; account_id: string | null }[];
      expect(created.service_request_id).toMatch(/^TS\d{8}-\d{6}$/);
      expect(created.account_id).toBe('acct-9');
      expect(await env.count('complaints')).toBe(before + 1);

      // Staff see an ordinary complaint: channel open311, the service's category and department, the person.
      const staff = (await admin.get(`/api/v1/complaints/${created.token}`)).json();
      expect(staff).toMatchObject({ trackingNo: created.service_request_id, channel: 'open311', description: DESCRIPTION, departmentId, location: { text: '上海市人民路 1 号', lat: 31.2304, lng: 121.4737 } });

      const one = await get(`requests/${created.service_request_id}.json`);
      expect(one.statusCode).toBe(200);
      const [r] = one.json();
      expect(r).toMatchObject({
        service_request_id: created.service_request_id,
        status: 'open',
        service_code: 'streetlight',
        service_name: '路灯故障',
        description: DESCRIPTION,
        agency_responsible: '市政管理局',
        address: '上海市人民路 1 号',
        lat: 31.2304,
        long: 121.4737,
        media_url: 'https://example.org/p/lamp.jpg',
      });
      // ISO 8601 with the organisation's offset (Asia/Shanghai).
      expect(r.requested_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      expect(Math.abs(Date.parse(r.requested_datetime) - Date.now())).toBeLessThan(60_000);
      expect(r.updated_datetime).toMatch(/\+08:00$/);
      for (const secret of [PII.phone, PII.email, '张三', 'device-1', 'acct-9']) expect(one.body).not.toContain(secret);

      const list = await get('requests.json');
      expect(list.statusCode).toBe(200);
      expect(list.json().map((x: { service_request_id: string }) => x.service_request_id)).toContain(created.service_request_id);
      for (const secret of [PII.phone, PII.email, '张三']) expect(list.body).not.toContain(secret);

      const tok = await get(`tokens/${created.token}.json`);
      expect(tok.json()).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
    });

    it('in XML: the same flow, parsed by a real XML parser', async () => {
      const res = await submit('xml', { description: '井盖缺失 <危险> & "紧急"' });
      expect(res.statusCode).toBe(201);
      const id = xml(res).service_requests.request[0].service_request_id as string;
      expect(id).toMatch(/^TS\d{8}-\d{6}$/);

      const one = await get(`requests/${id}.xml`);
      expect(one.statusCode).toBe(200);
      expect(one.body).toContain('&lt;危险&gt; &amp; &quot;紧急&quot;');
      const [r] = xml(one).service_requests.request;
      expect(r).toMatchObject({ service_request_id: id, status: 'open', service_code: 'streetlight', description: '井盖缺失 <危险> & "紧急"', agency_responsible: '市政管理局', lat: '31.2304', long: '121.4737' });
      expect(r.requested_datetime).toMatch(/\+08:00$/);
      for (const secret of [PII.phone, PII.email, '张三']) expect(one.body).not.toContain(secret);

      const list = xml(await get('requests.xml?service_code=streetlight'));
      expect(list.service_requests.request.map((x: { service_request_id: string }) => x.service_request_id)).toContain(id);
      const tokens = xml(await get(`tokens/${xml(res).service_requests.request[0].token}.xml`));
      expect(tokens.service_requests.request[0].service_request_id).toBe(id);
    });

    it('a JSON body is accepted too, and an attribute list is kept with the request', async () => {
      const res = await env.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: key, service_code: 'noise', lat: 31.2, long: 121.5, description: 'Loud music after midnight', attribute: { WHEN: 'night' } } });
      expect(res.statusCode, res.body).toBe(201);
      const [created] = res.json();
      const row = await env.ctx.db.selectFrom('open311_requests').selectAll().where('complaint_id', '=', created.token).executeTakeFirstOrThrow();
      expect(JSON.parse(row.attributes)).toEqual({ WHEN: 'night' });
      expect(row.service_code).toBe('noise');
    });

    it('maps statuses to open/closed, shows the latest public reason as status_notes, and filters by status', async () => {
      const [created] = (await submit('json')).json();
      const act = await admin.post(`/api/v1/complaints/${created.token}/actions`, { action: 'reject', reason: '该路段路灯已于昨日修复，不予受理' });
      expect(act.statusCode, act.body).toBe(200);
      const [r] = (await get(`requests/${created.service_request_id}.json`)).json();
      expect(r).toMatchObject({ status: 'closed', status_notes: '该路段路灯已于昨日修复，不予受理' });
      const ids = async (q: string) => ((await get(`requests.json?${q}`)).json() as { service_request_id: string }[]).map((x) => x.service_request_id);
      expect(await ids('status=closed')).toContain(created.service_request_id);
      expect(await ids('status=open')).not.toContain(created.service_request_id);
      expect(await ids('status=open,closed')).toContain(created.service_request_id);
      expect(await ids(`service_request_id=${created.service_request_id},TS19990101-000001`)).toEqual([created.service_request_id]);
    });

    it('lists the last 90 days by default; start_date and end_date choose another window', async () => {
      const [old] = (await submit('json')).json();
      const longAgo = Date.now() - 120 * 86_400_000;
      await env.ctx.db.updateTable('complaints').set({ created_at: longAgo }).where('id', '=', old.token).execute();
      const ids = async (q: string) => ((await get(`requests.json?${q}`)).json() as { service_request_id: string }[]).map((x) => x.service_request_id);
      expect(await ids('')).not.toContain(old.service_request_id);
      const day = new Date(longAgo).toISOString().slice(0, 10);
      expect(await ids(`start_date=${day}T00:00:00Z&end_date=${encodeURIComponent(new Date(longAgo + 86_400_000).toISOString())}`)).toEqual([old.service_request_id]);
      expect(await ids(`start_date=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)).toEqual([]);
    });

    it('never lists complaints outside the public categories, and blanks contact details typed into the text', async () => {
      const [created] = (await submit('json', { description: '路灯坏了，联系我 139 1234 5678 或 li@example.com' })).json();
      const [r] = (await get(`requests/${created.service_request_id}.json`)).json();
      expect(r.description).toBe('路灯坏了，联系我 *** 或 ***');
      const internal = await admin.post('/api/v1/complaints', { subject: '内部', description: '内部事项', channel: 'phone', categoryId: (await admin.get('/api/v1/categories')).json().items.find((c: { code: string }) => c.code === 'internal.only').id });
      expect(internal.statusCode).toBe(201);
      expect((await get(`requests/${internal.json().trackingNo}.json`)).statusCode).toBe(404);
    });

    it('never shows a complaint taken by another channel, even in a public category: not listed, and its tracking number is a 404', async () => {
      const streetlight = (await admin.get('/api/v1/categories')).json().items.find((c: { code: string }) => c.code === 'streetlight').id as string;
      // A phone call, a web form keyed in by staff, and one merely labelled open311 without an Open311 submission.
      const taken: string[] = [];
      for (const channel of ['phone', 'web', 'open311'] as const) {
        const r = await admin.post('/api/v1/complaints', { subject: '路灯不亮', description: `${channel}：幸福小区 3 栋门口路灯不亮，我家就在 3 栋 502`, channel, categoryId: streetlight, location: { text: '幸福小区 3 栋', lat: 31.25, lng: 121.45 } });
        expect(r.statusCode, r.body).toBe(201);
        taken.push(r.json().trackingNo as string);
      }
      const [viaOpen311] = (await submit('json')).json();
      const listed = async (q: string) => ((await get(`requests.json?${q}`)).json() as { service_request_id: string }[]).map((x) => x.service_request_id);
      for (const q of ['', 'service_code=streetlight', 'status=open', `service_request_id=${[...taken, viaOpen311.service_request_id].join(',')}`]) {
        const ids = await listed(q);
        expect(ids, q).toContain(viaOpen311.service_request_id);
        for (const no of taken) expect(ids, q).not.toContain(no);
      }
      const xmlList = await get('requests.xml?service_code=streetlight');
      expect(xmlList.body).not.toContain('幸福小区');
      for (const no of taken) {
        const json = await get(`requests/${no}.json`);
        expect(json.statusCode).toBe(404);
        expect(json.json()).toEqual([{ code: 404, description: `service_request_id ${no} not found` }]);
        const asXml = await get(`requests/${no}.xml`);
        expect(asXml.statusCode).toBe(404);
        expect(xml(asXml).errors.error).toEqual([{ code: '404', description: `service_request_id ${no} not found` }]);
        expect(asXml.body).not.toContain('幸福小区');
      }
    });
  });

  describe('errors as the spec lays down, in both formats', () => {
    const expectError = async (res: LightMyRequestResponse, status: number, description: RegExp, format: 'json' | 'xml') => {
      expect(res.statusCode, res.body).toBe(status);
      if (format === 'json') {
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        const body = res.json() as { code: number; description: string }[];
        expect(body[0].code).toBe(status);
        expect(body[0].description).toMatch(description);
      } else {
        const [e] = xml(res).errors.error;
        expect(e.code).toBe(String(status));
        expect(e.description).toMatch(description);
      }
    };

    for (const format of ['json', 'xml'] as const) {
      it(`${format}: missing or unknown service_code, no location, a bad or missing api_key — nothing written`, async () => {
        const before = await env.count('complaints');
        await expectError(await post(format, { api_key: key, lat: '31.2', long: '121.4' }), 400, /^service_code was not provided$/, format);
        await expectError(await post(format, { api_key: key, service_code: 'no-such', lat: '31.2', long: '121.4' }), 400, /service_code no-such/, format);
        await expectError(await post(format, { api_key: key, service_code: 'internal.only', lat: '31.2', long: '121.4' }), 400, /service_code internal\.only/, format);
        await expectError(await post(format, { api_key: key, service_code: 'streetlight' }), 400, /location is required/, format);
        await expectError(await post(format, { api_key: key, service_code: 'streetlight', lat: '91', long: '121.4' }), 400, /^lat must be/, format);
        await expectError(await post(format, { api_key: key, service_code: 'streetlight', lat: '31.2', long: '121.4', email: 'not-an-email' }), 400, /email/, format);
        await expectError(await post(format, { api_key: 'rdt_wrong', service_code: 'streetlight', lat: '31.2', long: '121.4' }), 403, /api_key is invalid/, format);
        await expectError(await post(format, { service_code: 'streetlight', lat: '31.2', long: '121.4' }), 403, /api_key was not provided/, format);
        await expectError(await post(format, { api_key: key, service_code: 'streetlight', lat: '31.2', long: '121.4', color: 'red' }), 400, /color is not a parameter/, format);
        expect(await env.count('complaints')).toBe(before);
      });

      it(`${format}: a bad date or status, and an unknown request or token`, async () => {
        await expectError(await get(`requests.${format}?start_date=yesterday`), 400, /^start_date is not a W3C ISO 8601 date/, format);
        await expectError(await get(`requests.${format}?end_date=2026-02-30`), 400, /^end_date/, format);
        await expectError(await get(`requests.${format}?status=pending`), 400, /^status must be/, format);
        await expectError(await get(`requests/TS19990101-000001.${format}`), 404, /not found/, format);
        await expectError(await get(`tokens/nope.${format}`), 404, /not found/, format);
        await expectError(await get(`no-such-resource.${format}`), 404, /No resource/, format);
      });
    }

    it('refuses a token without the open311.submit scope and a revoked one (403)', async () => {
      const partner = await env.client(['intake_agent']);
      const readOnly = (await admin.post('/api/v1/tokens', { email: partner.email, name: 'reader', scopes: ['complaint.read'] })).json();
      await expectError(await submit('json', { api_key: readOnly.token }), 403, /open311\.submit/, 'json');
      const revoked = (await admin.post('/api/v1/tokens', { email: partner.email, name: 'old app', scopes: ['open311.submit'] })).json();
      expect((await admin.delete(`/api/v1/tokens/${revoked.id}`)).statusCode).toBe(204);
      await expectError(await submit('xml', { api_key: revoked.token }), 403, /api_key is invalid/, 'xml');
    });

    it('a form body that is not UTF-8 or holds a NUL is a 400, not stored mojibake', async () => {
      const raw = Buffer.concat([Buffer.from(`api_key=${key}&service_code=streetlight&lat=31.2&long=121.4&description=`), Buffer.from([0xe8, 0xb7])]);
      await expectError(await env.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': FORM }, payload: raw }), 400, /UTF-8/, 'json');
      await expectError(await post('xml', { api_key: key, service_code: 'streetlight', lat: '31.2', long: '121.4', description: 'a\u0000b' }), 400, /NUL/, 'xml');
      await expectError(await env.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/xml' }, payload: '<x/>' }), 415, /x-www-form-urlencoded/, 'json');
    });

    it('control characters stored by another channel never make the XML ill-formed', async () => {
      const [created] = (await submit('json', { description: 'bell\u0007 and tab\tend' })).json();
      const [r] = xml(await get(`requests/${created.service_request_id}.xml`)).service_requests.request;
      expect(r.description).toBe('bell and tab\tend');
    });
  });

  it('over real HTTP: fetch posts a URLSearchParams body (form, charset=UTF-8) and reads the XML back', async () => {
    // Listening on loopback until env.close() closes the app.
    const address = await env.app.listen({ host: '127.0.0.1', port: 0 });
    const body = new URLSearchParams({ api_key: key, service_code: 'streetlight', address_string: '北京市东城区 王府井大街', description: '路灯闪烁 — «flickering» 💡' });
    const res = await fetch(`${address}/open311/v2/requests.xml`, { method: 'POST', body });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(XMLValidator.validate(text)).toBe(true);
    const id = (parser.parse(text) as Record<string, any>).service_requests.request[0].service_request_id as string;
    const back = await fetch(`${address}/open311/v2/requests/${id}.json`);
    expect((await back.json())[0]).toMatchObject({ description: '路灯闪烁 — «flickering» 💡', address: '北京市东城区 王府井大街', lat: null, long: null });
  });

  it('answers 429 with Retry-After, in the asked format, once a key used its minute', async () => {
    const tokenRow = await env.ctx.db.selectFrom('api_tokens').select('id').where('name', '=', '市民随手拍 App').executeTakeFirstOrThrow();
    await env.ctx.db.insertInto('open311_rate_windows').values({ key: `post:${tokenRow.id}`, window_start: Date.now(), count: 60 }).onConflict((oc) => oc.column('key').doUpdateSet({ window_start: Date.now(), count: 60 })).execute();
    const before = await env.count('complaints');
    const json = await submit('json');
    expect(json.statusCode).toBe(429);
    expect(Number(json.headers['retry-after'])).toBeGreaterThan(0);
    expect(json.json()[0]).toMatchObject({ code: 429, description: expect.stringMatching(/Too many requests/) });
    const asXml = await submit('xml');
    expect(asXml.statusCode).toBe(429);
    expect(xml(asXml).errors.error[0].code).toBe('429');
    expect(await env.count('complaints')).toBe(before);
    await env.ctx.db.deleteFrom('open311_rate_windows').execute();
    expect((await submit('json')).statusCode).toBe(201);
  });

  it('expected_datetime is the running resolution deadline', async () => {
    const [created] = (await submit('json')).json();
    const due = Date.parse('2030-01-02T03:04:05Z');
    const now = Date.now();
    await env.ctx.db.deleteFrom('sla_clocks').where('complaint_id', '=', created.token).where('kind', '=', 'resolution').execute();
    await env.ctx.db
      .insertInto('sla_clocks')
      .values({ id: `clock-${created.token}`, complaint_id: created.token, kind: 'resolution', policy_id: null, state: 'running', status: 'ok', target: '{}', started_at: now, due_at: due, warn_at: null, met_at: null, breached_at: null, events: '[]', cycles: 1, fired: '[]', timers: '{}', created_at: now, updated_at: now })
      .execute();
    const [r] = (await get(`requests/${created.service_request_id}.json`)).json();
    expect(r.expected_datetime).toBe('2030-01-02T11:04:05+08:00');
  });

  it('counts submissions per api_key and minute (rate limit)', async () => {
    const tokenId = 'unit-test-key';
    const t0 = 1_900_000_000_000;
    expect(await reserveSubmission(env.ctx.db, tokenId, 2, t0)).toBe(0);
    expect(await reserveSubmission(env.ctx.db, tokenId, 2, t0 + 1000)).toBe(0);
    expect(await reserveSubmission(env.ctx.db, tokenId, 2, t0 + 2000)).toBe(58);
    expect(await reserveSubmission(env.ctx.db, tokenId, 2, t0 + 61_000)).toBe(0); // a new window
  });

  it('documents every route with an operationId and its GeoReport error lists', async () => {
    const doc = (await env.app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, { operationId?: string; responses: Record<string, { content?: Record<string, unknown> }> }>> };
    const ops = Object.entries(doc.paths).filter(([p]) => p.startsWith('/open311/v2/')).flatMap(([, m]) => Object.values(m));
    expect(ops).toHaveLength(7);
    for (const op of ops) {
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(Object.keys(op.responses['400'].content ?? {})).toEqual(['application/json', 'text/xml']);
    }
  });
});
