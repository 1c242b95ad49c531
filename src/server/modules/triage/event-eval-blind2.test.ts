import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLIND_SET_2_FILE, blindDocs, blindSetHash, evaluateBlindSet, parseBlindSet } from './event-eval-blind.js';

// The second blind set (fixtures/event-clusters/README.md): hand-written events and real unrelated
// messages from rows no earlier pool held, frozen (this hash committed) BEFORE the matcher ever ran on it.
const FROZEN_SHA256 = '0a4e01cf0a7021a9d84674d030ebba4df5c7ee7017cc8f78c326e907106606eb';

describe('the second blind same-event set', () => {
  it('is the frozen file', () => {
    expect(blindSetHash(BLIND_SET_2_FILE)).toBe(FROZEN_SHA256);
  });
  it('holds 25 hand-written events (125 reports) and 673 unrelated real messages, none from the first blind pool', () => {
    const docs = blindDocs({ file: BLIND_SET_2_FILE });
    expect(new Set(docs.filter((d) => d.event).map((d) => d.event)).size).toBe(25);
    expect(docs.filter((d) => d.event).length).toBe(125);
    expect(docs.filter((d) => !d.event).length).toBe(673);
    const first = new Set(parseBlindSet(readFileSync(BLIND_SET_2_FILE.replace('blind-set-2', 'blind-set'), 'utf8')).pool.map((p) => p.id));
    expect(docs.filter((d) => first.has(d.id))).toEqual([]);
  });
  // Run once, after the matcher was tuned on the dev pool and the old sets only (c9a3194): pairwise F1
  // 0.871 (P 0.895, R 0.848), 1 of 673 unrelated (0.15 %) in any cluster, that one in an event's. The
  // matcher before (9403c68), measured afterwards from a worktree: F1 0.893, 34 of 673 (5.05 %). The
  // issue's < 1 % is met here; its F1 ≥ 0.9 is not. Run a third time (summary only) after the recall work
  // of 3e65421, tuned on the dev pool and dev-extra-2.txt only: F1 0.967 (P 1.000, R 0.936), 0 of 673 in
  // any cluster — both of the aims met. No per-item result of this set has been looked at, but
  // three runs while the matcher changed make it less than blind. These bounds stop it getting worse.
  it('pairwise F1 and unrelated pull-in no worse than measured', () => {
    const r = evaluateBlindSet({}, { file: BLIND_SET_2_FILE });
    expect(r.pairwise.f1).toBeGreaterThanOrEqual(0.966);
    expect(r.unrelatedInAnyCluster).toBeLessThanOrEqual(0);
    expect(r.unrelatedInAnyCluster / r.unrelated).toBeLessThan(0.01);
  });
});
