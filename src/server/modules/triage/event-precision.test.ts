import { describe, expect, it } from 'vitest';
import { EventIndex, eventFeatures, eventLinks, stripTopicTags } from './event-matcher.js';
import { extractPlaces, comparePlaces } from './place.js';
import { extractEnglishPlaces } from './place-en.js';
import { kindsAgree } from './event-types.js';

const H = 3_600_000;
const t0 = Date.UTC(2026, 10, 2);

// Precision rules of the same-event matcher (issue 10: < 1 % of unrelated complaints in any cluster).
describe('same-event precision', () => {
  it('ignores a shared Weibo topic tag: two posts on one news story are no event', () => {
    expect(stripTopicTags('#武汉再建10座方舱医院#加油！//@某用户:坚信爱会赢')).not.toMatch(/方舱|某用户/u);
    const idx = new EventIndex();
    idx.add('a', eventFeatures({ subject: '#黑龙江暂停全部省际包车客运#', description: '#黑龙江暂停全部省际包车客运# 都停了，城际交通也都停了，没有必要的岗位就通知好好在家' }), { at: t0 });
    const b = eventFeatures({ subject: '#黑龙江暂停全部省际包车客运#', description: '#黑龙江暂停全部省际包车客运#我这里县城公交减半，县际都停了' });
    expect(idx.match(b, { at: t0 + H })).toEqual([]);
  });

  it('does not read a clause that ends in a place suffix as a place (a verb or measure word inside)', () => {
    // (The clause is dropped whole: 火神山医院 inside it is lost too — precision first.)
    expect(extractPlaces('武汉封城首日，城建局回应火神山医院工人冲突，再建一座方舱医院').names).toEqual([]);
    expect(extractPlaces('火神山医院今天交付').names).toEqual(['火神山医院']);
    expect(extractPlaces('北城区百佳惠超市突然停业').names).toEqual(['百佳惠超市']);
    expect(extractPlaces('华兴电子厂食堂').names).toEqual(['华兴电子厂']);
  });

  it('reads no street from a 311 location type, and a Broadway door number as a door', () => {
    expect(extractEnglishPlaces('noise - street/sidewalk').names).toEqual([]);
    expect(extractEnglishPlaces('5009 broadway, new york')).toEqual({ names: ['broadway'], doors: ['broadway#5009'] });
  });

  it('close coordinates on two differently named streets are not one place by themselves', () => {
    const at = (street: string, lat: number) => ({ places: { names: [street], doors: [] }, text: street, lat, lng: -73.94 });
    expect(comparePlaces(at('audubonavenue', 40.8400), at('edgecombeavenue', 40.8405))).toBe('unknown');
    expect(comparePlaces(at('audubonavenue', 40.8400), at('audubonavenue', 40.8405))).toBe('same');
  });

  it('kinds of one family agree (停水 and 黄水 after a burst main), kinds of two do not (停电 and 黄水)', () => {
    expect(kindsAgree(['#停水'], ['#水质'])).toBe(true);
    expect(kindsAgree(['#停电'], ['#水质'])).toBe(false);
    expect(kindsAgree(['#预付退费'], ['#经营者失联'])).toBe(true);
  });

  it('two problems at one estate do not link, however alike their wording', () => {
    const idx = new EventIndex();
    idx.add('power', eventFeatures({ location: '南岸区枫林湾小区', subject: '枫林湾停电', description: '枫林湾小区晚上突然停电，物业电话打不通，请尽快处理。' }), { at: t0, categoryId: 'c' });
    const yellow = eventFeatures({ location: '枫林湾小区', subject: '自来水发黄', description: '枫林湾小区今天自来水发黄浑浊，物业电话打不通，请尽快处理。' });
    expect(idx.match(yellow, { at: t0 + 20 * H, categoryId: 'c' })).toEqual([]);
  });

  it('without an agreed place, a shared kind alone does not link (a takeaway review and a canteen poisoning)', () => {
    const idx = new EventIndex();
    idx.add('review', eventFeatures({ subject: '红油热干面吃了拉肚子', description: '红油热干面吃了拉肚子！！难受！和老家味道完全不一样啊！' }), { at: t0 });
    const canteen = eventFeatures({ location: '高新区华兴电子厂食堂', subject: '工厂食堂吃了拉肚子', description: '来电人称在华兴电子厂上班，今天中午在厂里食堂吃饭后很多工友肚子疼、拉肚子，怀疑饭菜变质。' });
    expect(idx.match(canteen, { at: t0 + 2 * H, categoryId: 'c' })).toEqual([]);
  });

  it('a word for the sound itself is no shared detail: a neighbour\'s renovation is not the construction site at a named estate', () => {
    const idx = new EventIndex();
    idx.add('flat', eventFeatures({ subject: '噪音', description: '隔壁装修声音大' }), { at: t0 });
    const site = eventFeatures({ subject: '锦绣花园北侧工地扰民', description: '锦绣花园北侧建筑工地凌晨还在施工，打桩机声音太大，吵得孩子睡不着觉，请尽快处理！' });
    expect(idx.match(site, { at: t0 + H })).toEqual([]);
    // A shared detail of the occurrence still links a caller who names no place to the site.
    idx.add('site', site, { at: t0 + H });
    const pile = eventFeatures({ subject: '工地噪音', description: '北边那个工地打桩机半夜还在响，声音太大睡不着' });
    expect(idx.match(pile, { at: t0 + 2 * H }).map((m) => m.id)).toEqual(['site']);
  });

  it('a complaint joins a cluster only if it agrees with the cluster representative, not through a chain', () => {
    const idx = new EventIndex();
    idx.add('salon', eventFeatures({ location: '南岸区万达广场丝域美发', subject: '理发店办卡后关门', description: '在万达广场的丝域美发充了三千元会员卡，今天发现店门关了，老板失联。' }), { at: t0, categoryId: 'c' });
    const shop = eventFeatures({ location: '万家福超市建设路店', subject: '超市关门预付卡退款', description: '万家福超市建设路店停业，很多老人办的充值卡余额没法退，要求督促退款。' });
    expect(idx.fitsCluster(shop, 'salon')).toBe(false);
    const m = [{ id: 'salon2', score: 0.5, place: 'unknown' as const }];
    expect(eventLinks(m, () => 'salon', undefined, (c) => idx.fitsCluster(shop, c))).toEqual([]);
    expect(eventLinks(m, () => 'salon')).toEqual(['salon2']);
  });
});
