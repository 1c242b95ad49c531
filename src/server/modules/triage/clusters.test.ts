import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClusterTracker } from './clusters.js';
import { parseCsvRecords } from './csv.js';
import { seededRandom } from './metrics.js';
import { DuplicateIndex, normalizeForShingles, shingleHashes, signatureFromString, signatureToString } from './similarity.js';
import { DATASETS } from './testdata.js';

const t0 = new Date('2025-05-01T09:00:00+08:00').getTime();
const at = (min: number) => new Date(t0 + min * 60_000);

describe('DuplicateIndex', () => {
  it('normalises away URLs, @mentions, spaces and punctuation', () => {
    expect(normalizeForShingles('//@人民网: 工地 噪音！http://t.cn/abc Noise')).toBe('工地噪音noise');
  });
  it('finds near-duplicates, respects the time window and category, and ignores unrelated text', () => {
    const idx = new DuplicateIndex();
    idx.add('a', '幸福小区东门工地每天晚上施工到凌晨，噪音扰民严重', { at: at(0), categoryId: 'noise' });
    idx.add('b', '市民反映公交站台广告牌破损', { at: at(5), categoryId: 'city' });
    const hits = idx.findSimilar('幸福小区东门工地每天晚上施工到凌晨两点，噪音扰民非常严重！', { at: at(10) });
    expect(hits.map((h) => h.id)).toEqual(['a']);
    expect(hits[0].similarity).toBeGreaterThan(0.5);
    expect(idx.findSimilar('幸福小区东门工地每天晚上施工到凌晨，噪音扰民严重', { at: at(60 * 48), within: 24 * 3600_000 })).toEqual([]);
    expect(idx.findSimilar('幸福小区东门工地每天晚上施工到凌晨，噪音扰民严重', { at: at(10), categoryId: 'city' })).toEqual([]);
  });
  it('rebuilds from serialised signatures', () => {
    const a = new DuplicateIndex();
    const sig = a.add('a', 'Construction noise at 5th Ave site every night after midnight', { at: at(0) });
    const s = signatureToString(sig);
    expect(typeof s).toBe('string');
    const b = new DuplicateIndex();
    b.addSignature('a', s, { at: at(0) });
    expect(signatureFromString(s)).toEqual(sig);
    expect(b.findSimilar('Construction noise at the 5th Ave site every night after midnight!', { at: at(1) })[0]?.id).toBe('a');
  });
});

describe('ClusterTracker', () => {
  it('12 near-identical complaints about one construction site within an hour → one cluster, flagged mass at the 10th', () => {
    const tr = new ClusterTracker();
    tr.assign('x1', '市民公园旁边的路面坑洼不平，下雨积水', { at: at(-30) });
    const variants = ['凌晨', '半夜', '深夜', '夜里'];
    const results = Array.from({ length: 12 }, (_, i) =>
      tr.assign(`c${i}`, `锦绣花园北侧建筑工地${variants[i % 4]}还在施工，打桩机噪音太大，吵得孩子睡不着觉，请尽快处理！${i % 3 === 0 ? '@城管' : ''}`, { at: at(i * 5) }),
    );
    expect(new Set(results.map((r) => r.clusterId))).toEqual(new Set(['c0']));
    expect(results[11].size).toBe(12);
    expect(results.findIndex((r) => r.becameMass)).toBe(9);
    expect(results[11].mass).toBe(true);
    expect(tr.clusterOf('x1')).toBe('x1');
  });
  it('does not flag mass when the same complaints are spread over more than the window', () => {
    const tr = new ClusterTracker();
    const rs = Array.from({ length: 12 }, (_, i) => tr.assign(`c${i}`, '锦绣花园北侧建筑工地凌晨还在施工，打桩机噪音太大', { at: at(i * 60 * 5) }));
    expect(rs.every((r) => !r.mass)).toBe(true);
  });

  const { records } = parseCsvRecords(readFileSync(DATASETS.weibo, 'utf8'));
  const texts = records.map((r) => r.text);

  it('the reposted 打卡 post in the weibo sample (25 copies with small edits) falls in one cluster', () => {
    // The sample holds no post repeated 28 times; its largest family of near-copies is this one.
    const family = texts.filter((t) => t.includes('新浪捐助的救护车'));
    expect(family.length).toBe(25);
    const tr = new ClusterTracker({ massSize: 20 });
    const rng = seededRandom(3);
    const others = texts.filter((t) => !t.includes('新浪捐助的救护车')).filter(() => rng() < 0.1);
    const all = [...family.map((t, i) => ({ id: `f${i}`, t })), ...others.map((t, i) => ({ id: `o${i}`, t }))].sort(() => 0);
    let flagged = false;
    all.forEach((x, i) => (flagged = tr.assign(x.id, x.t, { at: at(i / 100) }).becameMass || flagged));
    const clusterIds = new Set(family.map((_, i) => tr.clusterOf(`f${i}`)));
    expect(clusterIds.size).toBe(1);
    expect(tr.members([...clusterIds][0]!).filter((id) => id.startsWith('o'))).toEqual([]);
    expect(flagged).toBe(true);
  });

  it('500 distinct posts: almost none are merged (false-merge rate < 1 %)', () => {
    const rng = seededRandom(11);
    const seen = new Set<string>();
    const picked: string[] = [];
    const sets: Set<number>[] = [];
    const jaccard = (a: Set<number>, b: Set<number>) => {
      let inter = 0;
      for (const x of a) if (b.has(x)) inter++;
      return inter / (a.size + b.size - inter);
    };
    for (const t of texts) {
      const n = normalizeForShingles(t);
      if (n.length < 8 || seen.has(n) || rng() > 0.06) continue;
      // Distinct means: not a near-copy of anything already picked (exact Jaccard < 0.3).
      const s = new Set(shingleHashes(t));
      if (sets.some((p) => jaccard(p, s) >= 0.3)) continue;
      seen.add(n);
      picked.push(t);
      sets.push(s);
      if (picked.length === 500) break;
    }
    expect(picked.length).toBe(500);
    const tr = new ClusterTracker();
    const rs = picked.map((t, i) => tr.assign(String(i), t, { at: at(i) }));
    const merged = rs.filter((r) => r.size > 1).length;
    expect(merged / picked.length).toBeLessThan(0.01);
  });
});
