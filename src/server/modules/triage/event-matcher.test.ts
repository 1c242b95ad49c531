import { describe, expect, it } from 'vitest';
import { EventIndex, eventFeatures, eventLinks } from './event-matcher.js';

const H = 3_600_000;
const t0 = Date.UTC(2026, 10, 2);

describe('EventIndex', () => {
  const outage = [
    '今天早上七点多开始家里水龙头一滴水都没有，物业说不清楚原因，也没有提前通知，请尽快恢复供水。',
    '来电人反映翠湖苑小区3栋从早上开始停水，家里有老人要做饭，打物业电话一直没人接。',
  ];
  it('matches two wordings of one outage at one estate, not the same outage at another estate or another problem at the same estate', () => {
    const idx = new EventIndex();
    idx.add('a', eventFeatures({ location: '江北区翠湖苑小区', subject: '翠湖苑小区突然停水', description: outage[0] }), { at: t0, categoryId: 'c' });
    idx.add('lift', eventFeatures({ location: '翠湖苑5栋', subject: '电梯困人', description: '5栋电梯停在两层之间，里面有人被困二十多分钟，物业维修人员迟迟不到' }), { at: t0, categoryId: 'c' });
    idx.add('other', eventFeatures({ location: '南湖区金桂园小区', subject: '金桂园停水', description: '今天上午九点起停水，没有任何通知，家里正在洗衣服' }), { at: t0, categoryId: 'c' });
    const f = eventFeatures({ location: '翠湖苑3栋', subject: '小区停水没人管', description: outage[1] });
    expect(idx.match(f, { at: t0 + H, categoryId: 'c' }).map((m) => m.id)).toEqual(['a']);
    // Outside the time window, or in an incompatible category: no match.
    expect(idx.match(f, { at: t0 + 80 * H, categoryId: 'c' })).toEqual([]);
    expect(idx.match(f, { at: t0 + H, categoryId: 'other' })).toEqual([]);
    expect(idx.evictOlderThan(t0 + 1)).toBe(3);
    expect(idx.size).toBe(0);
  });
});

describe('EventIndex consultations', () => {
  const ask = (location: string | null) => [
    eventFeatures({ location, subject: '老旧小区加装电梯怎么申请？', description: '我们小区是九十年代的老楼，没有电梯，想加装电梯，请问需要哪些手续，政府有没有补贴？' }),
    eventFeatures({ location, subject: '加装电梯补贴如何领取', description: '我家住的老旧小区准备加装电梯，想了解加装电梯的申请流程和补贴标准，补贴怎么领取？' }),
  ];
  it('never links two questions about one topic without a shared place, though their words agree', () => {
    const [a, b] = ask(null);
    expect([a.q, b.q]).toEqual([1, 1]);
    const idx = new EventIndex();
    idx.add('a', a, { at: t0, categoryId: 'c' });
    expect(idx.match(b, { at: t0 + H, categoryId: 'c' })).toEqual([]);
    // The same words as reports of something that happened would link: the question is what stops it.
    const asReport = (f: typeof a) => ({ w: f.w, p: f.p, d: f.d });
    const idx2 = new EventIndex();
    idx2.add('a', asReport(a), { at: t0, categoryId: 'c' });
    expect(idx2.match(asReport(b), { at: t0 + H, categoryId: 'c' }).map((m) => m.id)).toEqual(['a']);
  });
  it('links questions that name the same estate', () => {
    const [a, b] = ask('江北区翠湖苑小区');
    const idx = new EventIndex();
    idx.add('a', a, { at: t0, categoryId: 'c' });
    expect(idx.match(b, { at: t0 + H, categoryId: 'c' }).map((m) => m.id)).toEqual(['a']);
  });
});

describe('EventIndex candidates', () => {
  it('finds a same-place report even when its words are shared by thousands of held complaints', () => {
    const idx = new EventIndex();
    const f = (estate: string) => ({ w: `${estate} 小区 停水 没有 水`, p: [estate], d: [] });
    for (let i = 0; i < 2100; i++) idx.add(`x${i}`, f(`第${i}号苑`), { at: t0 });
    idx.add('target', { w: '翠湖苑 小区 停水 没有 水 老人 做饭', p: ['翠湖苑'], d: [] }, { at: t0 });
    expect(idx.match({ w: '翠湖苑 停水 老人 做饭 困难', p: ['翠湖苑'], d: [] }, { at: t0 + H }).map((m) => m.id)).toEqual(['target']);
  });
});

describe('eventLinks', () => {
  it('joins the best cluster, and another only when it is nearly as strong', () => {
    const clusterOf = (id: string) => id[0];
    const m = (id: string, score: number) => ({ id, score, place: 'same' as const });
    expect(eventLinks([m('a1', 0.3), m('a2', 0.3), m('b1', 0.15)], clusterOf)).toEqual(['a1', 'a2']);
    expect(eventLinks([m('a1', 0.3), m('b1', 0.25)], clusterOf)).toEqual(['a1', 'b1']);
    expect(eventLinks([], clusterOf)).toEqual([]);
  });
});

describe('EventIndex without a place', () => {
  const a = eventFeatures({ location: null, subject: '医保缴费系统打不开', description: '居民医保网上缴费系统从昨天开始一直打不开，提示系统繁忙，缴费期限快到了。' });
  const b = eventFeatures({ location: null, subject: '医保网上缴费故障', description: '居民医保缴费平台无法登录，网上缴费系统一直报错，担心错过缴费期限。' });
  it('links two placeless reports only when both carry one category: words alone join strangers', () => {
    const idx = new EventIndex();
    idx.add('a', a, { at: t0, categoryId: 'c' });
    expect(idx.match(b, { at: t0 + H, categoryId: 'c' }).map((m) => m.id)).toEqual(['a']);
    expect(idx.match(b, { at: t0 + H, categoryId: null })).toEqual([]);
  });
  it('knows a near-duplicate form at another address is not the same matter', () => {
    const idx = new EventIndex();
    const form = (addr: string) => eventFeatures({ location: addr, subject: 'Noise - Residential', description: `Loud Music/Party at ${addr} (Residential Building/House).` });
    idx.add('x', form('391 GREENE AVENUE, BROOKLYN'), { at: t0 });
    expect(idx.otherAddress(form('88 JEFFERSON STREET, BROOKLYN'), 'x')).toBe(true);
    expect(idx.otherAddress(form('391 GREENE AVENUE, BROOKLYN'), 'x')).toBe(false);
    expect(idx.otherAddress(a, 'x')).toBe(false);
  });
});
