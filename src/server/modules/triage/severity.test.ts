import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, assessSeverity, validateRuleSet, type SeverityRuleSet } from './severity.js';

describe('severity grading', () => {
  it('canteen: 30+ students ill after lunch, suspected food poisoning → Ⅱ, explained', () => {
    const r = assessSeverity({ subject: '食堂集体发病', description: '某大学食堂午餐后30多名学生出现呕吐腹泻症状，疑似食物中毒' });
    expect(r.level).toBe(2);
    expect(r.personalSafety).toBe(true);
    expect(r.fastPath).toBe(true);
    expect(r.ruleVersion).toBe(DEFAULT_RULES.version);
    expect(r.explanation).toContain('30');
    expect(r.explanation).toContain('食品安全');
    expect(r.factors.map((f) => f.factor)).toEqual(expect.arrayContaining(['injuries', 'keyword', 'vulnerableGroup']));
  });
  it('canteen in English → Ⅱ', () => {
    const r = assessSeverity({ subject: 'Canteen', description: 'About 30 students fell ill with vomiting after lunch in the canteen, suspected food poisoning.' });
    expect(r.level).toBe(2);
    expect(r.explanation).toMatch(/30 injured or ill/);
    expect(r.explanation).toContain('food safety');
  });
  it("a neighbour's noise at night → Ⅳ, no fast path", () => {
    for (const d of ['楼上邻居每天晚上十二点后还在拖桌子，噪音很大，影响休息', 'My neighbour plays loud music every night until 2am.']) {
      const r = assessSeverity({ subject: '噪音 noise', description: d });
      expect(r.level).toBe(4);
      expect(r.personalSafety).toBe(false);
      expect(r.fastPath).toBe(false);
    }
  });
  it('gas smell in a stairwell → at least Ⅲ with personal safety', () => {
    for (const d of ['楼道里有很浓的煤气味', 'There is a strong smell of gas in the stairwell']) {
      const r = assessSeverity({ subject: '', description: d });
      expect(r.level).toBeLessThanOrEqual(3);
      expect(r.personalSafety).toBe(true);
      expect(r.fastPath).toBe(true);
      expect(r.explanation).toMatch(/gas leak/);
    }
  });
  it('reads deaths, injuries and loss from structured fields and text', () => {
    expect(assessSeverity({ subject: '', description: '仓库起火，造成3人死亡' }).level).toBe(3);
    expect(assessSeverity({ subject: '', description: 'x', deaths: 12 }).level).toBe(2);
    expect(assessSeverity({ subject: '', description: '火灾造成三十余人受伤' }).level).toBe(3);
    expect(assessSeverity({ subject: '', description: '工厂事故直接损失1.2亿' }).level).toBe(1);
    expect(assessSeverity({ subject: '', description: 'x', lossYuan: 60_000_000 }).level).toBe(2);
    const small = assessSeverity({ subject: '', description: '快递丢失，损失5万元' });
    expect(small.level).toBe(4);
    expect(small.factors[0].detail).toContain('50,000');
  });
  it('scales money thresholds per organisation', () => {
    const rules: SeverityRuleSet = { ...DEFAULT_RULES, moneyScale: 0.001 };
    // Thresholds become ¥100,000 / ¥50,000 / ¥10,000 for this organisation.
    expect(assessSeverity({ subject: '', description: '设备损坏，损失¥20,000' }, rules).level).toBe(3);
    expect(assessSeverity({ subject: '', description: '设备损坏，损失5万元' }, rules).level).toBe(2);
    expect(assessSeverity({ subject: '', description: '设备损坏，损失¥20,000' }).level).toBe(4);
    expect(assessSeverity({ subject: '', description: 'Damage of ¥150,000' }, rules).level).toBe(1);
  });
  it('mass cluster, media attention and repeat raise the level within their caps', () => {
    const base = { subject: '停水', description: '小区停水三天了没人管' };
    expect(assessSeverity(base).level).toBe(4);
    expect(assessSeverity({ ...base, massCluster: true }).level).toBe(3);
    expect(assessSeverity({ ...base, repeat: true }).level).toBe(3);
    expect(assessSeverity({ ...base, massCluster: true, flags: { mediaAttention: true } }).level).toBe(2);
    const noMass: SeverityRuleSet = { ...DEFAULT_RULES, massCluster: { ...DEFAULT_RULES.massCluster, steps: 0 } };
    expect(assessSeverity({ ...base, massCluster: true }, noMass).level).toBe(4);
  });
  it('three children hurt → Ⅱ (injury + vulnerable group)', () => {
    const r = assessSeverity({ subject: 'Playground', description: 'A swing broke and three children were injured.' });
    expect(r.level).toBe(2);
    expect(r.factors.find((f) => f.factor === 'injuries')?.detail).toContain('three children');
  });
  it('validates rule sets with readable errors', () => {
    expect(validateRuleSet(DEFAULT_RULES)).toEqual([]);
    expect(validateRuleSet(JSON.parse(JSON.stringify(DEFAULT_RULES)))).toEqual([]);
    const bad = { ...DEFAULT_RULES, version: '', deaths: [3, 10, 30], keywords: [{ id: 'x', terms: [], minLevel: 5, personalSafety: true }] };
    const errors = validateRuleSet(bad);
    expect(errors).toEqual(
      expect.arrayContaining([
        'version must be a non-empty string',
        'deaths thresholds must not increase from Ⅰ to Ⅲ (got 3, 10, 30)',
        'keywords[0] (x): terms must be a non-empty list of non-empty strings',
        'keywords[0] (x): minLevel must be 1, 2, 3 or 4',
      ]),
    );
  });
});
