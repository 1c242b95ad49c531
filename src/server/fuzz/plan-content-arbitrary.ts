import fc from 'fast-check';
import type { PlanContent } from '../../shared/contingency.js';

/**
 * PlanContent bodies built from a real (published example) plan with one mutation, instead of
 * random objects: random content almost never names its step owners among its roles, so it never
 * got past plan_unknown_role into the draft service. Most mutations keep the plan valid (a new
 * title, a step moved or dropped, another review interval, fewer levels in scope, a sitrep cadence);
 * some break one business rule the schema cannot express (an unknown owner role, a duplicate key,
 * a missing level response, an unknown category). Pure.
 */
type Mutation = (p: PlanContent, n: number, text: string) => void;

const VALID: Mutation[] = [
  () => undefined,
  (p, _n, text) => (p.title = { zh: `${text}预案`.slice(0, 200), en: `Plan ${text}`.slice(0, 200) }),
  (p, n) => p.steps.length > 1 && p.steps.splice(n % p.steps.length, 1),
  (p, n) => (p.steps[n % p.steps.length].offsetMinutes = (n * 37) % (30 * 24 * 60)),
  (p, n) => (p.reviewEveryDays = 1 + (n % (3 * 365))),
  (p, n) => (p.levels[n % p.levels.length].sitrepEveryMinutes = 10 + (n % 600)),
  (p) => p.steps.reverse(),
  (p, _n, text) => (p.general = { zh: text || '总则', en: text || 'General' }),
];

const BROKEN: Mutation[] = [
  (p, n) => (p.steps[n % p.steps.length].ownerRole = 'no_such_role'),
  (p) => p.steps.length > 1 && (p.steps[1].key = p.steps[0].key),
  (p) => {
    p.scope.levels = [];
    p.levels = p.levels.slice(0, 1);
  },
  (p) => (p.scope.categoryIds = ['00000000-0000-4000-8000-000000000000']),
];

export function planContentArbitrary(base: PlanContent): fc.Arbitrary<PlanContent> {
  const text = fc.string({ unit: fc.constantFrom(...'食堂应急预案演练修订版'.split('')), minLength: 1, maxLength: 12 });
  const mutation = fc.oneof({ arbitrary: fc.constantFrom(...VALID), weight: 4 }, { arbitrary: fc.constantFrom(...BROKEN), weight: 1 });
  return fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 2 }), fc.nat({ max: 10_000 }), text).map(([ms, n, t]) => {
    const p = structuredClone(base);
    for (const m of ms) m(p, n, t);
    return p;
  });
}

/** The schema is PlanContent's (by shape: a plan is the one object with roles, steps and levels). */
export const isPlanContentSchema = (s: { properties?: Record<string, unknown> }) => !!s.properties?.roles && !!s.properties.steps && !!s.properties.levels;
