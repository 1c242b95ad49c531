import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { sleep, startSmtp, waitFor, type ReceivedMail } from './notify.testkit.js';

describe('notifications: in-app, email over SMTP, preferences', () => {
  let env: TestEnv;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let dept: string;
  let agent: TestClient;
  let handler: TestClient;
  let handler2: TestClient;
  let leader: TestClient;
  let leaderEn: TestClient;
  let complaint: { id: string; trackingNo: string; subject: string; level: number };

  beforeAll(async () => {
    smtp = await startSmtp();
    env = await createTestEnv({ startJobs: true });
    env.ctx.notify.configure({ smtpUrl: smtp.url, mailFrom: 'Redress <redress@example.com>', emailRetryBaseMs: 50 });
    dept = await env.department('市场监管局', 'Market Regulation');
    [agent, handler, handler2, leader, leaderEn] = await Promise.all([
      env.client(['intake_agent']),
      env.client(['handler'], [dept]),
      env.client(['handler'], [dept]),
      env.client(['leader']),
      env.client(['leader']),
    ]);
    expect((await leaderEn.patch('/api/v1/auth/me', { locale: 'en' })).statusCode).toBe(200);
    const r = await agent.post('/api/v1/complaints', sampleComplaint({ level: 1, departmentId: dept }));
    expect(r.statusCode, r.body).toBe(201);
    complaint = r.json();
  });
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  /** What the SLA module does when a deadline escalates: an event in a transaction, then flush. */
  const escalate = async (recipientUserIds: string[], dueAt = Date.UTC(2026, 10, 27, 10, 0)) => {
    await env.ctx.db.transaction().execute((trx) =>
      env.ctx.events.emit(trx, 'sla.escalated', { complaintId: complaint.id, kind: 'resolution', level: 1, dueAt, notify: 'leader', recipientUserIds }),
    );
    env.ctx.events.flush();
  };
  const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email));
  /** No email still waiting to be sent. */
  const mailSettled = () => waitFor(async () => !(await env.ctx.db.selectFrom('notifications').select('id').where('email_status', '=', 'queued').executeTakeFirst()), 'queued mail to go out');
  const unread = async (c: TestClient) => (await c.get('/api/v1/notifications/unread-count')).json().count as number;

  it('mails an escalation to a zh-CN user with a Chinese subject, and to an en user in English', async () => {
    await escalate([leader.userId, leaderEn.userId]);
    const zh = await waitFor(() => mailsTo(leader.email)[0], 'the zh-CN mail');
    expect(zh.subject).toContain('【超时升级】');
    expect(zh.subject).toContain(complaint.trackingNo);
    expect(zh.subject).toContain('Ⅰ级');
    expect(zh.subject).toContain('2026-11-27 18:00'); // 10:00 UTC in Asia/Shanghai
    expect(zh.text).toContain(`受理编号：${complaint.trackingNo}`);
    expect(zh.text).toContain(`事项：${complaint.subject}`);
    expect(zh.text).toContain('办结时限：2026-11-27 18:00');
    expect(zh.from).toBe('redress@example.com');

    const en = await waitFor(() => mailsTo(leaderEn.email)[0], 'the en mail');
    expect(en.subject).toMatch(new RegExp(`^\\[Escalated\\] ${complaint.trackingNo} `));
    expect(en.subject).toContain('Level Ⅰ');
    expect(en.text).toContain(`Tracking number: ${complaint.trackingNo}`);

    // The in-app side: one unread notification each, titled in the reader's language.
    const list = (await leader.get('/api/v1/notifications')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ type: 'sla.escalated', complaintId: complaint.id, read: false });
    expect(list.items[0].title).toContain('【超时升级】');
    expect((await leaderEn.get('/api/v1/notifications')).json().items[0].title).toContain('[Escalated]');
    const n = await env.ctx.db.selectFrom('notifications').select(['email_status']).where('user_id', '=', leader.userId).executeTakeFirstOrThrow();
    await waitFor(async () => (await env.ctx.db.selectFrom('notifications').select(['email_status']).where('user_id', '=', leader.userId).executeTakeFirstOrThrow()).email_status === 'sent', 'sent status');
    expect(['queued', 'sent']).toContain(n.email_status);
  });

  it('delivers an event once per recipient even when it is handed over twice (at-least-once)', async () => {
    const before = smtp.mails.length;
    const event = { id: '01900000-0000-7000-8000-00000000dup1', type: 'sla.breached', at: Date.now(), data: { complaintId: complaint.id, kind: 'resolution', level: 1, dueAt: Date.now(), notify: 'department_head', recipientUserIds: [handler.userId, handler.userId] } };
    await env.ctx.notify.fanOut(event);
    await env.ctx.notify.fanOut(event);
    await Promise.all([env.ctx.notify.fanOut(event), env.ctx.notify.fanOut(event)]).catch(() => undefined);
    await waitFor(() => smtp.mails.length > before, 'the breach mail');
    await sleep(300);
    expect(smtp.mails.length - before).toBe(1);
    const rows = await env.ctx.db.selectFrom('notifications').selectAll().where('event_id', '=', event.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].title_zh).toContain('【已超时】');
  });

  it('counts unread, marks one and all read, and lists only my own', async () => {
    await escalate([leader.userId]);
    await waitFor(async () => (await unread(leader)) === 2, 'two unread');
    const page = (await leader.get('/api/v1/notifications?unread=1&limit=1')).json();
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toBeTruthy();
    const second = (await leader.get(`/api/v1/notifications?unread=1&limit=1&cursor=${page.nextCursor}`)).json();
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id < page.items[0].id).toBe(true);

    // Someone else's notification is not found, not readable.
    expect((await handler2.post(`/api/v1/notifications/${page.items[0].id}/read`)).statusCode).toBe(404);
    const read = await leader.post(`/api/v1/notifications/${page.items[0].id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ read: true });
    expect(await unread(leader)).toBe(1);
    expect((await leader.get('/api/v1/notifications?unread=true')).json().items).toHaveLength(1);
    expect((await leader.get('/api/v1/notifications')).json().items).toHaveLength(2);

    expect((await leader.post('/api/v1/notifications/read-all')).json()).toEqual({ updated: 1 });
    expect(await unread(leader)).toBe(0);
    expect((await handler2.get('/api/v1/notifications')).json().items).toHaveLength(0);
  });

  it('stops the mail when the user switches email off for that type, and keeps in-app', async () => {
    const prefs = await leader.patch('/api/v1/notifications/preferences', { 'sla.escalated': { email: false } });
    expect(prefs.statusCode, prefs.body).toBe(200);
    expect(prefs.json().preferences['sla.escalated']).toEqual({ inApp: true, email: false });
    expect(prefs.json().preferences['sla.breached']).toEqual({ inApp: true, email: true });
    // Stored as documented: users.preferences.notifications.<type>.<channel>.
    const stored = JSON.parse((await env.ctx.db.selectFrom('users').select('preferences').where('id', '=', leader.userId).executeTakeFirstOrThrow()).preferences);
    expect(stored.notifications['sla.escalated']).toEqual({ email: false });

    await mailSettled();
    const mailsBefore = mailsTo(leader.email).length;
    const unreadBefore = await unread(leader);
    const enBefore = mailsTo(leaderEn.email).length;
    await escalate([leader.userId, leaderEn.userId]);
    await waitFor(async () => (await unread(leader)) === unreadBefore + 1, 'the in-app notification');
    await waitFor(() => mailsTo(leaderEn.email).length > enBefore, 'the other leader still mailed');
    await sleep(400);
    expect(mailsTo(leader.email).length).toBe(mailsBefore);
    const latest = await env.ctx.db.selectFrom('notifications').select(['email_status']).where('user_id', '=', leader.userId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(latest.email_status).toBe('off');

    // In-app off as well: nothing at all.
    await leader.patch('/api/v1/notifications/preferences', { 'sla.escalated': { inApp: false } });
    await escalate([leader.userId]);
    await sleep(500);
    expect(await unread(leader)).toBe(unreadBefore + 1);
    const all = (await leader.get('/api/v1/notifications/preferences')).json();
    expect(all.types).toContain('complaint.assigned');
    expect(all.preferences['sla.escalated']).toEqual({ inApp: false, email: false });
  });

  it('tells the new owner on assignment, the department’s handlers when there is no owner, leaders of a plan and its submitter of the decision', async () => {
    const c2 = (await agent.post('/api/v1/complaints', sampleComplaint({ level: 3 }))).json();
    expect((await agent.post(`/api/v1/complaints/${c2.id}/actions`, { action: 'assign', departmentId: dept })).statusCode).toBe(200);
    for (const h of [handler, handler2]) {
      await waitFor(async () => (await h.get('/api/v1/notifications')).json().items.find((n: any) => n.complaintId === c2.id && n.type === 'complaint.assigned'), 'dispatch notice to the department');
    }
    const c3 = (await agent.post('/api/v1/complaints', sampleComplaint({ level: 3 }))).json();
    expect((await agent.post(`/api/v1/complaints/${c3.id}/actions`, { action: 'assign', departmentId: dept, ownerId: handler2.userId })).statusCode).toBe(200);
    const note = await waitFor(async () => (await handler2.get('/api/v1/notifications')).json().items.find((n: any) => n.complaintId === c3.id), 'owner notice');
    expect(note.title).toContain('【新派单】');
    await waitFor(() => mailsTo(handler2.email).some((m: ReceivedMail) => m.subject.includes(c3.trackingNo)), 'assignment mail');
    await sleep(200);
    expect((await handler.get('/api/v1/notifications')).json().items.some((n: any) => n.complaintId === c3.id)).toBe(false);

    expect((await handler2.post(`/api/v1/complaints/${c3.id}/actions`, { action: 'sign' })).statusCode).toBe(200);
    expect((await handler2.post(`/api/v1/complaints/${c3.id}/plans`, { findings: '属实', measures: '整改' })).statusCode).toBe(201);
    await waitFor(async () => (await leaderEn.get('/api/v1/notifications')).json().items.find((n: any) => n.type === 'plan.submitted' && n.complaintId === c3.id), 'plan notice to leaders');
    expect((await leaderEn.post(`/api/v1/complaints/${c3.id}/plans/decision`, { decision: 'return', comment: '补充证据' })).statusCode).toBe(200);
    const decided = await waitFor(async () => (await handler2.get('/api/v1/notifications')).json().items.find((n: any) => n.type === 'plan.decided'), 'decision notice');
    expect(decided.title).toContain('【方案被退回】');
    const mail = await waitFor(() => mailsTo(handler2.email).find((m) => m.subject.includes('方案被退回')), 'decision mail');
    expect(mail.text).toContain('审批意见：补充证据');
  });

  it('notifies through the SLA module’s own API: a supervision (督办) reaches the owner in-app and by mail', async () => {
    const c = (await agent.post('/api/v1/complaints', sampleComplaint({ level: 2 }))).json();
    expect((await agent.post(`/api/v1/complaints/${c.id}/actions`, { action: 'assign', departmentId: dept, ownerId: handler.userId })).statusCode).toBe(200);
    const r = await leader.post(`/api/v1/complaints/${c.id}/supervision`, { dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), note: '请三日内办结并报告' });
    expect(r.statusCode, r.body).toBe(201);
    const n = await waitFor(async () => (await handler.get('/api/v1/notifications')).json().items.find((x: any) => x.type === 'sla.supervision_opened' && x.complaintId === c.id), 'supervision notice');
    expect(n.title).toContain('【督办】');
    expect(n.title).toContain(c.trackingNo);
    const mail = await waitFor(() => mailsTo(handler.email).find((m) => m.subject.startsWith('【督办】')), 'supervision mail');
    expect(mail.text).toContain('该投诉已列入督办');
  });
});
