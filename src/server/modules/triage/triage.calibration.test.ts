import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { seededRandom } from './metrics.js';
import { triageService } from './triage.service.js';

/**
 * Auto-apply earns trust (issue 10 item 5), over HTTP on a real database: a category is applied
 * without staff only by a model calibrated for it on held-out confirmations, above its threshold.
 */
const COMPLAINTS = '/api/v1/complaints';

// Synthetic hotline texts, one vocabulary per category, varied so that no two are alike.
const VOCAB: Record<string, { places: string[]; what: string[]; asks: string[] }> = {
  noise: { places: ['小区楼下', '隔壁工地', '楼上住户', '广场'], what: ['深夜施工噪音', '打桩机轰鸣', '广场舞音响太吵', '装修电钻声'], asks: ['影响休息', '孩子无法入睡', '老人心脏受不了'] },
  water: { places: ['3栋', '东区', '老城区', '小区'], what: ['停水两天', '自来水发黄', '水压太低上不了楼', '供水管爆裂'], asks: ['无法做饭洗澡', '请尽快恢复供水', '生活用水困难'] },
  gas: { places: ['楼道', '厨房', '地下室', '单元门口'], what: ['闻到燃气味', '煤气管道漏气', '燃气表异响', '天然气阀门锈蚀'], asks: ['担心爆炸', '请燃气公司检修', '存在安全隐患'] },
  elevator: { places: ['1号楼', '5单元', '高层住宅', '老旧小区'], what: ['电梯困人', '电梯频繁故障', '电梯维保不到位', '电梯门夹人'], asks: ['老人上下楼困难', '请督促物业维修', '存在安全隐患'] },
};
const rand = seededRandom(11);
const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
const SHARED = ['物业不管', '社区不理', '多次反映无果', '请相关部门处理', '居民意见很大', '影响生活'];
function text(code: string, i: number) {
  const v = VOCAB[code];
  return { subject: `${pick(v.places)}${pick(v.what)}`, description: `${pick(v.places)}${pick(v.what)}，已经${(i % 9) + 1}天了，${pick(SHARED)}，${pick(v.asks)}。${pick(SHARED)}。` };
}
/** A report of two problems at once: noise with water, or gas with water. */
function mixedOf(code: string, i: number) {
  const pair = code === 'water' ? (i % 2 ? 'noise' : 'gas') : code === 'elevator' ? 'gas' : 'water';
  const [a, b] = [text(code, i), text(pair, i)];
  return { subject: '小区多个问题', description: i % 2 ? `${a.description}${b.description}` : `${b.description}${a.description}` };
}

