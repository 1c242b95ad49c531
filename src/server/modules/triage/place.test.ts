import { describe, expect, it } from 'vitest';
import { comparePlaces, distanceMetres, extractPlaces, normalizePlaceText } from './place.js';

const placed = (text: string, extra: { lat?: number; lng?: number } = {}) => ({ places: extractPlaces(text), text: normalizePlaceText(text), ...extra });

describe('extractPlaces', () => {
  it('gives one key for the wordings of one estate, without district, building or 小区', () => {
    for (const t of ['来电人反映江北区翠湖苑小区3栋从早上开始停水', '我住翠湖苑，早上起来就没水', '翠湖苑五栋的电梯困人']) expect(extractPlaces(t).names).toEqual(['翠湖苑']);
  });
  it('splits a crossing into its roads and keeps a door number', () => {
    expect(extractPlaces('高新区科技大道与创业路交叉口的红绿灯全部熄灭').names.sort()).toEqual(['创业路', '科技大道']);
    expect(extractPlaces('我家住解放路127号三楼').doors).toEqual(['解放路127号']);
  });
  it('does not read ordinary words before 小区 or 路 as places', () => {
    expect(extractPlaces('物业占用小区公共面积，行人根本不敢过马路，居民小区的老板跑路了').names).toEqual([]);
  });
  it('turns Chinese building numbers into digits', () => {
    expect(normalizePlaceText('五栋和十二号楼')).toBe('5栋和12号楼');
  });
});

describe('comparePlaces', () => {
  it('same when one names what the other mentions, different when both name other places, unknown without a place', () => {
    expect(comparePlaces(placed('幸福里小区停电'), placed('西湖街道幸福里的垃圾堆成小山'))).toBe('same');
    expect(comparePlaces(placed('翠湖苑小区停水'), placed('金桂园小区停水'))).toBe('different');
    expect(comparePlaces(placed('翠湖苑小区停水'), placed('家里停水了'))).toBe('unknown');
  });
  it('uses coordinates when both have them, and different door numbers differ', () => {
    expect(comparePlaces(placed('停水', { lat: 30.5, lng: 114.4 }), placed('没水', { lat: 30.501, lng: 114.4 }))).toBe('same');
    expect(comparePlaces(placed('翠湖苑停水', { lat: 30.5, lng: 114.4 }), placed('翠湖苑没水', { lat: 30.6, lng: 114.4 }))).toBe('different');
    expect(comparePlaces(placed('解放路127号油烟'), placed('解放路12号油烟'))).toBe('different');
  });
  it('measures metres', () => {
    expect(Math.round(distanceMetres({ lat: 30, lng: 114 }, { lat: 30.001, lng: 114 }))).toBe(111);
  });
});
