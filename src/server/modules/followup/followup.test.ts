import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { waitFor } from '../notifications/notify.testkit.js';
import { followUpRates, resultOfScore, shouldReopen } from './followup.policy.js';

describe('follow-up policy (pure)', () => {
  it('maps the 1–5 score as 12345 desks do and decides reopening per policy', () => {
    expect([5, 4, 3, 2, 1].map(resultOfScore)).toEqual(['satisfied', 'satisfied', 'basically', 'dissatisfied', 'dissatisfied']);
    expect(() => resultOfScore(0)).toThrow();
    expect(shouldReopen('dissatisfied', 'dissatisfied', true)).toBe(true);
    expect(shouldReopen('dissatisfied', 'basically', false)).toBe(false);
    expect(shouldReopen('never', 'dissatisfied', false)).toBe(false);
    expect(shouldReopen('dissatisfied_unresolved', 'dissatisfied', true)).toBe(false);
    expect(shouldReopen('dissatisfied_unresolved', 'dissatisfied', null)).toBe(true);
    expect(followUpRates({ satisfied: 2, basically: 1, dissatisfied: 1, surveyedClosed: 1, closed: 4, reopened: 1 })).toEqual({ satisfactionRate: 0.75, followUpRate: 0.25, dissatisfiedReopenRate: 1 });
    expect(followUpRates({ satisfied: 0, basically: 0, dissatisfied: 0, surveyedClosed: 0, closed: 0, reopened: 0 })).toEqual({ satisfactionRate: null, followUpRate: null, dissatisfiedReopenRate: null });
  });
});

