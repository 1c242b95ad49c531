// Messages to the complainant end to end: a real database (SQLite, or PostgreSQL with
// TEST_DATABASE_URL), the real job runner, a local HTTP gateway and a local SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { decodeHeader, parseMail, startReceiver, startSmtp, waitFor } from '../notifications/notify.testkit.js';
import { sign, verify } from '../../platform/notify/webhooks.js';
import { registerMessaging } from './messaging.js';

const SECRET = 'gateway-secret-0123456789abcdef';

let env: TestEnv;
let dept: string;
let agent: TestClient;
let coordinator: TestClient;
let handler: TestClient;
let admin: TestClient;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  env = await createTestEnv({ startJobs: true });
  dept = await env.department('市容环境科', 'City environment');
  [agent, coordinator] = await Promise.all([env.client(['intake_agent']), env.client(['coordinator'])]);
  handler = await env.client(['handler'], [dept]);
  admin = await env.client(['admin']);
  smtp = await startSmtp();
  env.ctx.notify.configure({ smtpUrl: smtp.url, mailFrom: 'Redress 热线 <hotline@example.gov.cn>' });
  Object.assign(env.ctx.config, { webhookAllowPrivate: true, messageGatewaySecret: SECRET });
  Object.assign(registerMessaging(env.ctx).options, { retryBaseMs: 40, maxAttempts: 3 });
});

afterAll(async () => {
  await smtp?.close();
  await env?.close();
});

