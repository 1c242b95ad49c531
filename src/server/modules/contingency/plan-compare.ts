import type { PlanContent } from '../../../shared/contingency.js';

/**
 * A structured diff of two plan versions, for the version-compare screen: which text fields changed,
 * and per list section the items added, removed and changed, matched by their key (roles, steps and
 * templates by `key`, level responses by level, activation criteria by kind, resources by kind and
 * description, post-incident actions by their text). Pure.
 */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}
export interface SectionDiff {
  section: string;
  added: { key: string; item: unknown }[];
  removed: { key: string; item: unknown }[];
  changed: { key: string; fields: string[]; from: unknown; to: unknown }[];
}
export interface PlanDiff {
  fields: FieldChange[];
  sections: SectionDiff[];
}

/** JSON with sorted keys: two clients may send the same object with its keys in another order. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

function diffList<T>(section: string, a: T[], b: T[], keyOf: (item: T) => string): SectionDiff | undefined {
  const before = new Map(a.map((x) => [keyOf(x), x]));
  const after = new Map(b.map((x) => [keyOf(x), x]));
  const d: SectionDiff = { section, added: [], removed: [], changed: [] };
  for (const [key, item] of after) if (!before.has(key)) d.added.push({ key, item });
  for (const [key, item] of before) if (!after.has(key)) d.removed.push({ key, item });
  for (const [key, item] of after) {
    const old = before.get(key);
    if (old === undefined || same(old, item)) continue;
    const fields =
      item && typeof item === 'object'
        ? [...new Set([...Object.keys(old as object), ...Object.keys(item as object)])].filter(
            (f) => !same((old as Record<string, unknown>)[f], (item as Record<string, unknown>)[f]),
          )
        : [];
    d.changed.push({ key, fields, from: old, to: item });
  }
  // Same items in another order is a change too (steps and roles are read in order).
  if (!d.added.length && !d.removed.length && !d.changed.length && !same([...before.keys()], [...after.keys()])) {
    d.changed.push({ key: '(order)', fields: ['order'], from: [...before.keys()], to: [...after.keys()] });
  }
  return d.added.length || d.removed.length || d.changed.length ? d : undefined;
}

export function comparePlans(a: PlanContent, b: PlanContent): PlanDiff {
  const fields: FieldChange[] = [];
  for (const f of ['title', 'general', 'safeguards', 'training', 'reviewEveryDays'] as const) {
    if (!same(a[f], b[f])) fields.push({ field: f, from: a[f], to: b[f] });
  }
  const sections = [
    diffList('scope.categoryIds', a.scope.categoryIds, b.scope.categoryIds, (x) => x),
    diffList('scope.levels', a.scope.levels, b.scope.levels, (x) => String(x)),
    diffList('activation', a.activation, b.activation, (x) => x.kind),
    diffList('roles', a.roles, b.roles, (x) => x.key),
    diffList('levels', a.levels, b.levels, (x) => String(x.level)),
    diffList('steps', a.steps, b.steps, (x) => x.key),
    diffList('templates', a.templates, b.templates, (x) => x.key),
    diffList('resources', a.resources, b.resources, (x) => `${x.kind}:${x.description.zh}`),
    diffList('postIncident', a.postIncident, b.postIncident, (x) => x.zh),
  ].filter((d): d is SectionDiff => !!d);
  return { fields, sections };
}
