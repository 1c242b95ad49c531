// Dates as data sets write them, read as wall-clock times in the mapping's zone: ISO 8601 (with a
// zone or offset it is taken as it is), 2020-03-18 14:30, 2020/3/18, 2020年3月18日 14:30, and
// 10/21/18 0:00 or 21/10/2018 12:00 PM (month or day first: the mapping's dateOrder).
import { zonedToEpoch } from '../sla/timezone.js';

const DAY_MS = 86_400_000;
const YMD = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{2})(?:[:分](\d{2})(?:\.\d+)?)?秒?)?$/;
const XY = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function parseWallTime(value: string, timeZone: string, order: 'mdy' | 'dmy'): number | null {
  const v = value.trim();
  if (WITH_ZONE.test(v)) {
    const at = Date.parse(v);
    return Number.isNaN(at) ? null : at;
  }
  let m = YMD.exec(v);
  if (m) return wall(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), timeZone);
  m = XY.exec(v);
  if (m) {
    const [a, b] = [+m[1], +m[2]];
    let year = +m[3];
    if (m[3].length === 2) year += year < 70 ? 2000 : 1900;
    let hour = +(m[4] ?? 0);
    const ampm = m[7]?.toLowerCase();
    if (ampm) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (ampm === 'pm' ? 12 : 0);
    }
    const [month, day] = order === 'mdy' ? [a, b] : [b, a];
    return wall(year, month, day, hour, +(m[5] ?? 0), +(m[6] ?? 0), timeZone);
  }
  return null;
}

function wall(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): number | null {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || year < 1900 || year > 2200) return null;
  const utc = Date.UTC(year, month - 1, day);
  if (new Date(utc).getUTCDate() !== day) return null; // 31 April, 29 February of a common year
  return zonedToEpoch(Math.floor(utc / DAY_MS), ((hour * 60 + minute) * 60 + second) * 1000, timeZone);
}
