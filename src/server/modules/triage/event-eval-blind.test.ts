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
  // Measured with the harness fix of the same commit (before it, evicted singletons were scored as one
  // cluster, and runs 1–2 reported F1 0.238 / 0.260 — meaningless). Matcher of 393f61f: pairwise F1 0.749
  // (P 0.810, R 0.696), 203 of 805 unrelated (25.2 %) in a cluster, none in an event's. Matcher of
  // 9403c68 (tuned on the dev pool only): F1 0.799 (P 0.810, R 0.789), 36 of 805 (4.47 %) in a cluster,
  // 1 (0.12 %) in an event's, 19 (2.36 %) beyond its Weibo-hashtag matter. The issue's < 1 % of unrelated
  // complaints in ANY cluster is NOT met; in an event's cluster it is. Matcher of c9a3194 (precision
  // first, tuned on the dev pool and this set; the new blind set is blind-set-2.txt): F1 0.855 (P 0.938,
  // R 0.785), 10 of 805 (1.24 %) in a cluster — 8 TipDM hot messages on one estate's matter, 2 a CFPB
  // near-duplicate — none in an event's. Matcher of 3e65421 (recall work, tuned on the dev pool and
  // dev-extra-2.txt only, this set run once afterwards for its summary): F1 0.838 (P 0.936, R 0.759),
  // 11 of 805 (1.37 %) in a cluster, none in an event's — WORSE than c9a3194 here (recall 0.785 -> 0.759)
  // while better on every other set; not investigated per item. These bounds stop it getting worse.
  it('pairwise F1 and unrelated pull-in no worse than measured', () => {
    expect(r.pairwise.f1).toBeGreaterThanOrEqual(0.837);
    expect(r.unrelatedInAnyCluster).toBeLessThanOrEqual(11);
    expect(r.unrelatedInEventCluster).toBeLessThanOrEqual(0);
    expect(r.corrected.unrelatedInAnyCluster).toBeLessThanOrEqual(11);
  });
});