describe('auto-apply is decided per category from held-out confirmations', () => {
  let env: TestEnv;
  let agent: TestClient;
  let admin: TestClient;
  const cat: Record<string, string> = {};
  let seq = 0;

  const post = async (code: string | null, body: { subject: string; description: string }) => {
    const r = await agent.post(COMPLAINTS, sampleComplaint({ ...body, categoryId: code ? cat[code] : undefined, complainant: undefined }));
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  /**
   * Staff-labelled history: complaints whose category the agent chose at intake. One in ten reports
   * two problems at once (filed under either), so the model is unsure on such reports.
   */
  const history = async (code: string, n: number) => {
    const one = () => (rand() < 0.1 ? mixedOf(code, seq++) : text(code, seq++));
    for (let i = 0; i < n; i += 10) await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => post(code, one())));
  };

  beforeAll(async () => {
    env = await createTestEnv();
    [agent, admin] = await Promise.all([env.client(['intake_agent']), env.client(['admin'])]);
    const dept = await env.department('城管', 'City management');
    for (const code of Object.keys(VOCAB)) {
      const r = await admin.post('/api/v1/categories', { code, nameZh: code, nameEn: code, keywords: [], defaultDepartmentId: dept });
      cat[code] = r.json().id;
    }
  });
  afterAll(() => env.close());

  it('a model trained on fewer than N (20) confirmed examples per category never auto-applies, however confident', async () => {
    await history('noise', 19);
    await history('water', 19);
    const tr = await admin.post('/api/v1/triage/models/train', {});
    expect(tr.statusCode, tr.body).toBe(201);
    expect(tr.json()).toMatchObject({ accepted: true, examples: 38, heldOut: 0, calibration: { threshold: null, n: 0 } });
    expect(tr.json().calibration.classes[cat.noise]).toMatchObject({ confirmed: 19, autoApply: false });
    let confident = 0;
    for (let i = 0; i < 10; i++) {
      const c = await post(null, text(i % 2 ? 'noise' : 'water', 10_000 + i));
      expect(c.triage.suggestion).toMatchObject({ source: 'model', applied: false, calibrated: false });
      expect(c.categoryId).toBeNull();
      if (c.triage.suggestion.confidence >= 0.8) confident++;
    }
    // The old rule (a fixed 0.8 threshold) would have applied these.
    expect(confident).toBeGreaterThan(0);
  });

  it('retraining is rate-limited', async () => {
    const again = await admin.post('/api/v1/triage/models/train', {});
    expect(again.statusCode).toBe(429);
    expect(again.json().code).toBe('retrain_rate_limited');
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a calibrated model auto-applies only above its chosen threshold, and only for calibrated categories', async () => {
    // 141 more of noise and water, 160 of gas, 12 of elevator: beyond 20 per category one in five is held out.
    await history('noise', 141);
    await history('water', 141);
    await history('gas', 160);
    await history('elevator', 12);
    await admin.request({ method: 'PUT', url: '/api/v1/triage/settings', payload: { autoApplyThreshold: 0, retrainMinIntervalMs: 0 } });
    const tr = await admin.post('/api/v1/triage/models/train', {});
    expect(tr.statusCode, tr.body).toBe(201);
    const cal = tr.json().calibration;
    expect(tr.json().accepted).toBe(true);
    expect(cal.n).toBeGreaterThanOrEqual(50);
    expect(cal.threshold).not.toBeNull();
    expect(cal.applied).toBeGreaterThanOrEqual(50);
    expect(cal.precision).toBeGreaterThanOrEqual(0.95);
    expect(cal.replaced).toMatchObject({ version: expect.any(Number) });
    // Each category that may auto-apply has N confirmed examples and its own held-out precision.
    const trusted = Object.values(cal.classes as Record<string, { confirmed: number; applied: number; correct: number; autoApply: boolean }>).filter((c) => c.autoApply);
    expect(trusted.length).toBeGreaterThan(0);
    for (const c of trusted) {
      expect(c.confirmed).toBeGreaterThanOrEqual(20);
      expect(c.correct / c.applied).toBeGreaterThanOrEqual(0.95);
    }
    // 12 elevator examples: taught, never trusted.
    expect(cal.classes[cat.elevator]).toMatchObject({ confirmed: 12, autoApply: false });
    // The admin page's figures: the active version records what its threshold was chosen from.
    const models = (await admin.get('/api/v1/triage/models')).json();
    expect(models.items.find((m: { active: boolean }) => m.active).calibration).toMatchObject({ threshold: cal.threshold, n: cal.n, precision: cal.precision });

    const threshold = cal.threshold as number;
    const seen = { applied: 0, below: 0, uncalibrated: 0 };
    const cases = [...['noise', 'water', 'gas', 'elevator'].flatMap((code) => Array.from({ length: 4 }, (_, i) => text(code, 30_000 + i))), ...Array.from({ length: 10 }, (_, i) => mixedOf(i % 2 ? 'noise' : 'gas', 20_000 + i))];
    for (const body of cases) {
      const c = await post(null, body);
      const s = c.triage.suggestion;
      const calibrated = !!cal.classes[s.categoryId]?.autoApply;
      expect(s.calibrated).toBe(calibrated);
      const shouldApply = calibrated && s.confidence >= threshold;
      expect(s.applied, JSON.stringify(s)).toBe(shouldApply);
      expect(c.categoryId).toBe(shouldApply ? s.categoryId : null);
      if (shouldApply) seen.applied++;
      else if (calibrated) seen.below++;
      else seen.uncalibrated++;
    }
    expect(seen.applied).toBeGreaterThan(0);
    expect(seen.below + seen.uncalibrated).toBeGreaterThan(0);
    // The preview says the same as intake would.
    const pv = (await agent.post('/api/v1/triage/preview', text('gas', 40_000))).json();
    expect(pv.suggestion.wouldApply).toBe(pv.suggestion.calibrated && pv.suggestion.confidence >= threshold);
  }, 120_000);

  it('a retrained version replaces the active one only if it is not worse on the held-out confirmations (both scores recorded)', async () => {
    const svc = triageService(env.ctx);
    const before = svc.activeModelVersion;
    const r = await svc.train(null, { force: true });
    expect(r.calibration.replaced).toMatchObject({ version: before, accuracy: expect.any(Number) });
    expect(r.accepted).toBe(r.calibration.accuracy >= r.calibration.replaced!.accuracy);
    expect(svc.activeModelVersion).toBe(r.accepted ? r.version : before);
  }, 60_000);
});

