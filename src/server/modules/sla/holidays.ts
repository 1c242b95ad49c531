// Statutory day lookups: China from `chinese-days` (holidays and 调休 make-up workdays, as
// published by the State Council), every other country from `date-holidays`.
// The published table, not the functions: chinese-days builds its lookup tables with
// local-time Date arithmetic at load, which shifts holidays by a day in a process whose
// time zone is behind UTC (e.g. America/*). The JSON is generated once, zone-independent.
import { createRequire } from 'node:module';
import Holidays from 'date-holidays';
import { isoFromDayNum } from './timezone.js';

// require(), not an `import … with { type: 'json' }`: the server bundle keeps packages external and
// esbuild drops the import attribute, which Node 20 then refuses.
const chineseDays = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };

export type HolidayType = 'public' | 'bank' | 'optional' | 'school' | 'observance';

export interface HolidaySource {
  /** ISO 3166-1 alpha-2; 'CN' uses chinese-days (with make-up workdays) */
  country: string;
  /** state / province code for date-holidays, e.g. 'CA' for US-CA */
  region?: string;
  /** date-holidays types treated as days off; default ['public'] */
  types?: HolidayType[];
}

/** What the statute says about a date; 'none' means the weekly pattern applies. */
export interface StatutoryDay {
  kind: 'holiday' | 'makeup_workday' | 'none';
  name?: string;
}

const cnTable: { holidays: Record<string, string>; workdays: Record<string, string> } = chineseDays;

/** Entries look like "National Day,国庆节,3": English, Chinese, length of the break. */
function chineseDay(dayNum: number): StatutoryDay {
  const iso = isoFromDayNum(dayNum);
  const made = cnTable.workdays[iso];
  if (made !== undefined) return { kind: 'makeup_workday', name: made.split(',')[1] ?? made };
  const off = cnTable.holidays[iso];
  if (off !== undefined) return { kind: 'holiday', name: off.split(',')[1] ?? off };
  // Not in the table: the organisation's weekly pattern decides (it may work Saturdays).
  return { kind: 'none' };
}

const yearCache = new Map<string, Map<string, string>>();

function countryHolidays(source: HolidaySource, year: number): Map<string, string> {
  const types = source.types ?? ['public'];
  const key = `${source.country}|${source.region ?? ''}|${types.join(',')}|${year}`;
  let days = yearCache.get(key);
  if (!days) {
    days = new Map();
    const hd = source.region
      ? new Holidays(source.country, source.region, { types })
      : new Holidays(source.country, { types });
    for (const h of hd.getHolidays(year)) {
      // `date` is the local date; multi-day holidays span start..end in whole days.
      const first = Date.parse(`${h.date.slice(0, 10)}T00:00:00Z`);
      const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
      for (let i = 0; i < span; i++) {
        const iso = new Date(first + i * 86_400_000).toISOString().slice(0, 10);
        if (!days.has(iso)) days.set(iso, h.name);
      }
    }
    yearCache.set(key, days);
  }
  return days;
}

export function statutoryDay(source: HolidaySource | null, dayNum: number): StatutoryDay {
  if (!source) return { kind: 'none' };
  if (source.country.toUpperCase() === 'CN') return chineseDay(dayNum);
  const iso = isoFromDayNum(dayNum);
  const name = countryHolidays(source, Number(iso.slice(0, 4))).get(iso);
  return name === undefined ? { kind: 'none' } : { kind: 'holiday', name };
}

export function isKnownCountry(country: string, region?: string): boolean {
  if (country.toUpperCase() === 'CN') return true;
  const countries = new Holidays().getCountries();
  if (!(country in countries)) return false;
  // getStates returns undefined for countries without subdivisions despite its typing.
  const states: Record<string, string> | undefined = new Holidays().getStates(country);
  return region === undefined || (states !== undefined && region in states);
}

/** Whether statutory data exists for a year. China publishes each year's schedule in late
 *  autumn; until the package is updated, admins should cover the gap with overrides. */
export function hasStatutoryData(source: HolidaySource | null, year: number): boolean {
  if (!source || source.country.toUpperCase() !== 'CN') return true;
  return Object.keys(cnTable.holidays).some((d) => d.startsWith(`${year}-`));
}
