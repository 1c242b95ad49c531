import { describe, expect, it } from 'vitest';
import { coverBuckets } from './search.js';

// Expands '#<level>:<n>' back to the level-0 buckets it stands for (16^level of them).
const expand = (lexeme: string): number[] => {
  const [, level, n] = /^#(\d):(\d+)$/.exec(lexeme)!.map(Number);
  const size = 16 ** level;
  return Array.from({ length: size }, (_, i) => n * size + i);
};

describe('time-bucket cover (PostgreSQL search windows)', () => {
  it('covers exactly the buckets of a range, each once, with few lexemes', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const ranges: [number, number][] = [[0, 1], [15, 17], [4095, 4097], [428_000, 428_000], [428_084, 428_159], [420_639, 428_159]];
    for (let i = 0; i < 200; i++) {
      const lo = 400_000 + rnd(40_000);
      ranges.push([lo, lo + rnd(i % 2 ? 70 : 20_000)]);
    }
    for (const [lo, hi] of ranges) {
      const lexemes = coverBuckets(lo, hi);
      const buckets = lexemes.flatMap(expand).sort((a, b) => a - b);
      expect(buckets).toEqual(Array.from({ length: hi - lo }, (_, i) => lo + i));
      // At most 15 blocks per level on each side plus the whole top-level blocks.
      expect(lexemes.length).toBeLessThanOrEqual(2 * 15 * 3 + Math.ceil((hi - lo) / 4096) + 1);
    }
  });
});