async function create(body: Record<string, unknown>) {
  const r = await agent.post('/api/v1/complaints', { subject: '小区垃圾站异味严重', description: '垃圾站三天没有清运，气味很大。', channel: 'phone', level: 4, ...body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; trackingNo: string };
}

async function act(who: TestClient, id: string, body: Record<string, unknown>) {
  const r = await who.post(`/api/v1/complaints/${id}/actions`, body);
  expect(r.statusCode, r.body).toBe(200);
}

/** Dispatched, signed for and answered. */
async function reply(id: string, message: string) {
  await act(coordinator, id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
  await act(handler, id, { action: 'sign' });
  await act(handler, id, { action: 'reply', message });
}

const detail = async (id: string) => (await admin.get(`/api/v1/complaints/${id}`)).json();
const timeline = async (id: string) => ((await admin.get(`/api/v1/complaints/${id}/timeline`)).json().items as Array<{ kind: string; data: Record<string, unknown> }>);

function postReceipt(body: unknown, secret = SECRET, ts = Math.floor(Date.now() / 1000)) {
  const payload = JSON.stringify(body);
  return env.app.inject({ method: 'POST', url: '/api/v1/messaging/receipts', payload, headers: { 'content-type': 'application/json; charset=utf-8', 'x-redress-timestamp': String(ts), 'x-redress-signature': sign(secret, ts, payload) } });
}

describe('SMS through the signed gateway', () => {
  it('a public reply reaches the gateway signed; its delivery receipt shows on the timeline', async () => {
    const gw = await startReceiver();
    env.ctx.config.messageGatewayUrl = gw.url;
    try {
      const c = await create({ complainant: { name: '王女士', phone: '13912345678' } });
      expect((await detail(c.id)).contactPreferences).toMatchObject({ channel: 'sms', language: 'zh-CN' });
      await reply(c.id, '已安排环卫车辆今日清运，并加强巡查。');
      const hook = await waitFor(() => gw.hooks.find((h) => JSON.parse(h.body).subject.includes('答复')), 'the reply at the gateway');
      // The receiver checks the signature over "<timestamp>.<body>" with the shared secret.
      expect(verify(SECRET, String(hook.headers['x-redress-timestamp']), hook.body, String(hook.headers['x-redress-signature']))).toBe(true);
      expect(verify('another-secret-xxxxxxxx', String(hook.headers['x-redress-timestamp']), hook.body, String(hook.headers['x-redress-signature']))).toBe(false);
      const sent = JSON.parse(hook.body);
      expect(sent).toMatchObject({ channel: 'sms', to: '13912345678', language: 'zh-CN', trackingNo: c.trackingNo });
      expect(sent.text).toContain('已安排环卫车辆今日清运');
      expect(sent.text).toContain('市容环境科');
      await waitFor(async () => (await detail(c.id)).messages.find((m: any) => m.id === sent.messageId)?.status === 'sent', 'sent');

      // A forged or unsigned receipt changes nothing.
      expect((await postReceipt({ messageId: sent.messageId, status: 'delivered' }, 'wrong-secret-xxxxxxxxxxxx')).json().code).toBe('invalid_signature');
      expect((await postReceipt({ messageId: sent.messageId, status: 'delivered' }, SECRET, Math.floor(Date.now() / 1000) - 3600)).statusCode).toBe(401);
      expect((await postReceipt({ messageId: 'nope', status: 'delivered' })).statusCode).toBe(404);
      expect((await postReceipt({ messageId: sent.messageId, status: 'read' })).statusCode).toBe(400);

      const ok = await postReceipt({ messageId: sent.messageId, status: 'delivered' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toEqual({ messageId: sent.messageId, status: 'delivered' });
      // A late "sent" receipt does not move it back.
      expect((await postReceipt({ messageId: sent.messageId, status: 'sent' })).json().status).toBe('delivered');
      const m = (await detail(c.id)).messages.find((x: any) => x.id === sent.messageId);
      expect(m).toMatchObject({ channel: 'sms', purpose: 'reply', status: 'delivered', to: '139****5678' });
      const kinds = (await timeline(c.id)).filter((t) => t.data.messageId === sent.messageId).map((t) => t.kind);
      expect(kinds).toEqual(['message_queued', 'message_sent', 'message_delivered']);
      // The destination is encrypted at rest.
      const row = await env.ctx.db.selectFrom('outbound_messages').select('destination_enc').where('id', '=', sent.messageId).executeTakeFirstOrThrow();
      expect(row.destination_enc).not.toContain('13912345678');
    } finally {
      await gw.close();
    }
  });

  it('a gateway that answers 500 is retried until it accepts; one that keeps failing fails the message visibly', async () => {
    const gw = await startReceiver([500, 500]);
    env.ctx.config.messageGatewayUrl = gw.url;
    try {
      const c = await create({ complainant: { phone: '13800001111' }, preferredChannel: 'wechat', preferredLanguage: 'en' });
      await act(coordinator, c.id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
      await act(handler, c.id, { action: 'sign' });
      const m = await waitFor(async () => (await detail(c.id)).messages.find((x: any) => x.status === 'sent'), 'sent after retries');
      expect(m).toMatchObject({ channel: 'wechat', language: 'en', purpose: 'progress', attempts: 3 });
      expect(m.body).toBe(`Hello, your complaint ${c.trackingNo} is now being handled by City environment.`);
      expect(gw.hooks.map((h) => h.status)).toEqual([500, 500, 200]);
      expect(gw.hooks.every((h) => JSON.parse(h.body).messageId === m.id)).toBe(true);
    } finally {
      await gw.close();
    }

    const down = await startReceiver([500, 500, 500, 500]);
    env.ctx.config.messageGatewayUrl = down.url;
    try {
      const c = await create({ complainant: { phone: '13800002222' } });
      await act(coordinator, c.id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
      await act(handler, c.id, { action: 'sign' });
      const m = await waitFor(async () => (await detail(c.id)).messages.find((x: any) => x.status === 'failed'), 'failed after the last attempt');
      expect(m).toMatchObject({ attempts: 3, lastError: expect.stringContaining('HTTP 500') });
      expect(down.hooks).toHaveLength(3);
      const failed = (await timeline(c.id)).find((t) => t.kind === 'message_failed');
      expect(failed?.data).toMatchObject({ messageId: m.id, attempts: 3 });
    } finally {
      await down.close();
    }
  });
});

/** The parts of a multipart mail, each parsed (decoded) like a single-part one. */
function parts(raw: string): Array<{ type: string; text: string }> {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1]);
  const out: Array<{ type: string; text: string }> = [];
  for (const b of boundaries) {
    for (const chunk of raw.split(`--${b}`).slice(1)) {
      const part = chunk.replace(/^\r\n/, '');
      const type = /^Content-Type:\s*([^;\r\n]+)/im.exec(part)?.[1]?.toLowerCase() ?? '';
      if (type.startsWith('text/')) out.push({ type, text: parseMail(part).text });
    }
  }
  return out;
}

const header = (raw: string, name: string) => decodeHeader(new RegExp(`^${name}:\\s*(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(raw)?.[1]?.replace(/\r\n[ \t]+/g, ' ') ?? '');

describe('email', () => {
  it('a reply reaches the complainant with a real From, a Message-ID, a plain-text part and a Chinese subject; the next update threads onto it', async () => {
    const c = await create({ subject: '噪音扰民', description: '楼下餐馆深夜营业噪音很大。', channel: 'web', complainant: { name: '李先生', email: 'li@example.com', phone: '13700003333' } });
    expect((await detail(c.id)).contactPreferences.channel).toBe('email');
    await reply(c.id, '已约谈餐馆负责人，要求晚十点后停止营业。');
    const first = await waitFor(() => smtp.mails.find((m) => m.to.includes('li@example.com') && m.subject.includes('答复')), 'the reply mail');
    expect(header(first.raw, 'From')).toContain('hotline@example.gov.cn');
    expect(first.subject).toBe(`【答复】您的投诉 ${c.trackingNo} 已有答复`);
    const sent = await waitFor(async () => (await detail(c.id)).messages.find((m: any) => m.purpose === 'reply' && m.status === 'sent'), 'reply sent');
    const firstId = header(first.raw, 'Message-ID');
    expect(firstId).toBe(`<${sent.id}@example.gov.cn>`);
    const p = parts(first.raw);
    expect(p.find((x) => x.type === 'text/plain')?.text).toContain('已约谈餐馆负责人，要求晚十点后停止营业。');
    expect(p.find((x) => x.type === 'text/html')?.text).toContain('<p>');

    // A public note is the next progress update: In-Reply-To and References name the thread so far.
    expect((await handler.post(`/api/v1/complaints/${c.id}/notes`, { body: '明晚将再次现场检查。', visibility: 'public' })).statusCode).toBe(201);
    const second = await waitFor(() => smtp.mails.find((m) => m.to.includes('li@example.com') && m.subject.includes('进展') && m.raw.includes('In-Reply-To')), 'the threaded update');
    // In-Reply-To: the newest earlier mail of this complaint (a survey invitation may follow the reply); References: all of them.
    const earlier = smtp.mails.slice(0, smtp.mails.indexOf(second)).filter((m) => m.to.includes('li@example.com'));
    expect(header(second.raw, 'In-Reply-To')).toBe(header(earlier.at(-1)!.raw, 'Message-ID'));
    expect(header(second.raw, 'References').split(/\s+/)).toEqual(earlier.map((m) => header(m.raw, 'Message-ID')));
    expect(header(second.raw, 'References')).toContain(firstId);
    // The follow-up survey invitation (complaint.survey_requested, opened on the reply) goes the same way.
    const survey = await waitFor(async () => ((await detail(c.id)).messages as any[]).find((m) => m.purpose === 'survey' && m.status === 'sent'), 'the survey invitation');
    expect(survey.body).toMatch(/\/portal\/survey\/\S+/);
    expect(smtp.mails.some((m) => m.to.includes('li@example.com') && m.subject === `【回访】请评价投诉 ${c.trackingNo} 的办理情况`)).toBe(true);
    expect(parts(second.raw).find((x) => x.type === 'text/plain')?.text).toContain('明晚将再次现场检查。');
  });

  it('an English complaint gets English mail; portal-only complainants get the public timeline only', async () => {
    const c = await create({ subject: 'Broken street light', description: 'The light on Elm Road has been out for a week.', channel: 'web', complainant: { email: 'sam@example.com' } });
    expect((await detail(c.id)).contactPreferences).toMatchObject({ channel: 'email', language: 'en' });
    await reply(c.id, 'A crew will replace the lamp on Friday.');
    const mail = await waitFor(() => smtp.mails.find((m) => m.to.includes('sam@example.com') && m.subject.startsWith('Reply')), 'the English mail');
    expect(mail.subject).toBe(`Reply to your complaint ${c.trackingNo}`);

    const quiet = await create({ channel: 'web', preferredChannel: 'portal' });
    await reply(quiet.id, '已处理。');
    const messages = await waitFor(async () => {
      const list = (await detail(quiet.id)).messages as any[];
      return list.some((m) => m.purpose === 'reply') && list;
    }, 'the portal reply');
    // The sign-for update and the reply (and a survey invitation, if one was opened): all on the portal only.
    expect(messages.map((m: any) => m.purpose).slice(0, 2)).toEqual(['progress', 'reply']);
    expect(messages.every((m: any) => m.channel === 'portal' && m.status === 'delivered' && m.to === null)).toBe(true);
    // (Staff notification mails about it may go out; none addressed to the complainant.)
    expect(smtp.mails.some((m) => m.subject.includes(quiet.trackingNo) && /您的投诉|your complaint/i.test(m.subject))).toBe(false);
  });
});

describe('an approved extension', () => {
  it('tells the complainant the new due time, in their language', async () => {
    const head = await env.client(['dept_head'], [dept]);
    const c = await create({ subject: 'Pothole on Elm Road', description: 'A deep pothole near number 12.', channel: 'web', preferredChannel: 'portal' });
    await act(coordinator, c.id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    await act(handler, c.id, { action: 'sign' });
    const sla = await waitFor(async () => ((await admin.get(`/api/v1/complaints/${c.id}/sla`)).json().items as any[]).find((x) => x.kind === 'resolution' && x.dueAt), 'the resolution clock');
    const newDueAt = new Date(Date.parse(sla.dueAt) + 3 * 86_400_000);
    newDueAt.setUTCMinutes(0, 0, 0);
    const req = await handler.post(`/api/v1/complaints/${c.id}/extensions`, { reason: 'waiting for a contractor', newDueAt: newDueAt.toISOString() });
    expect(req.statusCode, req.body).toBe(201);
    expect((await head.post(`/api/v1/complaints/${c.id}/extensions/${req.json().id}/decision`, { decision: 'approve' })).statusCode).toBe(200);
    const m = await waitFor(async () => ((await detail(c.id)).messages as any[]).find((x) => x.purpose === 'extension'), 'the extension message');
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: env.ctx.config.timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(newDueAt).replace(',', '');
    expect(m).toMatchObject({ language: 'en', channel: 'portal', status: 'delivered' });
    expect(m.body).toBe(`Hello, the deadline for handling your complaint ${c.trackingNo} has been extended to ${local}.`);
  });
});

describe('preferred channel and language', () => {
  it('are validated at intake and edited by staff later', async () => {
    const before = await env.count('complaints');
    let r = await agent.post('/api/v1/complaints', { subject: 's', description: 'd', channel: 'phone', preferredChannel: 'fax' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('validation_failed');
    r = await agent.post('/api/v1/complaints', { subject: 's', description: 'd', channel: 'phone', preferredLanguage: 'fr' });
    expect(r.json().code).toBe('validation_failed');
    r = await agent.post('/api/v1/complaints', { subject: 's', description: 'd', channel: 'phone', complainant: { phone: '13900000000' }, preferredChannel: 'email' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('preferred_channel_unreachable');
    expect(await env.count('complaints')).toBe(before);

    const c = await create({ complainant: { phone: '13600004444', email: 'x@example.com' } });
    expect((await detail(c.id)).contactPreferences).toMatchObject({ channel: 'sms', language: 'zh-CN' });
    r = await admin.patch(`/api/v1/complaints/${c.id}`, { preferredChannel: 'email', preferredLanguage: 'en' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().contactPreferences).toMatchObject({ channel: 'email', language: 'en' });
    expect((await admin.patch(`/api/v1/complaints/${c.id}`, { preferredChannel: 'pigeon' })).json().code).toBe('validation_failed');
    const updated = (await timeline(c.id)).filter((t) => t.kind === 'updated').at(-1);
    expect(updated?.data.changes).toMatchObject({ preferred_channel: { from: 'sms', to: 'email' }, preferred_language: { from: 'zh-CN', to: 'en' } });
  });
});