describe('follow-up (回访) over HTTP', () => {
  let env: TestEnv;
  let admin: TestClient;
  let agent: TestClient;
  let handler: TestClient;
  let dept: string;

  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    env.ctx.config.portal.publicBaseUrl = 'https://portal.example.gov';
    dept = await env.department('市政处', 'Municipal works');
    [admin, agent, handler] = await Promise.all([env.client(['admin']), env.client(['intake_agent']), env.client(['handler'], [dept])]);
  });
  afterAll(() => env.close());

  const act = async (id: string, body: Record<string, unknown>) => {
    const r = await admin.post(`/api/v1/complaints/${id}/actions`, body);
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  /** A phone complaint answered by the department; returns its id, tracking number and access code. */
  async function replied(subject: string) {
    const c = await agent.post('/api/v1/complaints', sampleComplaint({ subject }));
    expect(c.statusCode).toBe(201);
    const { id, trackingNo, accessCode } = c.json();
    await act(id, { action: 'assign', departmentId: dept });
    await act(id, { action: 'sign' });
    await act(id, { action: 'reply', message: '已处理完毕。' });
    return { id, trackingNo, accessCode };
  }
  /** The survey links emitted for a complaint (complaint.survey_requested events in the outbox). */
  async function surveyLinks(id: string, n = 1): Promise<Array<{ surveyUrl: string; language: string; complaintId: string }>> {
    return waitFor(async () => {
      const rows = await env.ctx.db.selectFrom('jobs').select(['payload']).where('type', '=', 'event').where('payload', 'like', '%complaint.survey_requested%').where('payload', 'like', `%${id}%`).orderBy('id').execute();
      const links = rows.map((r) => (JSON.parse(r.payload) as { data: { surveyUrl: string; language: string; complaintId: string } }).data);
      return links.length >= n ? links : undefined;
    }, 'survey_requested');
  }
  const tokenOf = (url: string) => url.split('/').pop()!;
  const portal = (method: 'GET' | 'POST', url: string, payload?: object) => env.app.inject({ method, url: `/api/v1/portal${url}`, payload, remoteAddress: '10.9.0.1' });

  it('a reply opens a survey and emits complaint.survey_requested with a link under the public URL', async () => {
    const { id } = await replied('回访：链接');
    const [link] = await surveyLinks(id);
    expect(link).toEqual({ complaintId: id, surveyUrl: expect.stringMatching(/^https:\/\/portal\.example\.gov\/portal\/survey\/[A-Za-z0-9_-]{43}$/), language: 'zh-CN' });
    const view = await portal('GET', `/surveys/${tokenOf(link.surveyUrl)}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().survey).toMatchObject({ status: 'open', result: null });
    const detail = (await admin.get(`/api/v1/complaints/${id}`)).json();
    expect(detail.followUp).toMatchObject({ status: 'open', cycle: 0 });
    // The token is stored hashed only.
    const row = await env.ctx.db.selectFrom('complaint_surveys').selectAll().where('complaint_id', '=', id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(tokenOf(link.surveyUrl));
    expect((await portal('GET', `/surveys/${'x'.repeat(43)}`)).statusCode).toBe(404);
    // Events are delivered at least once: the same reply delivered again opens nothing new.
    await env.ctx.events.emit(env.ctx.db, 'complaint.status_changed', { complaintId: id, action: 'reply', from: 'in_progress', to: 'replied' });
    env.ctx.events.flush();
    await waitFor(async () => {
      const r = await env.ctx.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('type', '=', 'event').where('status', 'in', ['pending', 'running']).executeTakeFirstOrThrow();
      return Number(r.n) === 0;
    }, 'events');
    expect(await env.ctx.db.selectFrom('complaint_surveys').select('id').where('complaint_id', '=', id).execute()).toHaveLength(1);
    expect(await surveyLinks(id)).toHaveLength(1);
  });

  it('a dissatisfied answer reopens the complaint (重办) through the state machine; the next reply asks again', async () => {
    const { id, trackingNo, accessCode } = await replied('回访：不满意重办');
    const [link] = await surveyLinks(id);
    const r = await portal('POST', `/surveys/${tokenOf(link.surveyUrl)}`, { satisfaction: 2, resolved: false, comment: '路灯还是不亮' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toEqual({ result: 'dissatisfied', reopened: true });
    const detail = (await admin.get(`/api/v1/complaints/${id}`)).json();
    expect(detail.status).toBe('in_progress');
    expect(detail.followUp).toMatchObject({ status: 'answered', source: 'web', satisfaction: 2, resolved: false, result: 'dissatisfied', reopened: true, comment: '路灯还是不亮' });
    const tl = (await admin.get(`/api/v1/complaints/${id}/timeline`)).json().items;
    const reopen = tl.find((t: { kind: string; data: { action?: string } }) => t.kind === 'status_changed' && t.data.action === 'reopen');
    expect(reopen).toMatchObject({ visibility: 'public', data: { from: 'replied', to: 'in_progress', reason: 'follow_up_dissatisfied' } });
    expect(tl.some((t: { kind: string }) => t.kind === 'survey_answered')).toBe(true);
    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['complaint.survey_answered', 'complaint.status_changed']));
    // Answered once only.
    expect((await portal('POST', `/surveys/${tokenOf(link.surveyUrl)}`, { satisfaction: 5, resolved: true })).json().code).toBe('survey_already_answered');
    // The complainant sees the reopen on the portal.
    const tracked = (await portal('POST', '/track', { trackingNo, accessCode })).json();
    expect(tracked.status).toBe('in_progress');
    expect(tracked.survey).toMatchObject({ status: 'answered', result: 'dissatisfied' });

    // Handled again: a second survey (cycle 1), answered by tracking number and code; satisfied does not reopen.
    await act(id, { action: 'reply', message: '已更换灯具。' });
    await surveyLinks(id, 2);
    const byCode = await portal('POST', '/track/survey', { trackingNo, accessCode, satisfaction: 4, resolved: true });
    expect(byCode.statusCode, byCode.body).toBe(201);
    expect(byCode.json()).toEqual({ result: 'satisfied', reopened: false });
    // Closing the same cycle asks nothing more.
    await act(id, { action: 'close' });
    await new Promise((r) => setTimeout(r, 300));
    expect((await env.ctx.db.selectFrom('complaint_surveys').select('cycle').where('complaint_id', '=', id).orderBy('cycle').execute()).map((s) => Number(s.cycle))).toEqual([0, 1]);
    expect((await portal('POST', '/track/survey', { trackingNo, accessCode, satisfaction: 4, resolved: true })).json().code).toBe('survey_not_open');
  });

  it('the policy decides: never reopens, or only when the problem is not solved', async () => {
    const policy = env.ctx.config.portal.surveyReopen;
    try {
      env.ctx.config.portal.surveyReopen = 'never';
      const a = await replied('回访：策略 never');
      const [la] = await surveyLinks(a.id);
      expect((await portal('POST', `/surveys/${tokenOf(la.surveyUrl)}`, { satisfaction: 1, resolved: false })).json()).toEqual({ result: 'dissatisfied', reopened: false });
      expect((await admin.get(`/api/v1/complaints/${a.id}`)).json().status).toBe('replied');

      env.ctx.config.portal.surveyReopen = 'dissatisfied_unresolved';
      const b = await replied('回访：策略 unresolved');
      const [lb] = await surveyLinks(b.id);
      expect((await portal('POST', `/surveys/${tokenOf(lb.surveyUrl)}`, { satisfaction: 1, resolved: true })).json()).toEqual({ result: 'dissatisfied', reopened: false });
      const c = await replied('回访：基本满意');
      const [lc] = await surveyLinks(c.id);
      expect((await portal('POST', `/surveys/${tokenOf(lc.surveyUrl)}`, { satisfaction: 3, resolved: true })).json()).toEqual({ result: 'basically', reopened: false });
    } finally {
      env.ctx.config.portal.surveyReopen = policy;
    }
  });

  it('staff record a phone result with the follow-up permission; a dissatisfied one reopens', async () => {
    const { id, trackingNo, accessCode } = await replied('回访：电话');
    await surveyLinks(id);
    expect((await handler.post(`/api/v1/complaints/${id}/follow-up`, { result: 'satisfied' })).statusCode).toBe(403);
    const r = await agent.post(`/api/v1/complaints/${id}/follow-up`, { result: 'dissatisfied', resolved: false, comment: '电话回访：仍有异味' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().survey).toMatchObject({ source: 'phone', result: 'dissatisfied', satisfaction: null, reopened: true, recordedBy: agent.userId });
    expect((await admin.get(`/api/v1/complaints/${id}`)).json().status).toBe('in_progress');
    // The staff's note of the call stays internal; the complainant sees the reopen.
    const tracked = await portal('POST', '/track', { trackingNo, accessCode });
    expect(tracked.json().status).toBe('in_progress');
    expect(tracked.body).not.toContain('仍有异味');
    // Being handled again: nothing to follow up until the next reply.
    const early = await agent.post(`/api/v1/complaints/${id}/follow-up`, { result: 'satisfied' });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('follow_up_not_due');
    // A closed complaint whose survey link was never answered: the call answers that survey.
    await act(id, { action: 'reply', message: '已复查。' });
    await act(id, { action: 'close' });
    await surveyLinks(id, 2);
    const ok = await agent.post(`/api/v1/complaints/${id}/follow-up`, { result: 'basically' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().survey).toMatchObject({ cycle: 1, source: 'phone', result: 'basically', reopened: false });
    const list = (await admin.get(`/api/v1/complaints/${id}/follow-up`)).json().items;
    expect(list.map((s: { result: string }) => s.result)).toEqual(['dissatisfied', 'basically']);
    expect((await agent.post(`/api/v1/complaints/${id}/follow-up`, { result: 'satisfied' })).json().code).toBe('survey_already_answered');
  });

  it('feeds 满意率, 回访率 and 不满意重办率 into /stats/overview', async () => {
    await waitFor(async () => {
      const r = await env.ctx.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('type', '=', 'event').where('status', 'in', ['pending', 'running']).executeTakeFirstOrThrow();
      return Number(r.n) === 0;
    }, 'events');
    const o = (await admin.get('/api/v1/stats/overview')).json();
    // Answers so far: dissatisfied (reopened), satisfied, dissatisfied (never), dissatisfied (unresolved policy, solved),
    // basically, dissatisfied by phone (reopened), basically by phone.
    expect(o.followUp).toMatchObject({ answered: 7, satisfied: 1, basically: 2, dissatisfied: 4, reopened: 2 });
    expect(o.followUp.satisfactionRate).toBeCloseTo(3 / 7, 4);
    expect(o.satisfactionRate).toBe(o.followUp.satisfactionRate);
    expect(o.followUp.dissatisfiedReopenRate).toBe(0.5);
    // Closed: the two closed above, both with an answered follow-up.
    expect(o.followUp).toMatchObject({ closed: 2, surveyedClosed: 2, followUpRate: 1 });
  });
});
