// From mention to action, after a real alert: a burst on a watchlist raises an alert, which activates the
// emergency plan that answers public-opinion alerts (opinion.alert → incident); the PR officer opens the
// alert's mentions, promotes one to a complaint (channel social, the author's handle, the link on the
// complaint's timeline and in its public conversation), attaches another to the incident and one to an
// existing complaint, and dismisses a third. Then quiet hours: an alert recorded, nobody notified.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { installExamplePlans } from '../contingency/plan-examples.js';
import { configureAlerts } from './opinion.alerts.js';
import { advanceTo, MIN5, push, settle } from './opinion.alerts.testkit.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');
let env: TestEnv;
let pr: TestClient;
let leader: TestClient;
let handler: TestClient;
let source: { id: string; secret: string };
let n = 0;
let win = 0;

const calm = ['工地今天照常施工，附近交通正常', '路过工地看到在浇筑混凝土', '工地门口的围挡换了新的宣传画'];
const angry = ['工地夜间施工噪音太大，凌晨两点还在打桩，投诉多次没人管，太过分了', '工地渣土车撒漏严重，路面全是泥，差点出事故，必须严查', '工地扬尘污染严重，孩子咳嗽不止，愤怒'];

async function nextWindow(count: number, texts: string[], authorPrefix = '网友') {
  const start = T0 + win++ * MIN5;
  if (Date.now() < start) vi.setSystemTime(start + 1000);
  const items = Array.from({ length: count }, (_, j) => ({ url: `https://weibo.example/s/${++n}`, author: `${authorPrefix}${n}`, publishedAt: new Date(start + 2000 + j * 100).toISOString(), text: `${texts[j % texts.length]}（${n}）`, metrics: { reposts: 10 + j, comments: 3, likes: 20 } }));
  if (count) await push(env, source, items);
  await advanceTo(env, start + MIN5 + 1000);
}

async function burstOn(subject: string): Promise<{ watchlistId: string }> {
  const w = await pr.post('/api/v1/opinion/watchlists', { name: `${subject}舆情`, definition: { subjects: [subject] } });
  expect(w.statusCode, w.body).toBe(201);
  await settle(env);
  const texts = (list: string[]) => list.map((t) => t.replaceAll('工地', subject));
  for (let i = 0; i < 7; i++) await nextWindow(12 + (i % 3), texts(calm));
  await nextWindow(50, texts(angry));
  return { watchlistId: w.json().id };
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(T0 - 60_000);
  env = await createTestEnv({ startJobs: true });
  configureAlerts(env.ctx, { debounceMs: 1000 });
  await env.client(['admin']);
  expect(await installExamplePlans(env.ctx)).toContain('construction_site_opinion');
  pr = await env.client(['pr_officer']);
  leader = await env.client(['leader']);
  const dept = await env.department('建设管理处', 'Construction');
  handler = await env.client(['handler'], [dept]);
  source = (await pr.post('/api/v1/opinion/sources', { name: 'Weibo gateway', kind: 'push' })).json();
});
afterAll(async () => {
  await env.close();
  vi.useRealTimers();
});

