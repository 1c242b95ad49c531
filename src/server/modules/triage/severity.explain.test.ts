import { describe, expect, it } from 'vitest';
import { assessSeverity, adjustLevel, type Finding } from './severity.js';
import { describeFinding, explainSeverity, formatYuan, localeOf, parseStoredExplanation, readExplanation, storeExplanation } from './severity.explain.js';

const CJK = /[\u3400-\u9fff]/u;
/** The explanation without the complaint's own words (quoted “…”), which stay as written. */
const unquoted = (s: string) => s.replace(/“[^”]*”/gu, '');

describe('severity explanations', () => {
  const canteen = { subject: '食堂集体发病', description: '某大学食堂午餐后30多名学生出现呕吐腹泻症状，疑似食物中毒，已经上了微博热搜' };

  it('in Chinese for a Chinese reader, in English for an English one — never mixed', () => {
    const zh = assessSeverity(canteen, undefined, 'zh-CN');
    const en = assessSeverity(canteen, undefined, 'en');
    expect(zh.level).toBe(en.level);
    expect(zh.explanation).toBe(
      'Ⅱ级 重大（规则 2026.1）：受伤或发病30人（“30多名学生”） → 至少Ⅲ级，涉及人身安全；食品安全（“食物中毒”） → 至少Ⅲ级，涉及人身安全；中毒（“中毒”） → 至少Ⅲ级，涉及人身安全；' +
        '涉及30人（“30多名学生”） → 至少Ⅲ级；涉及弱势群体（“学生”） → 提升1级至Ⅱ级；媒体或舆论关注（“热搜”） → 未提升（已为Ⅱ级，此项最高Ⅱ级）。涉及人身安全，走快速通道。',
    );
    expect(en.explanation).toBe(
      'Level Ⅱ serious (rules 2026.1): 30 injured or ill (“30多名学生”) → at least Ⅲ, personal safety; food safety (“食物中毒”) → at least Ⅲ, personal safety; poisoning (“中毒”) → at least Ⅲ, personal safety; ' +
        '30 people affected (“30多名学生”) → at least Ⅲ; vulnerable group (“学生”) → +1 to Ⅱ; media or public attention (“热搜”) → +0 (already Ⅱ, this factor goes up to Ⅱ). Personal safety — fast path.',
    );
    expect(unquoted(en.explanation)).not.toMatch(CJK);
    expect(unquoted(zh.explanation).replace(/rules|\d+\.\d+/g, '')).not.toMatch(/[a-z]/i);
    for (const f of en.factors) expect(unquoted(`${f.detail} ${f.contribution}`)).not.toMatch(CJK);
  });

  it('says when nothing was found', () => {
    expect(assessSeverity({ subject: '噪音', description: '楼上很吵' }).explanation).toBe('Ⅳ级 一般（规则 2026.1）：未发现加重因素。');
    expect(assessSeverity({ subject: '噪音', description: '楼上很吵' }, undefined, 'en').explanation).toBe('Level Ⅳ general (rules 2026.1): no aggravating factor found.');
  });

  it('words every factor and where it came from', () => {
    const cases: [Finding, string, string][] = [
      [{ factor: 'deaths', value: 3, evidence: { from: 'field', name: 'deaths' }, effect: { kind: 'floor', level: 3, personalSafety: true } }, '死亡3人（登记的死亡人数） → 至少Ⅲ级，涉及人身安全', '3 dead (recorded deaths) → at least Ⅲ, personal safety'],
      [{ factor: 'injuries', value: 12, evidence: { from: 'field', name: 'injuries' }, effect: { kind: 'floor', level: 3 } }, '受伤或发病12人（登记的伤病人数） → 至少Ⅲ级', '12 injured or ill (recorded injuries) → at least Ⅲ'],
      [{ factor: 'loss', value: 500_000, evidence: { from: 'field', name: 'lossYuan' }, effect: { kind: 'floor', level: 3 } }, '直接经济损失50万元（登记的损失金额） → 至少Ⅲ级', 'direct loss of ¥500,000 (recorded loss) → at least Ⅲ'],
      [{ factor: 'loss', evidence: { from: 'flag' }, effect: { kind: 'floor', level: 4 } }, '财产损失（已标记） → 至少Ⅳ级', 'property loss (flagged) → at least Ⅳ'],
      [{ factor: 'peopleAffected', value: 400, evidence: { from: 'field', name: 'peopleAffected' }, effect: { kind: 'floor', level: 2 } }, '涉及400人（登记的涉及人数） → 至少Ⅱ级', '400 people affected (recorded people affected) → at least Ⅱ'],
      [{ factor: 'households', value: 10, evidence: { from: 'text', quote: '十几户' }, effect: { kind: 'floor', level: 3 } }, '涉及10户（“十几户”） → 至少Ⅲ级', '10 households affected (“十几户”) → at least Ⅲ'],
      [{ factor: 'repeatVisits', value: 3, evidence: { from: 'text', quote: '第三次反映' }, effect: { kind: 'floor', level: 3 } }, '已反映3次（“第三次反映”） → 至少Ⅲ级', 'reported 3 times (“第三次反映”) → at least Ⅲ'],
      [{ factor: 'outage', label: { zh: '停水', en: 'no water' }, value: 2.5, evidence: { from: 'text', quote: '60小时' }, effect: { kind: 'none' } }, '停水2.5天（“60小时”） → 不单独提升等级', 'no water for 2.5 days (“60小时”) → does not raise the level by itself'],
      [{ factor: 'outage', label: { zh: '停电', en: 'no power' }, evidence: { from: 'text', quote: '停电' }, effect: { kind: 'none' } }, '停电（时长未说明）（“停电”） → 不单独提升等级', 'no power (for how long not stated) (“停电”) → does not raise the level by itself'],
      [{ factor: 'personalSafety', evidence: { from: 'flag' }, effect: { kind: 'floor', level: 3, personalSafety: true } }, '涉及人身安全（已标记） → 至少Ⅲ级，涉及人身安全', 'personal safety (flagged) → at least Ⅲ, personal safety'],
      [{ factor: 'keyword', label: { zh: '火灾爆炸', en: 'fire or explosion' }, evidence: { from: 'text', quote: '起火' }, effect: { kind: 'floor', level: 3 } }, '火灾爆炸（“起火”） → 至少Ⅲ级', 'fire or explosion (“起火”) → at least Ⅲ'],
      [{ factor: 'vulnerableGroup', evidence: { from: 'flag' }, effect: { kind: 'raise', from: 4, to: 3, cap: 2 } }, '涉及弱势群体（已标记） → 提升1级至Ⅲ级', 'vulnerable group (flagged) → +1 to Ⅲ'],
      [{ factor: 'mediaAttention', evidence: { from: 'text', quote: '热搜' }, effect: { kind: 'raise', from: 4, to: 2, cap: 2 } }, '媒体或舆论关注（“热搜”） → 提升2级至Ⅱ级', 'media or public attention (“热搜”) → +2 to Ⅱ'],
      [{ factor: 'massCluster', evidence: { from: 'cluster' }, effect: { kind: 'raise', from: 2, to: 2, cap: 2 } }, '群体性投诉（相似投诉聚集达到阈值） → 未提升（已为Ⅱ级，此项最高Ⅱ级）', 'mass complaint (similar complaints over the mass threshold) → +0 (already Ⅱ, this factor goes up to Ⅱ)'],
      [{ factor: 'repeat', evidence: { from: 'history' }, effect: { kind: 'raise', from: 4, to: 3, cap: 3 } }, '重复投诉（同一诉求人近期反映过同类问题） → 提升1级至Ⅲ级', 'repeat complaint (same complainant, same kind of problem recently) → +1 to Ⅲ'],
      [{ factor: 'requestedLevel', evidence: { from: 'staff' }, effect: { kind: 'set', from: 4, to: 2 } }, '受理时指定等级（工作人员） → 由Ⅳ级改为Ⅱ级', 'level set at intake (by staff) → Ⅳ → Ⅱ'],
      [{ factor: 'override', evidence: { from: 'staff', reason: '现场核实' }, effect: { kind: 'set', from: 3, to: 4 } }, '人工改定等级（原因：现场核实） → 由Ⅲ级改为Ⅳ级', 'level changed by staff (reason: 现场核实) → Ⅲ → Ⅳ'],
      [{ factor: 'deaths', value: 1, evidence: { from: 'field', name: 'other' }, effect: { kind: 'floor', level: 1 } }, '死亡1人（登记的other） → 至少Ⅰ级', '1 dead (recorded other) → at least Ⅰ'],
    ];
    for (const [f, zh, en] of cases) {
      const a = describeFinding(f, 'zh-CN');
      const b = describeFinding(f, 'en');
      expect(`${a.detail} → ${a.contribution}`).toBe(zh);
      expect(`${b.detail} → ${b.contribution}`).toBe(en);
      expect(a).toMatchObject(f);
    }
  });

  it('explains a level changed by staff, so the level and its reasons agree', () => {
    const a = adjustLevel(assessSeverity({ subject: '', description: '噪音扰民' }), { kind: 'override', level: 2, reason: '涉及学校考试' });
    expect(explainSeverity(a, 'zh-CN').explanation).toBe('Ⅱ级 重大（规则 2026.1）：人工改定等级（原因：涉及学校考试） → 由Ⅳ级改为Ⅱ级。');
    expect(explainSeverity(a, 'en').explanation).toBe('Level Ⅱ serious (rules 2026.1): level changed by staff (reason: 涉及学校考试) → Ⅳ → Ⅱ.');
  });

  it('formats money for each reader', () => {
    expect(['zh-CN', 'en'].map((l) => [5000, 500_000, 120_000_000, 123_456].map((n) => formatYuan(n, l as 'zh-CN' | 'en')))).toEqual([
      ['5000元', '50万元', '1.2亿元', '12.35万元'],
      ['¥5,000', '¥500,000', '¥120,000,000', '¥123,456'],
    ]);
    expect(formatYuan(10_000, 'zh-CN')).toBe('1万元');
    expect(formatYuan(100_000_000, 'zh-CN')).toBe('1亿元');
    expect(formatYuan(9999, 'zh-CN')).toBe('9999元');
  });
});

