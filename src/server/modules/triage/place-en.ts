/**
 * English street names and door numbers ("78-10 Cypress Avenue", "Maple Ave", "Elm St"): the keys
 * are written without spaces and with the street type spelled out ("cypressavenue", door
 * "cypressavenue#78-10"), because the event matcher looks for the other side's names in its
 * space-free word text. Pure (regular expressions only).
 */

const TYPES: Record<string, string> = {
  street: 'street', st: 'street', avenue: 'avenue', ave: 'avenue', av: 'avenue', road: 'road', rd: 'road', boulevard: 'boulevard', blvd: 'boulevard',
  place: 'place', pl: 'place', drive: 'drive', dr: 'drive', lane: 'lane', ln: 'lane', parkway: 'parkway', pkwy: 'parkway', crescent: 'crescent',
  court: 'court', ct: 'court', terrace: 'terrace', way: 'way', plaza: 'plaza', square: 'square', highway: 'highway', hwy: 'highway',
  expressway: 'expressway', expy: 'expressway', walk: 'walk', green: 'green', loop: 'loop', broadway: 'broadway',
};
const STREET_RE = new RegExp(`\\b(${Object.keys(TYPES).join('|')})\\b\\.?`, 'g');
/** Words that never belong to a street's name: the name starts after the last one. */
const NOT_NAME = /^(?:a|an|the|on|at|in|near|of|to|from|and|or|by|for|my|our|your|their|this|that|off|along|corner|between|with|is|was|on|live|lives|living|located|building|apartment|apt|block|cross|crossing|intersection)$/;

export function extractEnglishPlaces(text: string): { names: string[]; doors: string[] } {
  const names = new Set<string>();
  const doors = new Set<string>();
  const t = text.normalize('NFKC').toLowerCase();
  for (const m of t.matchAll(STREET_RE)) {
    const region = t.slice(Math.max(0, m.index - 48), m.index);
    // Punctuation ends a name ("Golden Dragon restaurant, Elm Street").
    // "Street/Sidewalk" is a 311 location type, not a street.
    if (t[m.index + m[0].length] === '/') continue;
    const before = region.slice(region.search(/[^,.;:!?()/\n]*$/)).split(/[^a-z0-9-]+/).filter((w) => /[a-z0-9]/.test(w));
    const name: string[] = [];
    let door: string | undefined;
    while (before.length && name.length < 3) {
      const w = before.pop()!;
      if (NOT_NAME.test(w)) break;
      // A house number ends the name ("16 charles place"); an ordinal-like number is part of it ("95 street" after a door).
      if (/^\d+(?:-\d+)?$/.test(w) && (name.length > 0 || m[1] === 'broadway')) {
        door = w;
        break;
      }
      name.unshift(w);
    }
    // "78-10 29 street": the number right before the type is the street's, the one before it the door.
    if (!door && name.length >= 2 && /^\d+(?:-\d+)?$/.test(name[0]) && /^\d+$/.test(name[1])) door = name.shift();
    // Broadway is a name and a type at once.
    if (name.length === 0 && m[1] !== 'broadway') continue;
    const key = name.join('') + TYPES[m[1]];
    if (key.length < 4) continue;
    names.add(key);
    if (door) doors.add(`${key}#${door}`);
  }
  // A location field that starts with a house number is an address whatever its street type
  // ("938 bronx park south, bronx"): the words up to the comma name the street.
  const lead = /^\s*(\d+(?:-\d+)?)\s+([a-z0-9]+(?: [a-z0-9]+){0,5}),/.exec(t);
  if (lead && doors.size === 0 && (lead[2] === 'broadway' || !Object.hasOwn(TYPES, lead[2]))) {
    const key = lead[2].replace(/\s+/g, '');
    names.add(key);
    doors.add(`${key}#${lead[1]}`);
  }
  return { names: [...names], doors: [...doors] };
}
