import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, adjustLevel, assessSeverity, levelFor, validateRuleSet, withDefaults, type FactorKind, type SeverityInput, type SeverityRuleSet } from './severity.js';

const grade = (description: string, extra: Partial<SeverityInput> = {}, rules: SeverityRuleSet = DEFAULT_RULES) => assessSeverity({ subject: '', description, ...extra }, rules);
const level = (description: string, extra: Partial<SeverityInput> = {}, rules?: SeverityRuleSet) => grade(description, extra, rules).level;
const kinds = (r: { findings: { factor: FactorKind }[] }) => r.findings.map((f) => f.factor);
const finding = (r: ReturnType<typeof grade>, factor: FactorKind) => r.findings.find((f) => f.factor === factor);
const rulesWith = (patch: Partial<SeverityRuleSet>): SeverityRuleSet => ({ ...DEFAULT_RULES, ...patch });

describe('severity: whole complaints', () => {
  it('canteen: 30+ students ill after lunch, suspected food poisoning → Ⅱ on the fast path', () => {
    const r = assessSeverity({ subject: '食堂集体发病', description: '某大学食堂午餐后30多名学生出现呕吐腹泻症状，疑似食物中毒' });
    expect(r.level).toBe(2);
    expect(r.personalSafety).toBe(true);
    expect(r.fastPath).toBe(true);
    expect(r.ruleVersion).toBe(DEFAULT_RULES.version);
    expect(kinds(r)).toEqual(['injuries', 'keyword', 'keyword', 'peopleAffected', 'vulnerableGroup']);
    expect(r.flags).toEqual({ personalSafety: true, propertyLoss: false, mediaAttention: false, vulnerableGroup: true });
  });

  it('canteen in English → Ⅱ', () => {
    const r = assessSeverity({ subject: 'Canteen', description: 'About 30 students fell ill with vomiting after lunch in the canteen, suspected food poisoning.' });
    expect(r.level).toBe(2);
    expect(finding(r, 'injuries')).toMatchObject({ value: 30, evidence: { from: 'text', quote: '30 students' } });
  });

  it("a neighbour's noise at night → Ⅳ, no fast path, nothing flagged", () => {
    for (const d of ['楼上邻居每天晚上十二点后还在拖桌子，噪音很大，影响休息', 'My neighbour plays loud music every night until 2am.']) {
      const r = grade(d);
      expect(r).toMatchObject({ level: 4, personalSafety: false, fastPath: false, findings: [] });
      expect(r.flags).toEqual({ personalSafety: false, propertyLoss: false, mediaAttention: false, vulnerableGroup: false });
    }
  });

  it('a renovation firm vanishing with ¥500,000 of ten households is Ⅲ, not Ⅳ', () => {
    const r = grade('我们小区十户人家交了装修款，装修公司老板跑路，共被卷走50万元');
    expect(r.level).toBe(3);
    expect(finding(r, 'loss')).toMatchObject({ value: 500_000, effect: { kind: 'floor', level: 3 } });
    expect(finding(r, 'households')).toMatchObject({ value: 10, effect: { kind: 'floor', level: 3 } });
    expect(r.flags.propertyLoss).toBe(true);
    expect(r.fastPath).toBe(false);
  });

  it('reads the subject as well as the description, in any case', () => {
    expect(assessSeverity({ subject: '楼道燃气泄漏', description: '' }).level).toBe(3);
    expect(assessSeverity({ subject: '', description: 'GAS LEAK in the basement' }).level).toBe(3);
    expect(assessSeverity({ subject: 'gas', description: 'leak' }).level).toBe(4);
  });
});