describe('stored explanations', () => {
  it('are kept as data and worded for each reader', () => {
    const a = assessSeverity({ subject: '', description: '小区停水五天了' });
    const json = storeExplanation(a);
    expect(JSON.parse(json)).toEqual({ v: 2, level: 3, personalSafety: false, ruleVersion: '2026.1', findings: a.findings, flags: a.flags });
    expect(parseStoredExplanation(json)?.findings).toEqual(a.findings);
    expect(readExplanation(json, 'en')).toEqual({ explanation: 'Level Ⅲ major (rules 2026.1): no water for 5 days (“五天”) → at least Ⅲ.', factors: explainSeverity(a, 'en').factors, flags: a.flags });
    expect(readExplanation(json, 'zh-CN').explanation).toBe('Ⅲ级 较大（规则 2026.1）：停水5天（“五天”） → 至少Ⅲ级。');
  });

  it('rows from before are shown as written', () => {
    const legacy = JSON.stringify({ text: 'Ⅳ 一般 / general (rules 2025.1): no aggravating factor found 未发现加重因素.', factors: [] });
    expect(parseStoredExplanation(legacy)).toBeNull();
    expect(readExplanation(legacy, 'en')).toEqual({ explanation: 'Ⅳ 一般 / general (rules 2025.1): no aggravating factor found 未发现加重因素.', factors: [], flags: null });
    expect(readExplanation(JSON.stringify({ v: 1, factors: [] }), 'en')).toEqual({ explanation: null, factors: [], flags: null });
    for (const none of [null, undefined, '']) {
      expect(parseStoredExplanation(none)).toBeNull();
      expect(readExplanation(none, 'zh-CN')).toEqual({ explanation: null, factors: [], flags: null });
    }
  });

  it('a user’s locale picks the language: English only when asked for', () => {
    expect([localeOf('en'), localeOf('zh-CN'), localeOf(null), localeOf('fr')]).toEqual(['en', 'zh-CN', 'zh-CN', 'zh-CN']);
  });
});
