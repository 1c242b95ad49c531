import { describe, expect, it } from 'vitest';
import { deathCounts, durations, moneyAmounts, parseAmount, peopleCounts, repeatVisits } from './numbers.js';

const values = (ms: { value: number }[]) => ms.map((m) => m.value);

describe('reading numbers from complaints', () => {
  it('reads exact and vague amounts at their lower bound', () => {
    const cases: [string, number][] = [
      ['30', 30], ['1,200', 1200], ['三十', 30], ['两百零五', 205], ['十几', 10], ['几十', 20], ['好几十', 30], ['好几百', 300],
      ['数百', 200], ['上百', 100], ['上千', 1000], ['近百', 100], ['几', 2], ['好几', 3], ['十几万', 100_000], ['three', 3],
    ];
    for (const [s, v] of cases) expect([s, parseAmount(s)]).toEqual([s, v]);
    for (const s of ['上', '近', '上面', '几个']) expect(parseAmount(s)).toBeNaN();
  });

  it('tells households from people', () => {
    const read = (t: string) => peopleCounts(t).map((c) => [c.value, c.unit]);
    expect(read('十几户停水')).toEqual([[10, 'households']]);
    expect(read('好几百户居民没有暖气')).toEqual([[300, 'households']]);
    expect(read('两家人')).toEqual([[2, 'households']]);
    expect(read('50名业主')).toEqual([[50, 'people']]);
    expect(read('三十余人受伤')).toEqual([[30, 'people']]);
    expect(read('hundreds of households and 20 families')).toEqual([[200, 'households'], [20, 'households']]);
    expect(read('three children were hurt')).toEqual([[3, 'people']]);
    // Businesses, neighbours upstairs and a landmark are not counts of people.
    expect(read('十几家商户')).toEqual([]);
    expect(read('楼上住户很吵')).toEqual([]);
    expect(read('XX中学附近的酒店')).toEqual([]);
  });

  it('reads deaths in both word orders', () => {
    expect(values(deathCounts('仓库起火，造成3人死亡'))).toEqual([3]);
    expect(values(deathCounts('事故死亡十几人'))).toEqual([10]);
    expect(values(deathCounts('two people died in the fire'))).toEqual([2]);
  });

  it('reads money, vague amounts included', () => {
    expect(values(moneyAmounts('十户人家被装修公司卷走50万'))).toEqual([500_000]);
    expect(values(moneyAmounts('损失几十万'))).toEqual([200_000]);
    expect(values(moneyAmounts('被骗走好几十万'))).toEqual([300_000]);
    expect(values(moneyAmounts('上百万元'))).toEqual([1_000_000]);
    expect(values(moneyAmounts('损失5万元，另赔偿3千元'))).toEqual([50_000, 3000]);
  });

  it('reads how long a service has been out, in days', () => {
    const cases: [string, number[]][] = [
      ['小区停水三天了', [3]], ['一个多星期没有暖气', [7]], ['半个月没水', [15]], ['停电48小时', [2]], ['已经停水十几天', [10]],
      ['好几天没水', [3]], ['停水第五天', [5]], ['两个月', [60]], ['two weeks without water', [14]], ['no heating for a week', [7]],
      // Dates are not durations.
      ['3月停水', []], ['12月3日停水', []],
    ];
    for (const [t, v] of cases) expect([t, values(durations(t))]).toEqual([t, v]);
  });

  it('reads how many times the complainant has reported it', () => {
    const most = (t: string) => Math.max(0, ...values(repeatVisits(t)));
    const cases: [string, number][] = [
      ['第三次反映', 3], ['打了十几次电话', 10], ['投诉过5次', 5], ['五次投诉都没结果', 5], ['多次反映无果', 2], ['反复投诉', 2],
      ['I have called three times', 3], ['complaining for the 4th time', 4], ['writing for the third time', 3], ['I repeatedly complained', 2], ['they repeatedly ignored it', 0],
      ['三次元', 0], ['第三天', 0],
    ];
    for (const [t, v] of cases) expect([t, most(t)]).toEqual([t, v]);
  });
});
