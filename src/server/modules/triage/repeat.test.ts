import { describe, expect, it } from 'vitest';
import { findRepeatOf } from './repeat.js';

const day = 86_400_000;
const now = new Date('2025-03-01T08:00:00Z');
const c = (id: string, idx: string, cat: string, daysAgo: number) => ({ id, complainantIndex: idx, categoryId: cat, at: new Date(now.getTime() - daysAgo * day) });

describe('repeat complainant', () => {
  const earlier = [c('a', 'h1', 'noise', 100), c('b', 'h1', 'noise', 30), c('d', 'h1', 'noise', 10), c('e', 'h2', 'noise', 5), c('f', 'h1', 'water', 1)];
  it('returns the most recent earlier complaint by the same person in the same category within 90 days', () => {
    expect(findRepeatOf(c('new', 'h1', 'noise', 0), earlier)).toBe('d');
  });
  it('ignores other people, other categories and complaints outside the window', () => {
    expect(findRepeatOf(c('new', 'h3', 'noise', 0), earlier)).toBeNull();
    expect(findRepeatOf(c('new', 'h1', 'gas', 0), earlier)).toBeNull();
    expect(findRepeatOf(c('new', 'h1', 'noise', 0), [c('a', 'h1', 'noise', 100)])).toBeNull();
    expect(findRepeatOf(c('new', 'h1', 'noise', 0), [c('a', 'h1', 'noise', 100)], { windowDays: 120 })).toBe('a');
  });
  it('never matches a complaint without a blind index', () => {
    expect(findRepeatOf({ id: 'n', complainantIndex: null, categoryId: 'noise', at: now }, [{ ...c('x', 'h1', 'noise', 1), complainantIndex: null }])).toBeNull();
  });
});