describe('severity: one factor at a time', () => {
  it('a factor never lowers a level another factor reached: a ¥120,000,000 fire stays Ⅰ', () => {
    const r = grade('工厂起火，直接损失1.2亿');
    expect(r.level).toBe(1);
    expect(r.findings.map((f) => [f.factor, f.effect])).toEqual([
      ['loss', { kind: 'floor', level: 1 }],
      ['keyword', { kind: 'floor', level: 3, personalSafety: true }],
    ]);
  });

  it('deaths written in the text or recorded count, Ⅲ at least', () => {
    expect(level('仓库起火，造成3人死亡')).toBe(3);
    expect(level('事故造成死亡12人')).toBe(2);
    expect(level('x', { deaths: 12 })).toBe(2);
    expect(level('x', { deaths: 30 })).toBe(1);
    // One death is below every threshold but is personal safety: Ⅲ.
    const one = grade('x', { deaths: 1 });
    expect(one).toMatchObject({ level: 3, personalSafety: true, fastPath: true });
    expect(one.findings).toEqual([{ factor: 'deaths', value: 1, evidence: { from: 'field', name: 'deaths' }, effect: { kind: 'floor', level: 3, personalSafety: true } }]);
    expect(level('x', { deaths: 1 }, rulesWith({ personalSafetyMinLevel: 2 }))).toBe(2);
  });

  it('the larger of a recorded number and the text wins, and says where it came from', () => {
    expect(finding(grade('事故造成3人死亡', { deaths: 12 }), 'deaths')).toMatchObject({ value: 12, evidence: { from: 'field', name: 'deaths' } });
    expect(finding(grade('事故造成12人死亡', { deaths: 3 }), 'deaths')).toMatchObject({ value: 12, evidence: { from: 'text', quote: '12人死亡' } });
    expect(finding(grade('事故造成3人死亡', { deaths: 3 }), 'deaths')).toMatchObject({ value: 3, evidence: { from: 'field' } });
    expect(finding(grade('事故造成3人死亡', { deaths: 0 }), 'deaths')).toMatchObject({ value: 3, evidence: { from: 'text' } });
    expect(finding(grade('事故造成3人死亡，另有12人死亡'), 'deaths')).toMatchObject({ value: 12 });
  });

  it('the people in a death count are not also counted as injured or affected', () => {
    for (const d of ['火灾造成40人死亡', '火灾死亡40人']) {
      const r = grade(d);
      expect(r.level).toBe(1);
      expect(kinds(r)).toEqual(['deaths', 'keyword', 'keyword']);
    }
  });

  it('injured or ill people: a count in the same sentence as a harm word', () => {
    expect(level('火灾造成三十余人受伤')).toBe(3);
    expect(level('化工厂泄漏，60人中毒送医')).toBe(2);
    expect(level('x', { injuries: 100 })).toBe(1);
    expect(finding(grade('x', { injuries: 2 }), 'injuries')).toMatchObject({ value: 2, effect: { kind: 'floor', level: 3, personalSafety: true } });
    // 300 residents in one sentence, a child with a fever in the next: 300 are affected, not ill.
    const r = grade('小区有300名居民。邻居家孩子发烧了');
    expect(kinds(r)).toEqual(['peopleAffected']);
    expect(r.level).toBe(2);
    expect(r.personalSafety).toBe(false);
  });

  it('people affected: Ⅲ from 30, Ⅱ from 300, Ⅰ from 1,500; fewer say nothing', () => {
    expect(level('29名业主反映物业乱收费')).toBe(4);
    expect(grade('29名业主反映物业乱收费').findings).toEqual([]);
    expect(level('30名业主反映物业乱收费')).toBe(3);
    expect(level('300名业主反映物业乱收费')).toBe(2);
    expect(level('1500名业主反映物业乱收费')).toBe(1);
    expect(finding(grade('x', { peopleAffected: 400 }), 'peopleAffected')).toMatchObject({ value: 400, evidence: { from: 'field', name: 'peopleAffected' }, effect: { kind: 'floor', level: 2 } });
  });

  it('households, vague ones included: 十几户 Ⅲ, 好几百户 Ⅱ, 上千户 Ⅰ', () => {
    expect(level('九户居民的车位被占')).toBe(4);
    expect(level('十几户居民的车位被占')).toBe(3);
    expect(level('好几百户居民的车位被占')).toBe(2);
    expect(level('上千户居民的车位被占')).toBe(1);
    expect(finding(grade('好几百户居民的车位被占'), 'households')).toMatchObject({ value: 300, evidence: { from: 'text', quote: '好几百户居民' } });
  });

  it('repeat visits written in the complaint: Ⅲ from the third', () => {
    expect(level('第二次反映楼下烧烤油烟')).toBe(4);
    expect(level('第三次反映楼下烧烤油烟')).toBe(3);
    expect(level('这个问题已经打了十几次电话')).toBe(2);
    expect(finding(grade('第三次反映楼下烧烤油烟'), 'repeatVisits')).toMatchObject({ value: 3, evidence: { from: 'text', quote: '第三次反映' } });
  });

  it('days without water, heating or power: Ⅲ from 3 days, Ⅱ from a week, Ⅰ from 30 days', () => {
    expect(level('小区停水两天了')).toBe(4);
    expect(level('小区停水三天了')).toBe(3);
    expect(level('一个多星期没有暖气')).toBe(2);
    expect(level('停电一个多月了')).toBe(1);
    const r = grade('小区停水两天了');
    expect(r.findings).toEqual([{ factor: 'outage', label: DEFAULT_RULES.outage[0].label, value: 2, evidence: { from: 'text', quote: '两天' }, effect: { kind: 'none' } }]);
    expect(finding(grade('整栋楼停电'), 'outage')).toEqual({ factor: 'outage', label: DEFAULT_RULES.outage[2].label, evidence: { from: 'text', quote: '停电' }, effect: { kind: 'none' } });
  });

  it('an outage counts the time written in its own sentence only', () => {
    expect(level('楼里停水了。三天前物业就贴了通知')).toBe(4);
    expect(level('楼里停水了，已经三天')).toBe(3);
    // The longer of two outages decides.
    const r = grade('停电两天。停水五天');
    expect(r.findings.map((f) => [f.value, f.effect.kind])).toEqual([[5, 'floor'], [2, 'none']]);
    expect(r.level).toBe(3);
  });

  it('vulnerable groups raise an outage or a harm, not a mere mention', () => {
    expect(level('小区停水，家里有婴儿')).toBe(3);
    expect(level('停电了，家里有卧床老人需要用制氧机')).toBe(3);
    expect(level('小区停水五天，家里有孕妇')).toBe(2);
    expect(level('学生宿舍没有暖气')).toBe(3);
    expect(level('孩子们的学校门口有人摆摊')).toBe(4);
    expect(level('残疾人通道被占')).toBe(4);
    // Without the onlyWithHarm restriction any mention raises.
    expect(level('残疾人通道被占', {}, rulesWith({ vulnerableGroup: { ...DEFAULT_RULES.vulnerableGroup, onlyWithHarm: false } }))).toBe(3);
    // Marked by staff: raises without a word in the text.
    expect(finding(grade('噪音扰民', { flags: { vulnerableGroup: true } }), 'vulnerableGroup')).toEqual({ factor: 'vulnerableGroup', evidence: { from: 'flag' }, effect: { kind: 'raise', from: 4, to: 3, cap: 2 } });
  });

  it('a place named after people is not a vulnerable group: 中学, 儿童医院 as landmarks', () => {
    const hotel = grade('XX中学附近的酒店卫生差，吃了早餐后肚子不适，有人呕吐');
    expect(kinds(hotel)).not.toContain('vulnerableGroup');
    expect(hotel.flags.vulnerableGroup).toBe(false);
    expect(kinds(grade('儿童医院旁边的餐馆食物中毒'))).not.toContain('vulnerableGroup');
    expect(kinds(grade("food poisoning at a restaurant near the children's hospital"))).not.toContain('vulnerableGroup');
    // The same word as the people affected still counts, also after a landmark mention.
    expect(finding(grade('儿童医院旁边的幼儿园，儿童食物中毒'), 'vulnerableGroup')).toMatchObject({ evidence: { quote: '儿童' } });
    expect(level('XX中学的学生食物中毒')).toBe(2);
  });

  it('property loss: the amount at the organisation’s scale, or the flag alone', () => {
    expect(level('快递丢失，损失5万元')).toBe(4);
    expect(level('被骗10万元')).toBe(3);
    expect(level('损失上百万元')).toBe(2);
    expect(level('损失1000万元')).toBe(1);
    expect(level('x', { lossYuan: 2_000_000 })).toBe(2);
    const scaled = rulesWith({ moneyScale: 0.1 }); // thresholds ¥1,000,000 / ¥100,000 / ¥10,000
    expect(level('设备损坏，损失¥20,000', {}, scaled)).toBe(3);
    expect(level('设备损坏，损失¥200,000', {}, scaled)).toBe(2);
    expect(level('设备损坏，损失¥20,000')).toBe(4);
    const flagged = grade('家里被淹了', { flags: { propertyLoss: true } });
    expect(flagged.findings).toEqual([{ factor: 'loss', evidence: { from: 'flag' }, effect: { kind: 'floor', level: 4 } }]);
    expect(flagged.flags.propertyLoss).toBe(true);
    expect(grade('家里被淹了').flags.propertyLoss).toBe(false);
  });

  it('safety keywords set a floor; only danger to life is personal safety', () => {
    const odour = grade('楼下垃圾站有异味');
    expect(odour).toMatchObject({ level: 4, personalSafety: false, fastPath: false });
    expect(odour.findings).toEqual([{ factor: 'keyword', label: { zh: '异味', en: 'odour' }, evidence: { from: 'text', quote: '异味' }, effect: { kind: 'floor', level: 4 } }]);
    const custom = rulesWith({ keywords: [{ id: 'dam', label: { zh: '溃坝', en: 'dam' }, terms: ['溃坝'], minLevel: 2, personalSafety: false }] });
    expect(grade('水库溃坝', {}, custom)).toMatchObject({ level: 2, personalSafety: false, fastPath: true });
    // A personal-safety keyword at Ⅳ still lifts the level to the personal-safety floor.
    const soft = rulesWith({ keywords: [{ id: 'fall', label: { zh: '摔倒', en: 'fall' }, terms: ['摔倒'], minLevel: 4, personalSafety: true }] });
    expect(grade('顾客在台阶摔倒', {}, soft)).toMatchObject({ level: 3, personalSafety: true });
  });

  it('a personal-safety flag sets the personal-safety floor', () => {
    const r = grade('噪音扰民', { flags: { personalSafety: true } });
    expect(r).toMatchObject({ level: 3, personalSafety: true, fastPath: true });
    expect(r.findings).toEqual([{ factor: 'personalSafety', evidence: { from: 'flag' }, effect: { kind: 'floor', level: 3, personalSafety: true } }]);
    expect(level('噪音扰民', { flags: { personalSafety: true } }, rulesWith({ personalSafetyMinLevel: 2 }))).toBe(2);
  });

  it('media attention raises by a step, from the text or the flag', () => {
    expect(finding(grade('噪音扰民，已经发到微博上了'), 'mediaAttention')).toEqual({ factor: 'mediaAttention', evidence: { from: 'text', quote: '微博' }, effect: { kind: 'raise', from: 4, to: 3, cap: 2 } });
    expect(finding(grade('噪音扰民', { flags: { mediaAttention: true } }), 'mediaAttention')).toMatchObject({ evidence: { from: 'flag' } });
    expect(grade('噪音扰民，已经发到微博上了').flags.mediaAttention).toBe(true);
  });

  it('a mass complaint raises by a step: a cluster over the threshold or the words for it', () => {
    expect(finding(grade('噪音扰民', { massCluster: true }), 'massCluster')).toEqual({ factor: 'massCluster', evidence: { from: 'cluster' }, effect: { kind: 'raise', from: 4, to: 3, cap: 2 } });
    expect(finding(grade('业主联名投诉噪音'), 'massCluster')).toMatchObject({ evidence: { from: 'text', quote: '联名' } });
  });

  it('a repeat complaint raises by a step, up to Ⅲ', () => {
    expect(finding(grade('噪音扰民', { repeat: true }), 'repeat')).toEqual({ factor: 'repeat', evidence: { from: 'history' }, effect: { kind: 'raise', from: 4, to: 3, cap: 3 } });
    expect(finding(grade('第三次反映噪音扰民', { repeat: true }), 'repeat')).toMatchObject({ effect: { kind: 'raise', from: 3, to: 3 } });
  });

  it('raises stack within their caps and never lower a level', () => {
    const base = '小区停水两天了没人管';
    expect(level(base)).toBe(4);
    expect(level(base, { massCluster: true })).toBe(3);
    expect(level(base, { repeat: true })).toBe(3);
    expect(level(base, { massCluster: true, flags: { mediaAttention: true } })).toBe(2);
    expect(level(base, { massCluster: true, repeat: true, flags: { mediaAttention: true, vulnerableGroup: true } })).toBe(2);
    // A Ⅰ stays Ⅰ whatever is raised.
    const top = grade('工厂起火，直接损失1.2亿，已经上了热搜', { massCluster: true, repeat: true });
    expect(top.level).toBe(1);
    expect(finding(top, 'mediaAttention')?.effect).toEqual({ kind: 'raise', from: 1, to: 1, cap: 2 });
    // Two steps at once, still stopping at the cap.
    const twoSteps = rulesWith({ massCluster: { ...DEFAULT_RULES.massCluster, steps: 2 } });
    expect(level(base, { massCluster: true }, twoSteps)).toBe(2);
    expect(level(base, { massCluster: true }, rulesWith({ massCluster: { ...DEFAULT_RULES.massCluster, steps: 3, maxLevel: 3 } }))).toBe(3);
    // A raise switched off records nothing.
    const off = grade(base, { massCluster: true }, rulesWith({ massCluster: { ...DEFAULT_RULES.massCluster, steps: 0 } }));
    expect(off.level).toBe(4);
    expect(kinds(off)).not.toContain('massCluster');
  });

  it('counts next to a death count still count', () => {
    const r = grade('火灾造成3人死亡，另有60人受伤');
    expect(finding(r, 'injuries')).toMatchObject({ value: 60 });
    expect(r.level).toBe(2);
  });

  it('households are neither people affected nor injured people', () => {
    expect(kinds(grade('三十户居民的车位被占'))).toEqual(['households']);
    expect(kinds(grade('十五户居民腹泻'))).toEqual(['households']);
  });

  it('recorded numbers name their field', () => {
    expect(finding(grade('x', { injuries: 2 }), 'injuries')?.evidence).toEqual({ from: 'field', name: 'injuries' });
    expect(finding(grade('x', { lossYuan: 2_000_000 }), 'loss')?.evidence).toEqual({ from: 'field', name: 'lossYuan' });
  });

  it('Chinese terms are found inside Latin text too; rule terms match in any case', () => {
    expect(level('楼道LED灯漏电')).toBe(3);
    const ktv = rulesWith({ keywords: [{ id: 'ktv', label: { zh: 'KTV噪音', en: 'KTV noise' }, terms: ['KTV'], minLevel: 3, personalSafety: false }] });
    expect(level('楼下KTV太吵', {}, ktv)).toBe(3);
  });

  it('Latin terms match whole words only, literally', () => {
    expect(level('We had a bonfire party and the firewall broke')).toBe(4);
    expect(level('There is a fire in the kitchen!')).toBe(3);
    const dotted = rulesWith({ keywords: [{ id: 'ecoli', label: { zh: '大肠杆菌', en: 'E. coli' }, terms: ['e.coli'], minLevel: 2, personalSafety: false }] });
    expect(level('tests found e.coli in the tap water', {}, dotted)).toBe(2);
    expect(level('tests found e-coli in the tap water', {}, dotted)).toBe(4);
    // Landmarks are compared without case.
    const upper = rulesWith({ vulnerableGroup: { ...DEFAULT_RULES.vulnerableGroup, landmarks: ["'s Hospital"] } });
    expect(kinds(grade("food poisoning near the children's hospital", {}, upper))).not.toContain('vulnerableGroup');
  });

  it('a sentence ends at 。！？；, their ASCII forms and a new line', () => {
    for (const stop of ['。', '！', '？', '；', '!', '?', ';', '\n']) {
      const r = grade(`小区有300名居民${stop}邻居家孩子发烧了`);
      expect([stop, kinds(r)]).toEqual([stop, ['peopleAffected']]);
    }
    expect(kinds(grade('小区有300名居民，好几个孩子发烧了'))).toContain('injuries');
    expect(finding(grade('发烧的有12名学生'), 'injuries')).toMatchObject({ value: 12 });
  });

  it('a recorded zero is no finding; a tie keeps the first mention', () => {
    expect(grade('噪音扰民', { deaths: 0, injuries: 0, lossYuan: 0, peopleAffected: 0 }).findings).toEqual([]);
    expect(finding(grade('造成三人死亡。另一处3人死亡'), 'deaths')).toMatchObject({ value: 3, evidence: { quote: '三人死亡' } });
  });

  it('levelFor: each threshold is the least value of its level', () => {
    const th: [number, number, number] = [100, 50, 10];
    expect([9, 10, 49, 50, 99, 100].map((v) => levelFor(v, th))).toEqual([4, 3, 3, 2, 2, 1]);
    expect([9, 10, 20, 100, 200].map((v) => levelFor(v, th, 2))).toEqual([4, 4, 3, 2, 1]);
  });
});

