import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { parseCsvRecords } from './csv.js';
import { seededRandom } from './metrics.js';
import { DATASETS } from './testdata.js';
import { triageService } from './triage.service.js';
import { DEFAULT_RULES } from './severity.js';

const COMPLAINTS = '/api/v1/complaints';

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function eventsOfType(env: TestEnv, type: string): Promise<Array<Record<string, any>>> {
  const rows = await env.ctx.db.selectFrom('jobs').select('payload').where('type', '=', 'event').execute();
  return rows.map((r) => JSON.parse(r.payload)).filter((e) => e.type === type);
}

describe('triage over HTTP', () => {
  let env: TestEnv;
  let agent: TestClient;
  let admin: TestClient;
  let dept: string;
  const cat: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    dept = await env.department('城管', 'City management');
    [agent, admin] = await Promise.all([env.client(['intake_agent']), env.client(['admin'])]);
    const mk = async (code: string, nameZh: string, keywords: string[], defaultDepartmentId?: string) => {
      const r = await admin.post('/api/v1/categories', { code, nameZh, nameEn: code, keywords, ...(defaultDepartmentId ? { defaultDepartmentId } : {}) });
      expect(r.statusCode, r.body).toBe(201);
      cat[code] = r.json().id;
    };
    await mk('noise', '噪音扰民', ['噪音', '吵', '施工', 'noise'], dept);
    await mk('food', '食品安全', ['食堂', '饭菜', '食物中毒', '腹泻']);
    await mk('gas', '燃气安全', ['煤气', '燃气', 'gas']);
    await mk('water', '供水', ['停水', '水压', '自来水']);
  });
  afterAll(() => env.close());

  it('canteen: 30 students ill after lunch → Ⅱ, explanation names the count and food safety, fast path + event', async () => {
    const r = await agent.post(COMPLAINTS, sampleComplaint({ subject: '食堂集体发病', description: '某大学食堂午餐后30多名学生出现呕吐腹泻症状，疑似食物中毒', complainant: undefined }));
    expect(r.statusCode, r.body).toBe(201);
    const c = r.json();
    expect(c.level).toBe(2);
    expect(c.flags.personalSafety).toBe(true);
    expect(c.triage.status).toBe('ok');
    expect(c.triage.level).toBe(2);
    expect(c.triage.fastPath).toBe(true);
    expect(c.triage.explanation).toContain('30');
    expect(c.triage.explanation).toContain('食品安全');
    expect(c.triage.factors.map((f: { factor: string }) => f.factor)).toEqual(expect.arrayContaining(['injuries', 'keyword']));
    expect(c.triage.ruleVersion).toBe(DEFAULT_RULES.version);
    expect(c.triage.suggestion).toMatchObject({ categoryId: cat.food, source: 'rules', applied: false });
    // The same on a later read, and on the timeline (with the explanation) and in the audit log.
    const got = (await agent.get(`${COMPLAINTS}/${c.id}`)).json();
    expect(got.triage).toMatchObject({ status: 'ok', level: 2, fastPath: true });
    const tl = (await agent.get(`${COMPLAINTS}/${c.id}/timeline`)).json().items;
    const triaged = tl.find((t: { kind: string }) => t.kind === 'triaged');
    expect(triaged.data.explanation).toContain('食品安全');
    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', c.id).execute();
    expect(audit.map((a) => a.action)).toContain('complaint.triaged');
    const fast = await eventsOfType(env, 'triage.fast_path');
    expect(fast.some((e) => e.data.complaintId === c.id && e.data.level === 2)).toBe(true);
    // Lists carry it too.
    const list = (await agent.get(`${COMPLAINTS}?limit=5`)).json().items;
    expect(list.find((x: { id: string }) => x.id === c.id).triage.fastPath).toBe(true);
  });

  it("a neighbour's noise at night → Ⅳ, no fast path", async () => {
    const r = await agent.post(COMPLAINTS, sampleComplaint({ subject: '楼上噪音', description: '楼上邻居每天晚上十二点后还在拖桌子，噪音很大，影响休息', complainant: undefined }));
    expect(r.statusCode).toBe(201);
    expect(r.json().level).toBe(4);
    expect(r.json().triage).toMatchObject({ level: 4, fastPath: false, personalSafety: false });
    expect(r.json().triage.suggestion.categoryId).toBe(cat.noise);
  });

  it('gas smell in a stairwell → at least Ⅲ with personal safety', async () => {
    const r = await agent.post(COMPLAINTS, sampleComplaint({ subject: '楼道煤气味', description: '三单元楼道里有很浓的煤气味，担心泄漏', complainant: undefined }));
    const c = r.json();
    expect(c.level).toBeLessThanOrEqual(3);
    expect(c.triage.personalSafety).toBe(true);
    expect(c.triage.fastPath).toBe(true);
    expect(c.flags.personalSafety).toBe(true);
    expect(c.triage.explanation).toContain('燃气泄漏');
  });

  it('an explicit level is a floor: triage may raise it but never lower it', async () => {
    const high = await agent.post(COMPLAINTS, sampleComplaint({ subject: '噪音', description: '隔壁装修声音大', level: 1, complainant: undefined }));
    expect(high.json().level).toBe(1);
    expect(high.json().triage).toMatchObject({ level: 4, requestedLevel: 1 });
    const low = await agent.post(COMPLAINTS, sampleComplaint({ subject: '食堂', description: '食堂午餐后30多名学生呕吐腹泻，疑似食物中毒', level: 4, complainant: undefined }));
    expect(low.json().level).toBe(2);
  });

  it('a keyword-rule suggestion is a suggestion only: never applied, whatever the threshold floor', async () => {
    const body = sampleComplaint({ subject: '工地噪音', description: '工地夜间施工噪音太吵', complainant: undefined });
    expect((await admin.request({ method: 'PUT', url: '/api/v1/triage/settings', payload: { autoApplyThreshold: 0 } })).statusCode).toBe(200);
    const c = (await agent.post(COMPLAINTS, body)).json();
    expect(c.triage.suggestion).toMatchObject({ categoryId: cat.noise, source: 'rules', applied: false, calibrated: false });
    expect(c.categoryId).toBeNull();
    expect(c.departmentId).toBeNull();
    await admin.request({ method: 'PUT', url: '/api/v1/triage/settings', payload: { autoApplyThreshold: 0.5 } });
    const bad = await admin.request({ method: 'PUT', url: '/api/v1/triage/settings', payload: { massSize: 1 } });
    expect(bad.statusCode).toBe(400);
    // The calibration policy cannot be made looser than the defaults.
    for (const payload of [{ minConfirmedPerClass: 2 }, { minHeldOut: 10 }, { targetPrecision: 0.8 }]) {
      expect((await admin.request({ method: 'PUT', url: '/api/v1/triage/settings', payload })).statusCode).toBe(400);
    }
  });

  it('12 near-identical complaints about one construction site within an hour → one cluster, mass, level raised, event', async () => {
    const variants = ['凌晨', '半夜', '深夜', '夜里'];
    const ids: string[] = [];
    const levels: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await agent.post(COMPLAINTS, sampleComplaint({
        subject: '锦绣花园北侧工地扰民',
        description: `锦绣花园北侧建筑工地${variants[i % 4]}还在施工，打桩机声音太大，吵得孩子睡不着觉，请尽快处理！${i % 3 === 0 ? '@城管' : ''}`,
        complainant: { phone: `1390000${String(1000 + i)}` },
      }));
      expect(r.statusCode, r.body).toBe(201);
      ids.push(r.json().id);
      levels.push(r.json().level);
      if (i >= 1) expect(r.json().triage.cluster?.id).toBeTruthy();
    }
    const last = (await agent.get(`${COMPLAINTS}/${ids[11]}`)).json();
    const clusterId = last.triage.cluster.id;
    expect(last.triage.cluster).toMatchObject({ size: 12, mass: true });
    // Below the threshold: Ⅳ; from the 10th on the cluster is a mass complaint and the rule raises the level.
    expect(levels.slice(0, 9)).toEqual(Array(9).fill(4));
    expect(levels.slice(9)).toEqual([3, 3, 3]);
    expect(last.triage.factors.map((f: { factor: string }) => f.factor)).toContain('massCluster');
    const ev = await eventsOfType(env, 'triage.mass_complaint');
    expect(ev).toHaveLength(1);
    expect(ev[0].data).toMatchObject({ clusterId, size: 10 });
    expect(ev[0].data.complaintIds).toHaveLength(10);
    const cluster = (await agent.get(`/api/v1/clusters/${clusterId}`)).json();
    expect(cluster.members.map((m: { id: string }) => m.id).sort()).toEqual([...ids].sort());
    expect(cluster.mass).toBe(true);
    const massList = (await agent.get('/api/v1/clusters?mass=1')).json();
    expect(massList.items.map((c: { id: string }) => c.id)).toContain(clusterId);
    // The mass-raise job lifts the earlier members too.
    const first = await until(() => agent.get(`${COMPLAINTS}/${ids[0]}`).then((r) => r.json()), (c) => c.level === 3);
    expect(first.level).toBe(3);
    expect(first.triage.mass).toBe(true);
    // Its explanation is graded again with it: the level it shows and the reason for it.
    expect(first.triage.level).toBe(3);
    expect(first.triage.explanation).toMatch(/^Ⅲ级 较大/);
    expect(first.triage.explanation).toContain('群体性投诉（相似投诉聚集达到阈值） → 提升1级至Ⅲ级');
    expect(first.triage.explanation).not.toContain('未发现加重因素');
  });

  it('explanations in the reader’s language; a staff override is explained; every serious circumstance found is listed', async () => {
    const english = await env.client(['intake_agent']);
    expect((await english.request({ method: 'PATCH', url: '/api/v1/auth/me', payload: { locale: 'en' } })).statusCode).toBe(200);
    const c = (await agent.post(COMPLAINTS, sampleComplaint({ subject: '学生宿舍停水', description: '学校学生宿舍停水五天了，学生们没水洗漱，已经发到微博上了', complainant: undefined }))).json();
    expect(c.level).toBe(2);
    expect(c.triage.detectedFlags).toEqual({ personalSafety: false, propertyLoss: false, mediaAttention: true, vulnerableGroup: true });
    const zh = (await agent.get(`${COMPLAINTS}/${c.id}`)).json().triage;
    const en = (await english.get(`${COMPLAINTS}/${c.id}`)).json().triage;
    expect(zh.explanation).toBe('Ⅱ级 重大（规则 2026.1）：停水5天（“五天”） → 至少Ⅲ级；涉及弱势群体（“学生”） → 提升1级至Ⅱ级；媒体或舆论关注（“微博”） → 未提升（已为Ⅱ级，此项最高Ⅱ级）。');
    expect(en.explanation).toBe('Level Ⅱ serious (rules 2026.1): no water for 5 days (“五天”) → at least Ⅲ; vulnerable group (“学生”) → +1 to Ⅱ; media or public attention (“微博”) → +0 (already Ⅱ, this factor goes up to Ⅱ).');
    expect(en.factors.map((f: { detail: string }) => f.detail)).toEqual(['no water for 5 days (“五天”)', 'vulnerable group (“学生”)', 'media or public attention (“微博”)']);
    // The same in the inbox list.
    const listed = (await english.get(`${COMPLAINTS}?limit=5`)).json().items.find((i: { id: string }) => i.id === c.id);
    expect(listed.triage.explanation).toBe(en.explanation);
    // Staff override: the explanation ends with the level they set and why. Lowering a level takes
    // triage.override, which a coordinator has and an intake agent does not.
    const coordinator = await env.client(['coordinator']);
    const o = await coordinator.post(`${COMPLAINTS}/${c.id}/triage`, { categoryId: cat.water, level: 3, reason: '已临时送水' });
    expect(o.statusCode, o.body).toBe(200);
    const after = (await agent.get(`${COMPLAINTS}/${c.id}`)).json();
    expect(after.level).toBe(3);
    expect(after.triage.explanation).toMatch(/^Ⅲ级 较大/);
    expect(after.triage.explanation).toContain('人工改定等级（原因：已临时送水） → 由Ⅱ级改为Ⅲ级');
    expect((await english.get(`${COMPLAINTS}/${c.id}`)).json().triage.explanation).toContain('level changed by staff (reason: 已临时送水) → Ⅱ → Ⅲ');
  });

  it('the largest family of near-copies in the weibo sample (25 打卡 reposts; no post has 28) posted over HTTP falls in one cluster, other posts do not join it', async () => {
    const { records } = parseCsvRecords(readFileSync(DATASETS.weibo, 'utf8'));
    const texts = records.map((r) => r.text);
    const family = texts.filter((t) => t.includes('新浪捐助的救护车'));
    expect(family).toHaveLength(25);
    const rng = seededRandom(5);
    const others = texts.filter((t) => !t.includes('战疫打卡') && t.length > 30 && rng() < 0.004).slice(0, 30);
    const post = async (t: string) => (await agent.post(COMPLAINTS, sampleComplaint({ subject: t.slice(0, 40), description: t, channel: 'social', complainant: undefined }))).json();
    const fam = [];
    const oth = [];
    for (let i = 0; i < Math.max(family.length, others.length); i++) {
      if (family[i]) fam.push(await post(family[i]));
      if (others[i]) oth.push(await post(others[i]));
    }
    const famRows = await triageService(env.ctx).presentFor(fam.map((c) => c.id));
    const clusterIds = new Set(fam.map((c) => famRows.get(c.id)?.cluster?.id));
    expect(clusterIds.size).toBe(1);
    const [clusterId] = [...clusterIds];
    const othRows = await triageService(env.ctx).presentFor(oth.map((c) => c.id));
    expect(oth.filter((c) => othRows.get(c.id)?.cluster?.id === clusterId)).toEqual([]);
    expect((await agent.get(`/api/v1/clusters/${clusterId}`)).json().size).toBe(25);
  });

  it('a repeat complainant (same phone, same category, within 90 days) is flagged and linked to the earlier complaint', async () => {
    const who = { name: '李四', phone: '138 0013 8000' };
    const first = (await agent.post(COMPLAINTS, sampleComplaint({ subject: '停水', description: '小区停水两天', categoryId: cat.water, complainant: who }))).json();
    expect(first.triage.repeatOf).toBeNull();
    const again = (await agent.post(COMPLAINTS, sampleComplaint({ subject: '又停水了', description: '小区又停水了，没人管', categoryId: cat.water, complainant: { phone: '+86 13800138000' } }))).json();
    expect(again.triage.repeatOf).toEqual({ id: first.id, trackingNo: first.trackingNo });
    expect(again.triage.factors.map((f: { factor: string }) => f.factor)).toContain('repeat');
    expect(again.level).toBe(3);
    const other = (await agent.post(COMPLAINTS, sampleComplaint({ subject: '噪音', description: '楼下广场舞太吵', categoryId: cat.noise, complainant: { phone: '13800138000' } }))).json();
    expect(other.triage.repeatOf).toBeNull();

    // The person's history, found through the blind index, masked; the preview hints at the repeat.
    const look = (await agent.get('/api/v1/complainants/lookup?phone=13800138000')).json();
    expect(look.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([first.id, again.id, other.id]));
    expect(look.items[0].complainant.masked).toBe(true);
    expect(JSON.stringify(look)).not.toContain('13800138000');
    const handler = await env.client(['handler'], [await env.department()]);
    expect((await handler.get('/api/v1/complainants/lookup?phone=13800138000')).statusCode).toBe(403); // complainant.lookup
    expect((await agent.get('/api/v1/complainants/lookup')).statusCode).toBe(400);
    const pv = (await agent.post('/api/v1/triage/preview', { subject: '停水', description: '又停水', phone: '13800138000', categoryId: cat.water })).json();
    expect(pv.repeat.id).toBe(again.id);
    expect(pv.earlierComplaints.length).toBeGreaterThanOrEqual(3);
  });

  it('preview shows suggestion, level, explanation and similar open complaints without writing anything', async () => {
    const before = await env.count('complaints');
    const r = await agent.post('/api/v1/triage/preview', { subject: '工地扰民', description: '锦绣花园北侧建筑工地凌晨还在施工，打桩机声音太大，吵得孩子睡不着觉，请尽快处理！' });
    expect(r.statusCode, r.body).toBe(200);
    const pv = r.json();
    expect(pv.similar.length).toBeGreaterThan(0);
    expect(pv.similar[0]).toMatchObject({ trackingNo: expect.any(String), subject: '锦绣花园北侧工地扰民' });
    expect(pv.similar[0].similarity).toBeGreaterThan(0.5);
    expect(pv.level).toBe(3); // the similar complaints form a mass cluster
    expect(pv.suggestion.categoryId).toBe(cat.noise);
    expect(await env.count('complaints')).toBe(before);
  });

  it('a triage failure still creates the complaint, shows status failed, and the retry job fixes it', async () => {
    await admin.request({ method: 'PUT', url: '/api/v1/triage/settings', payload: { retryDelayMs: 200 } });
    const svc = triageService(env.ctx);
    const spy = vi.spyOn(svc, 'classify').mockImplementation(() => {
      throw new Error('classifier exploded');
    });
    const r = await agent.post(COMPLAINTS, sampleComplaint({ subject: '食堂', description: '食堂午餐后30多名学生呕吐腹泻，疑似食物中毒', complainant: undefined }));
    expect(r.statusCode).toBe(201);
    const c = r.json();
    expect(c.triage).toMatchObject({ status: 'failed', error: 'classifier exploded' });
    expect(c.level).toBe(4);
    expect((await agent.get(`${COMPLAINTS}/${c.id}`)).json().triage.status).toBe('failed');
    const job = await env.ctx.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', `triage.retry:${c.id}`).executeTakeFirst();
    expect(job?.type).toBe('triage.retry');
    spy.mockRestore();
    const fixed = await until(() => agent.get(`${COMPLAINTS}/${c.id}`).then((x) => x.json()), (x) => x.triage.status === 'ok');
    expect(fixed.triage.status).toBe('ok');
    expect(fixed.triage.attempts).toBeGreaterThanOrEqual(2);
    expect(fixed.level).toBe(2);
    const kinds = (await agent.get(`${COMPLAINTS}/${c.id}/timeline`)).json().items.map((t: { kind: string }) => t.kind);
    expect(kinds).toEqual(expect.arrayContaining(['created', 'triage_failed', 'triaged']));
  });

  it('rules: PUT with invalid rules → 400 listing every error; a valid PUT makes a new version that later complaints record', async () => {
    const cur = (await admin.get('/api/v1/triage/rules')).json();
    expect(cur).toMatchObject({ version: DEFAULT_RULES.version, builtIn: true });
    const bad = await admin.request({ method: 'PUT', url: '/api/v1/triage/rules', payload: { ...cur.rules, version: 'x1', deaths: [3, 10, 30], keywords: [{ id: 'k', terms: [], minLevel: 7, personalSafety: true }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_rules');
    expect(bad.json().errors).toEqual(expect.arrayContaining(['deaths thresholds must not increase from Ⅰ to Ⅲ (got 3, 10, 30)', 'keywords[0] (k): terms must be a non-empty list of non-empty strings', 'keywords[0] (k): minLevel must be 1, 2, 3 or 4']));
    expect((await agent.request({ method: 'PUT', url: '/api/v1/triage/rules', payload: cur.rules })).statusCode).toBe(403);
    // Noise is Ⅲ under the organisation's new rules.
    const rules = { ...cur.rules, version: 'org-2', keywords: [...cur.rules.keywords, { id: 'noise', label: { zh: '噪音', en: 'noise' }, terms: ['噪音'], minLevel: 3, personalSafety: false }] };
    const ok = await admin.request({ method: 'PUT', url: '/api/v1/triage/rules', payload: rules });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 'org-2', builtIn: false });
    // Reusing a version is refused; sending the rules back unchanged (same version as in force) gets a new version.
    expect((await admin.request({ method: 'PUT', url: '/api/v1/triage/rules', payload: { ...rules, version: DEFAULT_RULES.version } })).statusCode).toBe(409);
    const c = (await agent.post(COMPLAINTS, sampleComplaint({ subject: '噪音', description: '楼下酒吧噪音', complainant: undefined }))).json();
    expect(c.triage.ruleVersion).toBe('org-2');
    expect(c.level).toBe(3);
    // Back to the defaults for the other tests (a new version again).
    await admin.request({ method: 'PUT', url: '/api/v1/triage/rules', payload: { ...cur.rules, version: 'org-3' } });
  });

  it('confirm/override: reason required to override; overrides teach the classifier and save model versions', async () => {
    // Train a model from the organisation's own labelled complaints.
    const texts: Array<[string, string]> = [];
    for (let i = 0; i < 12; i++) {
      texts.push([cat.noise, `第${i}号楼旁边工地晚上施工，机器轰鸣吵得睡不着`]);
      texts.push([cat.water, `第${i}栋从早上开始停水，自来水一直没有来`]);
    }
    for (const [categoryId, d] of texts) await agent.post(COMPLAINTS, sampleComplaint({ subject: d.slice(0, 10), description: d, categoryId, complainant: undefined }));
    const tr = await admin.post('/api/v1/triage/models/train', {});
    expect(tr.statusCode, tr.body).toBe(201);
    const v1 = tr.json().version;
    expect(tr.json().examples).toBeGreaterThanOrEqual(24);
    expect((await agent.post('/api/v1/triage/models/train', {})).statusCode).toBe(403);

    await admin.request({ method: 'PUT', url: '/api/v1/triage/settings', payload: { learnBatch: 1 } });
    const elevator = (i: number) => `${i}号楼电梯又坏了，老人上下楼非常困难，电梯维保单位不来修`;
    const before = (await agent.post('/api/v1/triage/preview', { subject: '电梯故障', description: elevator(99) })).json();
    const newCat = (await admin.post('/api/v1/categories', { code: 'elevator', nameZh: '电梯', nameEn: 'Elevator', keywords: ['电梯'] })).json().id;
    expect(before.suggestion?.categoryId).not.toBe(newCat);
    // The first elevator complaint is overridden (reason required); one correction is enough for the
    // next one to be suggested as 电梯, which staff then merely confirm.
    const suggested: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = (await agent.post(COMPLAINTS, sampleComplaint({ subject: '电梯故障', description: elevator(i), complainant: undefined }))).json();
      expect(c.triage.suggestion.source).toBe('model');
      suggested.push(c.triage.suggestion.categoryId);
      const override = c.triage.suggestion.categoryId !== newCat;
      if (override) {
        const noReason = await agent.post(`${COMPLAINTS}/${c.id}/triage`, { categoryId: newCat, level: 4 });
        expect(noReason.statusCode).toBe(400);
        expect(noReason.json().code).toBe('reason_required');
      }
      const ok = await agent.post(`${COMPLAINTS}/${c.id}/triage`, { categoryId: newCat, level: 4, ...(override ? { reason: '电梯故障归电梯类' } : {}) });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ categoryId: newCat, level: 4 });
      expect(ok.json().triage.confirmation).toMatchObject({ overridden: override, categoryId: newCat });
    }
    expect(suggested[0]).not.toBe(newCat);
    expect(suggested[2]).toBe(newCat);
    const after = (await agent.post('/api/v1/triage/preview', { subject: '电梯故障', description: elevator(100) })).json();
    expect(after.suggestion.categoryId).toBe(newCat);
    const models = (await admin.get('/api/v1/triage/models')).json();
    expect(models.active).toBeGreaterThan(v1);
    expect(models.items[0]).toMatchObject({ source: 'learn', active: true });
    expect(models.items[0].labels).toContain(newCat);
    // A confirmation without change needs no reason.
    const c = (await agent.post(COMPLAINTS, sampleComplaint({ subject: '停水', description: '3栋停水，自来水没有来', complainant: undefined }))).json();
    const same = await agent.post(`${COMPLAINTS}/${c.id}/triage`, { categoryId: c.triage.suggestion.categoryId, level: c.triage.level });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json().triage.confirmation.overridden).toBe(false);
    // Re-triage keeps the confirmation.
    const rr = await agent.post(`${COMPLAINTS}/${c.id}/triage/rerun`);
    expect(rr.statusCode, rr.body).toBe(200);
    expect(rr.json().triage.confirmation.overridden).toBe(false);
    await admin.request({ method: 'PUT', url: '/api/v1/triage/settings', payload: { learnBatch: 50 } });
  });

  it('a restarted instance rebuilds the duplicate index and loads the model from the database', async () => {
    const { TriageService } = await import('./triage.service.js');
    const fresh = new TriageService(env.ctx);
    await fresh.init();
    expect(fresh.activeModelVersion).toBe(triageService(env.ctx).activeModelVersion);
    const pv = await fresh.preview({ id: agent.userId, email: '', name: '', roles: ['intake_agent'], departmentIds: [], locale: 'zh-CN', via: 'session' }, { subject: '工地', description: '锦绣花园北侧建筑工地深夜还在施工，打桩机声音太大，吵得孩子睡不着觉，请尽快处理！' });
    expect(pv.similar.length).toBeGreaterThan(5);
  });

  it('a complaint evicted from the duplicate index (older than the link window) keeps its stored cluster when triage runs again', async () => {
    const { TriageService } = await import('./triage.service.js');
    const fresh = new TriageService(env.ctx);
    await fresh.init();
    const [mass] = (await agent.get('/api/v1/clusters?mass=1')).json().items;
    const before = (await agent.get(`/api/v1/clusters/${mass.id}`)).json();
    const member = before.members[0].id as string;
    // As on a server that has run for 30 more days: everything is out of the window.
    fresh['tracker'].evictExpired(Date.now() + 30 * 86_400_000, 0);
    expect(fresh['tracker'].index.size).toBe(0);
    await fresh.rerun(member, null);
    expect((await fresh.presentFor([member])).get(member)?.cluster).toMatchObject({ id: mass.id, size: before.size, mass: true });
    expect((await agent.get(`/api/v1/clusters/${mass.id}`)).json().members.length).toBe(before.members.length);
  });

  it('the API is in /openapi.json', async () => {
    const spec = (await env.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const p of ['/api/v1/triage/preview', '/api/v1/complainants/lookup', '/api/v1/complaints/{id}/triage', '/api/v1/complaints/{id}/triage/rerun', '/api/v1/clusters', '/api/v1/clusters/{id}', '/api/v1/triage/rules', '/api/v1/triage/models/train']) {
      expect(Object.keys(spec.paths)).toContain(p);
    }
  });
});