describe('regression: two manual corrections do not let a model override the agent', () => {
  let env: TestEnv;
  let agent: TestClient;
  let admin: TestClient;
  const cat: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnv();
    [agent, admin] = await Promise.all([env.client(['intake_agent']), env.client(['admin'])]);
    for (const code of ['noise', 'water', 'gas', 'elevator']) cat[code] = (await admin.post('/api/v1/categories', { code, nameZh: code, nameEn: code, keywords: [] })).json().id;
  });
  afterAll(() => env.close());

  it('after a model on 30 complaints and two corrections to a new category, unrelated complaints are not auto-applied', async () => {
    for (let i = 0; i < 30; i++) {
      const code = ['noise', 'water', 'gas'][i % 3];
      await agent.post(COMPLAINTS, sampleComplaint({ ...text(code, i), categoryId: cat[code], complainant: undefined }));
    }
    expect((await admin.post('/api/v1/triage/models/train', {})).statusCode).toBe(201);
    // autoApplyThreshold 0.5: the fixed threshold alone (as before calibration) would apply what follows.
    await admin.request({ method: 'PUT', url: '/api/v1/triage/settings', payload: { learnBatch: 1, autoApplyThreshold: 0.5 } });
    // Two manual corrections to 电梯.
    for (let i = 0; i < 2; i++) {
      const c = (await agent.post(COMPLAINTS, sampleComplaint({ ...text('elevator', i), complainant: undefined }))).json();
      const ok = await agent.post(`${COMPLAINTS}/${c.id}/triage`, { categoryId: cat.elevator, level: c.triage.level, reason: '电梯故障归电梯类' });
      expect(ok.statusCode, ok.body).toBe(200);
    }
    const unrelated = ['市民反映公交车站台破损，雨天无处避雨', '学校周边流动摊贩占道经营，学生上学不安全', '社保卡补办需要多久，窗口排队太长', '医院挂号难，专家号一号难求'];
    const suggested: { categoryId: string; confidence: number }[] = [];
    for (const description of unrelated) {
      const c = (await agent.post(COMPLAINTS, sampleComplaint({ subject: description.slice(0, 10), description, complainant: undefined }))).json();
      expect(c.categoryId).toBeNull();
      expect(c.triage.suggestion).toMatchObject({ source: 'model', applied: false, calibrated: false });
      suggested.push(c.triage.suggestion);
    }
    // The reported failure, reproduced: the freshly taught category is suggested for unrelated complaints
    // with confidences (measured 0.57–0.61) that a fixed threshold would have applied.
    expect(suggested.filter((s) => s.categoryId === cat.elevator).length).toBeGreaterThanOrEqual(2);
    expect(suggested.some((s) => s.confidence >= 0.5)).toBe(true);
  }, 60_000);
});

describe('cold start: a fresh database suggests from the bundled government-message corpus', () => {
  let env: TestEnv;
  let agent: TestClient;
  let admin: TestClient;
  const cat: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnv();
    [agent, admin] = await Promise.all([env.client(['intake_agent']), env.client(['admin'])]);
    // Four of the corpus's seven top-level categories, and one it has no data for.
    for (const [code, nameZh] of [['edu', '教育文体'], ['labour', '劳动和社会保障'], ['health', '卫生计生'], ['urban', '城乡建设'], ['law', '政法']]) {
      cat[code] = (await admin.post('/api/v1/categories', { code, nameZh, nameEn: code, keywords: [] })).json().id;
    }
  });
  afterAll(() => env.close());

  it('maps corpus categories by name, suggests only categories with data, and applies nothing', async () => {
    const cases: [string, string][] = [
      ['edu', '孩子所在的学校违规收取补课费，教育局能不能管一管'],
      ['labour', '公司拖欠我们工资三个月了，社保也没有缴纳'],
      ['health', '社区医院看病排队太久，医生态度也不好，希望卫生部门整改'],
      ['urban', '小区旁边的道路施工一年多还没完工，路面坑洼不平'],
    ];
    let right = 0;
    for (const [code, description] of cases) {
      const c = (await agent.post(COMPLAINTS, sampleComplaint({ subject: description.slice(0, 12), description, complainant: undefined }))).json();
      expect(c.triage.suggestion).toMatchObject({ source: 'model', applied: false, calibrated: false });
      expect(c.categoryId).toBeNull();
      expect(c.triage.suggestion.categoryId).not.toBe(cat.law);
      expect(c.triage.suggestion.alternatives.map((a: { categoryId: string }) => a.categoryId)).not.toContain(cat.law);
      if (c.triage.suggestion.categoryId === cat[code]) right++;
    }
    expect(right).toBeGreaterThanOrEqual(3);
    const models = (await admin.get('/api/v1/triage/models')).json();
    expect(models.active).toBeNull();
    expect(models.calibration).toBeNull();
    // A confirmation teaches the cold-start model; its saved snapshot is measured but calibrates nothing.
    await admin.request({ method: 'PUT', url: '/api/v1/triage/settings', payload: { learnBatch: 1 } });
    const c = (await agent.post(COMPLAINTS, sampleComplaint({ subject: '拖欠工资', description: '工地老板拖欠农民工工资半年', complainant: undefined }))).json();
    expect((await agent.post(`${COMPLAINTS}/${c.id}/triage`, { categoryId: cat.labour, level: c.triage.level, reason: '劳动报酬' })).statusCode).toBe(200);
    const after = (await admin.get('/api/v1/triage/models')).json();
    expect(after.items[0]).toMatchObject({ source: 'learn', active: true, calibration: { coldStart: true, threshold: null } });
  });
});