describe('levels set outside the rules', () => {
  const rules = grade('噪音扰民'); // Ⅳ, nothing found

  it('an explicit level at intake is a floor: it raises, never lowers', () => {
    const raised = adjustLevel(rules, { kind: 'requestedLevel', level: 2 });
    expect(raised).toMatchObject({ level: 2, fastPath: true });
    expect(raised.findings).toEqual([{ factor: 'requestedLevel', evidence: { from: 'staff' }, effect: { kind: 'set', from: 4, to: 2 } }]);
    const fire = grade('仓库起火');
    expect(adjustLevel(fire, { kind: 'requestedLevel', level: 4 })).toEqual(fire);
    // Unchanged, a Ⅱ stays on the fast path.
    const dam = grade('水库溃坝', {}, rulesWith({ keywords: [{ id: 'dam', label: { zh: '溃坝', en: 'dam' }, terms: ['溃坝'], minLevel: 2, personalSafety: false }] }));
    expect(adjustLevel(dam, { kind: 'requestedLevel', level: 3 })).toEqual(dam);
    expect(dam.fastPath).toBe(true);
  });

  it('staff override to any level, with the reason in the explanation', () => {
    const fire = grade('仓库起火');
    const down = adjustLevel(fire, { kind: 'override', level: 4, reason: '现场核实为烧烤烟雾' });
    expect(down.level).toBe(4);
    expect(down.fastPath).toBe(true); // personal safety keeps the fast path
    expect(down.findings.at(-1)).toEqual({ factor: 'override', evidence: { from: 'staff', reason: '现场核实为烧烤烟雾' }, effect: { kind: 'set', from: 3, to: 4 } });
    const up = adjustLevel(rules, { kind: 'override', level: 1 });
    expect(up).toMatchObject({ level: 1, fastPath: true });
    expect(up.findings.at(-1)?.evidence).toEqual({ from: 'staff' });
    expect(adjustLevel(rules, { kind: 'override', level: 3 }).fastPath).toBe(false);
    expect(adjustLevel(rules, { kind: 'override', level: 4 })).toEqual(rules);
  });
});