describe('triage clusters across a server restart', () => {
  let env: TestEnv;
  let agent: TestClient;
  let admin: TestClient;

  beforeAll(async () => {
    env = await createTestEnv();
    [agent, admin] = await Promise.all([env.client(['intake_agent']), env.client(['admin'])]);
  });
  afterAll(() => env.close());

  const post = async (subject: string, description: string) => {
    const r = await agent.post(COMPLAINTS, sampleComplaint({ subject, description, complainant: undefined }));
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  /** As if these complaints came in more than the link window (7 days) ago: their signatures are not reloaded. */
  const age = async (ids: string[]) => {
    await env.ctx.db.updateTable('complaint_signatures').set({ created_at: Date.now() - 8 * 86_400_000 }).where('complaint_id', 'in', ids).execute();
  };
  /** What a restarted server does: rebuild the duplicate index and clusters from the database. */
  const restart = async () => {
    await triageService(env.ctx)['rebuildIndex']();
  };

  it('a near-duplicate after a restart joins the same cluster id (whose first complaints are older than the link window) and its stored size grows by one', async () => {
    const subject = '幸福路菜市场污水横流';
    const text = (i: number) => `幸福路菜市场门口下水道堵塞，污水横流臭气熏天，已经${['三', '四', '五', '六', '七'][i]}天没人清理了，请尽快处理`;
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await post(subject, text(i)));
    const clusterId = first[0].id as string;
    expect(first.slice(1).map((c) => c.triage.cluster?.id)).toEqual([clusterId, clusterId, clusterId]);
    expect((await agent.get(`/api/v1/clusters/${clusterId}`)).json().size).toBe(4);

    // The root and the second complaint are older than the link window; the other two are reloaded.
    await age([first[0].id, first[1].id]);
    await restart();

    const next = await post(subject, text(4));
    expect(next.triage.cluster).toMatchObject({ id: clusterId, size: 5 });
    const cluster = (await agent.get(`/api/v1/clusters/${clusterId}`)).json();
    expect(cluster.size).toBe(5);
    expect(cluster.members.map((m: { id: string }) => m.id).sort()).toEqual([...first.map((c) => c.id), next.id].sort());
    // No second cluster was started under a reloaded member's id.
    for (const c of first.slice(1)) expect((await agent.get(`/api/v1/clusters/${c.id}`)).statusCode).toBe(404);
    expect((await triageService(env.ctx).presentFor([first[2].id])).get(first[2].id)?.cluster).toMatchObject({ id: clusterId, size: 5 });
  });

  it('a mass complaint stays one after a restart: the next near-duplicate is told so and raised by the rule', async () => {
    expect((await admin.request({ method: 'PUT', url: '/api/v1/triage/settings', payload: { massSize: 3 } })).statusCode).toBe(200);
    const subject = '和平里小区电梯停运';
    const text = (i: number) => `和平里小区3号楼电梯${['周一', '周二', '周三', '周四'][i]}又坏了，老人上下楼非常困难，物业一直不修，请相关部门督促`;
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await post(subject, text(i)));
    const clusterId = first[0].id as string;
    expect(first[2].triage.cluster).toMatchObject({ id: clusterId, size: 3, mass: true });

    await age([first[0].id, first[1].id]);
    await restart();

    const next = await post(subject, text(3));
    expect(next.triage.cluster).toMatchObject({ id: clusterId, size: 4, mass: true });
    expect(next.triage.mass).toBe(true);
    expect(next.triage.factors.map((f: { factor: string }) => f.factor)).toContain('massCluster');
    expect((await agent.get(`/api/v1/clusters/${clusterId}`)).json()).toMatchObject({ size: 4, mass: true });
  });
});
