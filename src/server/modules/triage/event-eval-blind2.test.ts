import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLIND_SET_2_FILE, blindDocs, blindSetHash, parseBlindSet } from './event-eval-blind.js';

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
});