describe('rule sets', () => {
  const clone = (): SeverityRuleSet => JSON.parse(JSON.stringify(DEFAULT_RULES));
  const problems = (patch: Record<string, unknown>) => validateRuleSet({ ...clone(), ...patch });

  it('accepts the defaults, also after a JSON round trip', () => {
    expect(validateRuleSet(DEFAULT_RULES)).toEqual([]);
    expect(validateRuleSet(clone())).toEqual([]);
  });

  it('rejects what is not an object', () => {
    for (const x of [null, 'rules', 3, undefined]) expect(validateRuleSet(x)).toEqual(['rule set must be an object']);
  });

  it('refuses settings it does not know, at every depth (a misspelt one would be saved and ignored)', () => {
    const r = clone();
    const keyword = { ...r.keywords[0], minlevel: 2, label: { ...r.keywords[0].label, fr: 'x' } };
    expect(problems({ personalSafetyMin: 2, repeat: { ...r.repeat, terms: ['again'] }, keywords: [keyword, ...r.keywords.slice(1)], outage: [{ ...r.outage[0], days: 1 }, ...r.outage.slice(1)] })).toEqual([
      'personalSafetyMin is not a known setting',
      'repeat.terms is not a known setting',
      'outage[0].days is not a known setting',
      'keywords[0].minlevel is not a known setting',
      'keywords[0].label.fr is not a known setting',
    ]);
  });

  it('needs a version and a positive money scale', () => {
    expect(problems({ version: '  ' })).toEqual(['version must be a non-empty string']);
    expect(problems({ version: 7 })).toEqual(['version must be a non-empty string']);
    for (const moneyScale of [0, -1, '1', null]) expect(problems({ moneyScale })).toEqual(['moneyScale must be a number > 0']);
    expect(problems({ moneyScale: 0.001 })).toEqual([]);
  });

  it('needs three positive, non-increasing thresholds for every scale', () => {
    for (const key of ['deaths', 'injuries', 'lossYuan', 'peopleAffected', 'households', 'repeatVisits', 'outageDays']) {
      const shape = `${key} must be three positive numbers (minimum for Ⅰ, Ⅱ, Ⅲ)`;
      expect(problems({ [key]: [3, 2] })).toEqual([shape]);
      expect(problems({ [key]: [3, 2, 0] })).toEqual([shape]);
      expect(problems({ [key]: [3, '2', 1] })).toEqual([shape]);
      expect(problems({ [key]: 'many' })).toEqual([shape]);
      expect(problems({ [key]: [3, 10, 30] })).toEqual([`${key} thresholds must not increase from Ⅰ to Ⅲ (got 3, 10, 30)`]);
      expect(problems({ [key]: [30, 10, 20] })).toEqual([`${key} thresholds must not increase from Ⅰ to Ⅲ (got 30, 10, 20)`]);
      expect(problems({ [key]: [5, 5, 5] })).toEqual([]);
    }
  });

  it('needs levels 1–4 and raises of 0–3 steps', () => {
    for (const personalSafetyMinLevel of [0, 5, '3', 2.5]) expect(problems({ personalSafetyMinLevel })).toEqual(['personalSafetyMinLevel must be 1, 2, 3 or 4']);
    for (const l of [1, 2, 3, 4]) expect(problems({ personalSafetyMinLevel: l })).toEqual([]);
    for (const key of ['vulnerableGroup', 'mediaAttention', 'repeat', 'massCluster'] as const) {
      const base = clone()[key];
      expect(problems({ [key]: undefined })).toEqual([`${key} is missing`]);
      expect(problems({ [key]: 'yes' })).toEqual([`${key} is missing`]);
      for (const steps of [-1, 4, 1.5]) expect(problems({ [key]: { ...base, steps } })).toEqual([`${key}.steps must be an integer 0..3`]);
      for (const steps of [0, 3]) expect(problems({ [key]: { ...base, steps } })).toEqual([]);
      expect(problems({ [key]: { ...base, maxLevel: 0 } })).toEqual([`${key}.maxLevel must be 1, 2, 3 or 4`]);
    }
    for (const key of ['vulnerableGroup', 'mediaAttention', 'massCluster'] as const) {
      expect(problems({ [key]: { ...clone()[key], terms: ['ok', ' '] } })).toEqual([`${key}.terms must be a list of non-empty strings`]);
      expect(problems({ [key]: { ...clone()[key], terms: 'media' } })).toEqual([`${key}.terms must be a list of non-empty strings`]);
      expect(problems({ [key]: { ...clone()[key], terms: [] } })).toEqual([]);
    }
    expect(problems({ repeat: { steps: 1, maxLevel: 3 } })).toEqual([]);
  });

  it('checks the vulnerable-group and harm settings', () => {
    const vg = clone().vulnerableGroup;
    expect(problems({ vulnerableGroup: { ...vg, onlyWithHarm: 'yes' } })).toEqual(['vulnerableGroup.onlyWithHarm must be true or false']);
    expect(problems({ vulnerableGroup: { ...vg, landmarks: [3] } })).toEqual(['vulnerableGroup.landmarks must be a list of non-empty strings']);
    expect(problems({ vulnerableGroup: { ...vg, landmarks: undefined } })).toEqual(['vulnerableGroup.landmarks must be a list of non-empty strings']);
    expect(problems({ harmTerms: ['伤', ''] })).toEqual(['harmTerms must be a list of non-empty strings']);
    expect(problems({ harmTerms: {} })).toEqual(['harmTerms must be a list of non-empty strings']);
  });

  it('checks every keyword and outage entry and names it', () => {
    const k = { id: 'x', label: { zh: '某', en: 'x' }, terms: ['某'], minLevel: 3, personalSafety: true };
    expect(problems({ keywords: [k] })).toEqual([]);
    expect(problems({ keywords: 'fire' })).toEqual(['keywords must be a list']);
    expect(problems({ outage: null })).toEqual(['outage must be a list']);
    expect(problems({ keywords: [k, k] })).toEqual(['keywords[1] (x): duplicate id']);
    expect(problems({ keywords: [{ ...k, id: '' }] })).toEqual(['keywords[0] (): id is required']);
    expect(problems({ keywords: [{ ...k, id: 5 }] })).toEqual(['keywords[0]: id is required']);
    expect(problems({ keywords: [null] })).toEqual([
      'keywords[0]: id is required',
      'keywords[0]: label must be {"zh": "…", "en": "…"}',
      'keywords[0]: terms must be a non-empty list of non-empty strings',
      'keywords[0]: minLevel must be 1, 2, 3 or 4',
      'keywords[0]: personalSafety must be true or false',
    ]);
    expect(problems({ keywords: [{ ...k, label: 'fire 火灾' }] })).toEqual(['keywords[0] (x): label must be {"zh": "…", "en": "…"}']);
    expect(problems({ keywords: [{ ...k, label: { zh: '火灾' } }] })).toEqual(['keywords[0] (x): label must be {"zh": "…", "en": "…"}']);
    expect(problems({ keywords: [{ ...k, label: null }] })).toEqual(['keywords[0] (x): label must be {"zh": "…", "en": "…"}']);
    expect(problems({ keywords: [{ ...k, label: { zh: '', en: 'fire' } }] })).toEqual(['keywords[0] (x): label must be {"zh": "…", "en": "…"}']);
    expect(problems({ keywords: [{ ...k, terms: [] }] })).toEqual(['keywords[0] (x): terms must be a non-empty list of non-empty strings']);
    expect(problems({ keywords: [{ ...k, terms: ['a', ''] }] })).toEqual(['keywords[0] (x): terms must be a non-empty list of non-empty strings']);
    expect(problems({ keywords: [{ ...k, minLevel: 5 }] })).toEqual(['keywords[0] (x): minLevel must be 1, 2, 3 or 4']);
    expect(problems({ keywords: [{ ...k, personalSafety: 'no' }] })).toEqual(['keywords[0] (x): personalSafety must be true or false']);
    // Outage entries have no level of their own.
    const o = { id: 'water', label: { zh: '停水', en: 'no water' }, terms: ['停水'] };
    expect(problems({ outage: [o] })).toEqual([]);
    expect(problems({ outage: [o, { ...o, terms: [] }] })).toEqual(['outage[1] (water): duplicate id', 'outage[1] (water): terms must be a non-empty list of non-empty strings']);
  });

  it('lists every problem at once', () => {
    const bad = { ...clone(), version: '', deaths: [3, 10, 30], keywords: [{ id: 'x', label: { zh: 'x', en: 'x' }, terms: [], minLevel: 5, personalSafety: true }] };
    expect(validateRuleSet(bad)).toEqual([
      'version must be a non-empty string',
      'deaths thresholds must not increase from Ⅰ to Ⅲ (got 3, 10, 30)',
      'keywords[0] (x): terms must be a non-empty list of non-empty strings',
      'keywords[0] (x): minLevel must be 1, 2, 3 or 4',
    ]);
  });

  it('a stored rule set from before households and outages takes today’s defaults for them', () => {
    const old = clone() as Partial<SeverityRuleSet>;
    delete old.households;
    delete old.outage;
    delete old.outageDays;
    delete (old.vulnerableGroup as Partial<SeverityRuleSet['vulnerableGroup']>).landmarks;
    old.version = 'org-2025';
    old.peopleAffected = [5000, 2000, 1000];
    const r = withDefaults(old);
    expect(validateRuleSet(r)).toEqual([]);
    expect(r).toMatchObject({ version: 'org-2025', peopleAffected: [5000, 2000, 1000], households: DEFAULT_RULES.households, outageDays: DEFAULT_RULES.outageDays });
    expect(r.vulnerableGroup.landmarks).toEqual(DEFAULT_RULES.vulnerableGroup.landmarks);
    expect(r.vulnerableGroup.terms).toEqual(DEFAULT_RULES.vulnerableGroup.terms);
    expect(level('30名业主反映物业乱收费', {}, r)).toBe(4);
    expect(level('小区停水三天了', {}, r)).toBe(3);
    // A 2025 keyword label (one string) still explains.
    const legacy = withDefaults({ ...old, keywords: [{ id: 'fire', label: 'fire 火灾' as never, terms: ['火灾'], minLevel: 3, personalSafety: true }] });
    expect(assessSeverity({ subject: '', description: '火灾' }, legacy, 'en').factors[0].detail).toBe('fire 火灾 (“火灾”)');
  });
});