describe('from mention to action', () => {
  let alert: any;
  let detail: any;

  it('an alert activates the plan that answers public-opinion alerts', async () => {
    const { watchlistId } = await burstOn('工地');
    const list = (await pr.get(`/api/v1/opinion/alerts?watchlistId=${watchlistId}`)).json().items;
    expect(list).toHaveLength(1);
    alert = list[0];
    await settle(env);
    const incidents = (await leader.get('/api/v1/incidents')).json().items as any[];
    const inc = incidents.find((i) => i.trigger === 'opinion_alert');
    expect(inc, JSON.stringify(incidents)).toBeDefined();
    expect(inc.title).toContain('工地舆情');
    detail = (await pr.get(`/api/v1/opinion/alerts/${alert.id}`)).json();
    expect(detail.mentions.length).toBeGreaterThanOrEqual(3);
    // Top by heat: the most reposted first.
    expect(detail.mentions[0].metrics.reposts).toBeGreaterThanOrEqual(detail.mentions[1].metrics.reposts);
  });

  it('promotes a mention to a complaint: channel social, the author as the complainant, the link shown on the complaint', async () => {
    const m = detail.mentions[0];
    expect((await leader.post(`/api/v1/opinion/mentions/${m.id}/promote`, {})).statusCode).toBe(403);
    const r = await pr.post(`/api/v1/opinion/mentions/${m.id}/promote`, {});
    expect(r.statusCode, r.body).toBe(201);
    const { complaint, link } = r.json();
    expect(link).toMatchObject({ mentionId: m.id, targetType: 'complaint', targetId: complaint.id, relation: 'promoted', authorHandle: m.author, createdBy: pr.userId });
    const c = (await pr.get(`/api/v1/complaints/${complaint.id}`)).json();
    expect(c.channel).toBe('social');
    expect(c.subject).toContain('工地');
    expect(c.description).toContain(m.url);
    expect(c.description).toContain(`@${m.author}`);
    // The complaint's page: the public conversation about it, and the timeline entry.
    const conv = (await pr.get(`/api/v1/complaints/${complaint.id}/mentions`)).json();
    expect(conv.items).toHaveLength(1);
    expect(conv.items[0]).toMatchObject({ link: { relation: 'promoted', authorHandle: m.author }, mention: { id: m.id, url: m.url, author: m.author } });
    const timeline = (await pr.get(`/api/v1/complaints/${complaint.id}/timeline`)).json().items as any[];
    expect(timeline.find((t) => t.kind === 'opinion_linked')?.data).toMatchObject({ mentionId: m.id, relation: 'promoted', url: m.url });
    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', complaint.id).execute();
    expect(audit.map((a) => a.action)).toContain('complaint.opinion_linked');
    // Once only.
    expect((await pr.post(`/api/v1/opinion/mentions/${m.id}/promote`, {})).json().code).toBe('mention_already_promoted');
    // Someone outside the complaint's department does not see its conversation.
    expect((await handler.get(`/api/v1/complaints/${complaint.id}/mentions`)).statusCode).toBe(404);
  });

  it('attaches a mention to the incident and another to an existing complaint; dismisses a third with a reason', async () => {
    const inc = ((await leader.get('/api/v1/incidents')).json().items as any[]).find((i) => i.trigger === 'opinion_alert');
    const m1 = detail.mentions[1];
    const toIncident = await pr.post(`/api/v1/opinion/mentions/${m1.id}/attach`, { incidentId: inc.id });
    expect(toIncident.statusCode, toIncident.body).toBe(201);
    expect(toIncident.json()).toMatchObject({ targetType: 'incident', targetId: inc.id, relation: 'attached' });
    expect((await pr.post(`/api/v1/opinion/mentions/${m1.id}/attach`, { incidentId: inc.id })).json().code).toBe('mention_already_linked');
    const incTimeline = await env.ctx.db.selectFrom('incident_timeline').select(['kind', 'data']).where('incident_id', '=', inc.id).where('kind', '=', 'mention_linked').execute();
    expect(incTimeline).toHaveLength(1);

    const agent = await env.client(['intake_agent']);
    const made = await agent.post('/api/v1/complaints', sampleComplaint({ subject: '工地夜间施工扰民', description: '工地每天夜里施工到两点' }));
    expect(made.statusCode, made.body).toBe(201);
    const existing = made.json();
    const m2 = detail.mentions[2];
    const toComplaint = await pr.post(`/api/v1/opinion/mentions/${m2.id}/attach`, { complaintId: existing.id });
    expect(toComplaint.statusCode, toComplaint.body).toBe(201);
    expect((await pr.get(`/api/v1/complaints/${existing.id}/mentions`)).json().items.map((x: any) => x.mention.id)).toEqual([m2.id]);
    expect((await pr.get(`/api/v1/opinion/mentions/${m2.id}/links`)).json().items).toMatchObject([{ targetType: 'complaint', targetId: existing.id, relation: 'attached' }]);
    // Exactly one target; unknown ones are 404.
    expect((await pr.post(`/api/v1/opinion/mentions/${m2.id}/attach`, {})).json().code).toBe('one_target');
    expect((await pr.post(`/api/v1/opinion/mentions/${m2.id}/attach`, { complaintId: existing.id, incidentId: inc.id })).statusCode).toBe(400);
    expect((await pr.post(`/api/v1/opinion/mentions/${m2.id}/attach`, { incidentId: 'nope' })).statusCode).toBe(404);
    expect((await pr.post('/api/v1/opinion/mentions/nope/attach', { incidentId: inc.id })).statusCode).toBe(404);

    const m3 = detail.mentions[3];
    const d = await pr.post(`/api/v1/opinion/mentions/${m3.id}/dismiss`, { reason: '重复信息' });
    expect(d.statusCode, d.body).toBe(200);
    expect((await pr.post(`/api/v1/opinion/mentions/${m3.id}/promote`, {})).json().code).toBe('mention_dismissed');
  });

  it('acknowledges the alert with a note (audited)', async () => {
    const r = await pr.post(`/api/v1/opinion/alerts/${alert.id}/acknowledge`, { note: '已联系施工方停工整改' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().alert).toMatchObject({ status: 'acknowledged', acknowledged: { by: pr.userId, note: '已联系施工方停工整改' } });
    expect((await pr.post(`/api/v1/opinion/alerts/${alert.id}/acknowledge`, {})).json().code).toBe('alert_already_acknowledged');
    const closed = await pr.post(`/api/v1/opinion/alerts/${alert.id}/close`, { note: '已回应' });
    expect(closed.json().alert).toMatchObject({ status: 'closed', closed: { by: pr.userId, note: '已回应' } });
    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', alert.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['opinion.alert_acknowledged', 'opinion.alert_closed']);
  });

  it('in quiet hours an alert is recorded and nobody is notified', async () => {
    configureAlerts(env.ctx, { quietHours: '00:00-23:59' });
    const before = ((await pr.get('/api/v1/notifications?limit=100')).json().items as any[]).filter((x) => x.type === 'opinion.alert').length;
    const { watchlistId } = await burstOn('码头');
    const [a] = (await pr.get(`/api/v1/opinion/alerts?watchlistId=${watchlistId}`)).json().items;
    expect(a).toMatchObject({ quiet: true, status: 'open' });
    await settle(env);
    const after = ((await pr.get('/api/v1/notifications?limit=100')).json().items as any[]).filter((x) => x.type === 'opinion.alert').length;
    expect(after).toBe(before);
  });
});
