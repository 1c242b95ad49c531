import { describe, expect, it } from 'vitest';
import { EventIndex, eventFeatures, eventLinks } from './event-matcher.js';
import { comparePlaces, extractPlaces } from './place.js';
import { eventKinds, eventKindsEnglish } from './event-types.js';

const H = 3_600_000;
const t0 = Date.UTC(2026, 10, 2);

type Report = { location?: string; subject: string; description: string };

/** Clusters reports in order as intake does (matches grouped by cluster, joined to the best one). */
function cluster(reports: Report[], step = 0.5 * H): string[] {
  const idx = new EventIndex();
  const of = new Map<string, string>();
  reports.forEach((r, i) => {
    const id = `r${i}`;
    const f = eventFeatures(r);
    const links = eventLinks(idx.match(f, { at: t0 + i * step }), (x) => of.get(x), undefined, (c) => idx.fitsCluster(f, c));
    const root = links.length ? of.get(links[0]) ?? links[0] : id;
    for (const l of links) of.set(l, root);
    of.set(id, root);
    idx.add(id, f, { at: t0 + i * step });
  });
  return reports.map((_, i) => of.get(`r${i}`)!);
}

// Recall of the same-event matcher: callers word one event very differently (issue 10, after blind set 2).
describe('same-event recall', () => {
  it('reads the kinds callers use for one outage: 水停了/不来水, 没电/跳闸, 没气/天然气中断, 电梯坏了, power cut', () => {
    for (const t of ['早上起来水就停了', '我们小区到现在还不来水', '家里水龙头拧开一滴都没有']) expect(eventKinds(t)).toContain('#停水');
    for (const t of ['全楼没电', '物业说跳闸了在修', '变压器出了问题']) expect(eventKinds(t)).toContain('#停电');
    for (const t of ['今天中午开始没气了', '天然气突然中断，燃气公司没有通知', '做饭的燃气没了', '灶台点不着火']) expect(eventKinds(t)).toContain('#停气');
    expect(eventKinds('五号楼的电梯坏了')).toContain('#电梯');
    expect(eventKindsEnglish('we lost power at 8 pm')).toContain('#停电');
    expect(eventKindsEnglish('neighbor is trapped in the elevator')).toContain('#电梯');
    expect(eventKindsEnglish('flooded from a broken pipe')).toContain('#停水');
  });

  it('one estate and one kind of event within hours is one event, however differently worded (3栋/三号楼, 我们小区)', () => {
    const ids = cluster([
      { location: '南城区金桂园小区', subject: '小区停水', description: '金桂园小区今天早上六点左右开始停水，没有任何通知，家里老人孩子都等着用水。' },
      { location: '金桂园3号楼', subject: '水停了', description: '来电人称家住金桂园三号楼，早上起来水就停了，问物业也说不知道什么时候来水。' },
      { subject: '我们小区不来水', description: '我是金桂园的业主，我们小区到现在还不来水，楼下小卖部的桶装水都卖光了。' },
      { location: '金桂园3栋2单元', subject: '家里没水用', description: '家里水龙头拧开一滴都没有，3栋的邻居都一样，已经半天了，请尽快抢修。' },
      { location: '金桂园', subject: '自来水什么时候恢复', description: '金桂园这边自来水从早上断到现在，打了自来水公司电话说在抢修管道，请给一个恢复时间。' },
    ]);
    expect(new Set(ids).size).toBe(1);
  });

  it('another kind of event at the same estate the same morning stays apart (停水 and 电梯困人)', () => {
    const ids = cluster([
      { location: '金桂园小区', subject: '小区停水', description: '金桂园小区今天早上开始停水，没有任何通知。' },
      { location: '金桂园5栋', subject: '电梯困人', description: '金桂园5栋电梯突然停在9楼和10楼之间，我母亲被关在里面十多分钟了。' },
      { location: '金桂园3号楼', subject: '水停了', description: '家住金桂园三号楼，早上起来水就停了。' },
      { subject: '我家楼里电梯关人', description: '我家住金桂园5幢，刚才楼里电梯坏了，关了人还没救出来。' },
    ]);
    expect(ids[0]).toBe(ids[2]);
    expect(ids[1]).toBe(ids[3]);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('a door number and the same street with one kind of event link (人民路88号, 人民路有个大坑); another door number does not', () => {
    const idx = new EventIndex();
    idx.add('a', eventFeatures({ location: '人民路88号门口', subject: '路面塌陷', description: '人民路88号门口的路面塌了一个大坑，有一辆电动车差点掉进去，请尽快围挡。' }), { at: t0 });
    const street = eventFeatures({ subject: '人民路有个大坑', description: '人民路靠近中山路那段路面下沉了，晚上看不清很危险，请相关部门处理。' });
    expect(idx.match(street, { at: t0 + H }).map((m) => m.id)).toEqual(['a']);
    const words = eventFeatures({ location: '人民路八十八号', subject: '马路塌了个坑', description: '人民路八十八号附近马路出现塌陷，坑有一米多深，没有任何警示。' });
    expect(words.d).toEqual(['人民路88号']);
    expect(idx.match(words, { at: t0 + H }).map((m) => m.id)).toEqual(['a']);
    const other = eventFeatures({ location: '人民路120号', subject: '路面塌陷', description: '人民路120号门口路面塌陷出一个坑。' });
    expect(idx.match(other, { at: t0 + H })).toEqual([]);
  });

  it('reads crossroads and verb-named roads as places, bus routes not', () => {
    expect(extractPlaces('人民路中山路口红绿灯坏了').names).toEqual(['人民路', '中山路']);
    expect(extractPlaces('人民路和中山路交叉口').names).toEqual(['人民路', '中山路']);
    expect(extractPlaces('中山路口的红绿灯').names).toEqual(['中山路']);
    expect(extractPlaces('和平路停水').names).toEqual(['和平路']);
    expect(extractPlaces('奋斗路停电').names).toEqual(['奋斗路']);
    expect(extractPlaces('创新大道塌陷').names).toEqual(['创新大道']);
    expect(extractPlaces('门口有9路公交车，到市中心的1路车').names).toEqual([]);
    expect(extractPlaces('十字路口红绿灯不亮').names).toEqual([]);
  });

  it('Maple Ave and Maple Avenue are one street though neither text spells the other', () => {
    const a = extractPlaces('415 Maple Ave');
    const b = extractPlaces('Maple Ave and 3rd St');
    expect(comparePlaces({ places: a, text: '415mapleave' }, { places: b, text: 'mapleaveand3rdst' })).toBe('same');
  });

  it('two estates sharing a stem under different estate suffixes differ (桃源新村/桃源花园, 梧桐里/梧桐苑); an industrial park and a village stay unknown', () => {
    const c = (x: string, y: string) => comparePlaces({ places: extractPlaces(x), text: x }, { places: extractPlaces(y), text: y });
    expect(c('桃源新村停电', '桃源花园停电')).toBe('different');
    expect(c('梧桐里小区停电', '梧桐苑停电')).toBe('different');
    expect(c('临港工业园停电', '临港新村停电')).toBe('unknown');
    const ids = cluster([
      { location: '东湖区桃源新村', subject: '小区停电', description: '桃源新村晚上八点突然停电，整个小区黑漆漆的，冰箱里东西都要坏了。' },
      { location: '西湖区桃源花园', subject: '桃源花园停电', description: '桃源花园小区今晚九点多停电了，家里冰箱什么都用不了。' },
      { subject: '我们小区跳闸了', description: '我们桃源新村一片都没电了，物业说跳闸了在修，冰箱里的东西要坏了。' },
    ]);
    expect(ids[0]).toBe(ids[2]);
    expect(ids[1]).not.toBe(ids[0]);
  });
});
