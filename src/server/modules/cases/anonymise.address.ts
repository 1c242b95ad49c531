// Addresses precise enough to find a person: a door number, or a building/unit/room, after a place
// (province/city/district, road, 小区). A road or an estate named on its own is not redacted.
import type { Finding } from './anonymise.types.js';

const NUM = '(?:[A-Za-z]?\\d{1,5}[A-Za-z]?|[一二三四五六七八九十百零〇两]{1,4})';
/** Han characters that cannot be part of a place name (they start or join clauses). */
const NOT_PLACE = '在住是的我家址于和与到从向了买卖租对给把被年月日时个这那为及：:，。；、！？,.;!?（）()“”"\'\\s\\d号栋幢室';
const PLACE_CHAR = `[^${NOT_PLACE}]`;
const ADMIN = `(?:${PLACE_CHAR}{1,7}?(?:省|自治区|市|自治州|州|盟|区|县|旗|镇|乡|街道|村|社区|组)|[A-Z]\\d{0,2}(?:市|区|县))`;
const ROAD = `(?:${PLACE_CHAR}{1,10}?(?:大道|大街|路|街|巷|弄|胡同|里|道))`;
const ESTATE = `(?:${PLACE_CHAR}{1,12}?(?:小区|花园|公寓|家园|新村|新城|苑|庭|府|园|城|湾|大厦|广场|宿舍|山庄|名都|华府|雅居|公馆|嘉园))`;
/** Numbers in 5-2-301 (never a phone's 0731-…). */
const DASHED = '(?:[1-9]\\d{0,3}[A-Za-z]?)';
const DOOR = `(?:${NUM}(?:号院|号)(?![线码文令召楼]))`;
const UNIT = `(?:${NUM}(?:号楼|栋|幢|座|单元|楼|层|室|户|房)|${DASHED}-${DASHED}(?:-${DASHED})?(?:室|号)?)`;

const CN = new RegExp(
  [
    // 长沙市岳麓区麓山南路12号, 岳麓区桐梓坡路9号金星小区3栋2单元501室
    `${ADMIN}*${ROAD}${DOOR}(?:${ESTATE}?${UNIT}+)?`,
    // (城市)XX小区3栋2单元501室 / XX小区5-2-301
    `${ADMIN}*${ROAD}?${ESTATE}${UNIT}+`,
    // Any estate name before building + unit/room: 枫林绿洲4栋4单元1701室
    `${ADMIN}*${PLACE_CHAR}{2,8}?${NUM}(?:号楼|栋|幢|座)${NUM}(?:单元|楼|层)(?:${NUM}(?:室|号|房))?`,
    // 长沙市岳麓区3栋 would be too vague: require at least two units after a bare district.
    `${ADMIN}+${UNIT}{2,}`,
  ].join('|'),
  'gu',
);

const EN = new RegExp(
  String.raw`\b\d{1,5}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Parkway|Pkwy|Terrace|Circle)\b\.?(?:,?\s+(?:Apt|Apartment|Unit|Suite|Ste|#)\.?\s*#?[0-9A-Z]{1,5})?`,
  'g',
);

/** An office's address (…局 地址：…, …147号市人社局) is public, not personal data. */
const ORG_BEFORE = /(局|所|股|中心|政府|办事处|委员会|大队|支队|法院|检察院)[^。；;\n]{0,6}$/;
const ORG_AFTER = /^[\p{Script=Han}]{0,4}(局|政府|办事处|委员会|中心|法院)/u;

export function findAddresses(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(CN)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (ORG_BEFORE.test(text.slice(Math.max(0, start - 12), start)) || ORG_AFTER.test(text.slice(end, end + 8))) continue;
    out.push({ kind: 'address', start, end });
  }
  for (const m of text.matchAll(EN)) out.push({ kind: 'address', start: m.index!, end: m.index! + m[0].length });
  return out;
}
