import { describe, expect, it } from 'vitest';
import { blindSetHash, evaluateBlindSet } from './event-eval-blind.js';

// The blind set (fixtures/event-clusters/README.md): frozen at 393f61f before the matcher ever ran on
// it. Its SHA-256 is pinned so that nobody edits it to fit the matcher; a new blind set gets a new file.
const FROZEN_SHA256 = 'a65364eee8feb352d8eda5e5cf89ed51fc36765f5930c54ae30d630d240c6886';

describe('same-event clusters on the blind set', () => {
  it('is the frozen file', () => {
    expect(blindSetHash()).toBe(FROZEN_SHA256);
  });
  const r = evaluateBlindSet();
  it('holds 25 hand-written events and 805 unrelated real messages', () => {
    expect([r.events, r.eventComplaints, r.unrelated]).toEqual([25, 129, 805]);
  });
  // Run 1 (matcher of 393f61f): pairwise F1 0.238, 438 of 805 unrelated (54.4 %) in a cluster.
  // Run 2 (after tuning on the dev pool only, 9403c68/af08aaa): F1 0.260, 277 of 805 (34.4 %) — the issue's
  // < 1 % is NOT met. These bounds only stop it from getting worse.
  it('pairwise F1 and unrelated pull-in no worse than measured', () => {
    expect(r.pairwise.f1).toBeGreaterThanOrEqual(0.259);
    expect(r.unrelatedInAnyCluster).toBeLessThanOrEqual(277);
  });
});
