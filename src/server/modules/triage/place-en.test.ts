import { describe, expect, it } from 'vitest';
import { extractEnglishPlaces } from './place-en.js';
import { comparePlaces, extractPlaces, normalizePlaceText } from './place.js';

const placed = (text: string, extra: { lat?: number; lng?: number } = {}) => ({ places: extractPlaces(text), text: normalizePlaceText(text).replace(/[^\p{L}\p{N}]/gu, ''), ...extra });

describe('English streets and door numbers', () => {
  it('gives one key for the spellings of one street, with the house number as a door', () => {
    expect(extractEnglishPlaces('A water main burst on Maple Avenue near the library').names).toEqual(['mapleavenue']);
    expect(extractEnglishPlaces('no water in my apartment on Maple Ave. since 9am').names).toEqual(['mapleavenue']);
    expect(extractEnglishPlaces('Golden Dragon restaurant, Elm St').names).toEqual(['elmstreet']);
    expect(extractEnglishPlaces('Loud Music/Party at 87-26 95 STREET, WOODHAVEN')).toEqual({ names: ['95street'], doors: ['95street#87-26'] });
    // A location field that starts with a house number is an address whatever its street type.
    expect(extractEnglishPlaces('938 BRONX PARK SOUTH, BRONX').doors).toEqual(['bronxparksouth#938']);
    expect(extractEnglishPlaces('12 people got sick after lunch')).toEqual({ names: [], doors: [] });
  });
  it('tells two buildings apart by their door numbers even when their coordinates are close', () => {
    const a = placed('Loud Music/Party at 391 GREENE AVENUE, BROOKLYN', { lat: 40.6867, lng: -73.9622 });
    const b = placed('Loud Music/Party at 88 JEFFERSON STREET, BROOKLYN', { lat: 40.6868, lng: -73.9623 });
    expect(comparePlaces(a, b)).toBe('different');
    expect(comparePlaces(placed('No water on Maple Avenue'), placed('Maple Avenue flooded after the main break'))).toBe('same');
  });
});

describe('estates whose names differ in one character', () => {
  it('are different estates; a shared stem of another length is still only unknown', () => {
    expect(comparePlaces(placed('锦楚国际星城小区三期停电'), placed('锦楚国际新城从6月份开始停电'))).toBe('different');
    expect(comparePlaces(placed('临港工业园停电'), placed('临港新村停电'))).toBe('unknown');
    expect(comparePlaces(placed('翠湖苑小区停水'), placed('翠湖苑没水'))).toBe('same');
  });
});
