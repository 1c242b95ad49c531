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

describe('eviction of what lies outside the link window', () => {
  const DAY = 86_400_000;
  const day = (d: number) => new Date(t0 + d * DAY);
  /** Text of random CJK characters: unrelated to any other such text. */
  const randomText = (rng: () => number, n = 40) => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + Math.floor(rng() * 3000))).join('');
  const noise = (v: string) => `锦绣花园北侧建筑工地${v}还在施工，打桩机噪音太大，吵得孩子睡不着觉，请尽快处理！`;
  const road = '市民公园旁边的路面坑洼不平，下雨积水严重，行人经过很不方便';

  it('DuplicateIndex drops entries older than a cutoff in one batch; the rest are still found, the dropped never', () => {
    const idx = new DuplicateIndex();
    const rng = seededRandom(5);
    const texts = Array.from({ length: 200 }, () => randomText(rng));
    texts.forEach((t, i) => idx.add(`n${i}`, t, { at: at(i) }));
    expect(idx.countOlderThan(at(150).getTime())).toBe(150);
    expect(idx.evictOlderThan(at(150).getTime())).toBe(150);
    expect(idx.evictOlderThan(at(150).getTime())).toBe(0);
    expect(idx.size).toBe(50);
    expect(idx.has('n149')).toBe(false);
    texts.forEach((t, i) => expect(idx.findSimilar(t, { at: at(i) }).map((h) => h.id)).toEqual(i >= 150 ? [`n${i}`] : []));
    idx.add('late', texts[3], { at: at(300) });
    expect(idx.findSimilar(texts[3], { at: at(300) }).map((h) => h.id)).toEqual(['late']);
  });

  it('evicts old entries in a batch; a near-duplicate of a recent member still joins its cluster id, even after the root was evicted', () => {
    const tr = new ClusterTracker(); // link within 7 days, mass window 24 h
    const rng = seededRandom(7);
    tr.assign('old', road, { at: day(0) });
    tr.assign('r', noise('凌晨'), { at: day(0) });
    for (let i = 0; i < 100; i++) tr.assign(`a${i}`, randomText(rng), { at: new Date(day(0).getTime() + i * 60_000) });
    expect(tr.assign('r1', noise('半夜'), { at: day(4) })).toMatchObject({ clusterId: 'r', size: 2, matchedId: 'r' });
    expect(tr.index.size).toBe(103);
    for (let i = 0; i < 200; i++) tr.assign(`b${i}`, randomText(rng), { at: new Date(day(8).getTime() + i * 60_000) });
    // Day 0 lies more than 7 days (+1 h grace) before day 8: those 102 entries went in one batch.
    expect(tr.index.size).toBe(201);
    expect(tr.index.has('old')).toBe(false);
    expect(tr.index.has('r')).toBe(false);
    expect(tr.index.has('r1')).toBe(true);
    const q = tr.assign('q', noise('深夜'), { at: day(9) });
    expect(q).toMatchObject({ clusterId: 'r', size: 3, sizeInWindow: 1, mass: false, matchedId: 'r1', linkedClusters: ['r'] });
    expect(tr.clusterOf('q')).toBe('r');
    expect(tr.members('r')).toEqual(['r1', 'q']);
    // The evicted complaint is not returned, even when asked at its own time.
    expect(tr.index.findSimilar(road, { at: day(0) })).toEqual([]);
    expect(tr.assign('road2', road, { at: day(9) })).toMatchObject({ clusterId: 'road2', size: 1 });
    expect(tr.clusterOf('old')).toBeUndefined();
    expect(tr.members('old')).toEqual([]);
  });

  it('over 30 simulated days every assignment (cluster id, sizes, mass) is the same as without eviction', () => {
    const rng = seededRandom(13);
    const bases = Array.from({ length: 30 }, () => randomText(rng, 50));
    const variant = (b: string) => {
      const cs = [...b];
      for (let k = 0; k < 2; k++) cs[Math.floor(rng() * cs.length)] = String.fromCharCode(0x4e00 + Math.floor(rng() * 3000));
      return cs.join('');
    };
    const stream: Array<{ id: string; text: string; at: Date }> = [];
    let t = t0;
    for (let i = 0; t < t0 + 30 * DAY; i++) {
      t += Math.floor(rng() * 20 * 60_000);
      const r = rng();
      if (r < 0.004) {
        // A burst: 12 near-copies of one complaint within an hour (a mass complaint).
        const b = bases[Math.floor(rng() * bases.length)];
        for (let k = 0; k < 12; k++) stream.push({ id: `m${i}_${k}`, text: variant(b), at: new Date((t += 4 * 60_000)) });
      } else if (r < 0.15) stream.push({ id: `f${i}`, text: variant(bases[Math.floor(rng() * bases.length)]), at: new Date(t) });
      else stream.push({ id: `u${i}`, text: randomText(rng), at: new Date(t) });
    }
    const evicting = new ClusterTracker();
    const keeping = new ClusterTracker({ evictGraceMs: Infinity });
    let becameMass = 0;
    let evictedRoots = 0;
    for (const x of stream) {
      const a = evicting.assign(x.id, x.text, { at: x.at });
      const b = keeping.assign(x.id, x.text, { at: x.at });
      expect(a).toEqual(b);
      if (a.becameMass) {
        becameMass++;
        // The mass event lists the members; those within the link window are all there.
        const recent = keeping.members(b.clusterId).filter((id) => stream.find((s) => s.id === id)!.at.getTime() >= x.at.getTime() - evicting.linkWithinMs);
        expect(evicting.members(a.clusterId)).toEqual(expect.arrayContaining(recent));
      }
      if (a.size > 1 && !evicting.index.has(a.clusterId)) evictedRoots++;
    }
    expect(becameMass).toBeGreaterThan(0);
    expect(evictedRoots).toBeGreaterThan(0);
    expect(keeping.index.size).toBe(stream.length);
    const last = stream[stream.length - 1].at.getTime();
    const inWindow = stream.filter((s) => s.at.getTime() >= last - evicting.linkWithinMs - evicting.evictGraceMs).length;
    expect(evicting.index.size).toBeGreaterThanOrEqual(inWindow);
    // Batches: a check after every quarter of the index in additions, eviction once a quarter expired.
    expect(evicting.index.size).toBeLessThanOrEqual(2 * inWindow + 64);
    // Forcing it (as an idle server does on its periodic check) leaves exactly the window.
    evicting.evictExpired(last, 0);
    expect(evicting.index.size).toBe(inWindow);
    expect(evicting.stats().members).toBe(inWindow);
  });

  it('memory stays bounded: 60,000 complaints over 30 simulated days with a 7-day window keep about a quarter', () => {
    const tr = new ClusterTracker();
    const rng = seededRandom(17);
    const rand = () => (rng() * 4294967296) >>> 0;
    const size = tr.index.hasher.size;
    const randomSig = () => {
      const sig = new Uint32Array(size);
      for (let k = 0; k < size; k++) sig[k] = rand();
      return sig;
    };
    const bases = Array.from({ length: 50 }, randomSig);
    const n = 60_000; // enough for the window to turn over four times; 200,000 took ~30 s on a loaded CI machine
    const span = 30 * DAY;
    let linked = 0;
    let peak = 0;
    for (let i = 0; i < n; i++) {
      let sig: Uint32Array;
      if (i % 20 === 0) {
        // A near-copy (7/8 of the values equal) of one of 50 recurring complaints.
        sig = bases[i % 1000 === 0 ? 0 : Math.floor(rng() * bases.length)].slice();
        for (let k = 0; k < 8; k++) sig[Math.floor(rng() * size)] = rand();
      } else sig = randomSig();
      if (tr.assignSignature(`c${i}`, sig, { at: new Date(t0 + Math.floor((i * span) / n)) }).matchedId) linked++;
      peak = Math.max(peak, tr.index.size);
    }
    expect(linked).toBeGreaterThan(n / 20 - 100);
    const window = Math.ceil((n * (7 * DAY + 3_600_000)) / span);
    const s = tr.stats();
    expect(s.entries).toBeGreaterThanOrEqual(window - 1);
    expect(peak).toBeLessThanOrEqual(2 * window + 64);
    expect(s.nodes).toBeLessThanOrEqual(s.entries + s.clusters);
    expect(s.members).toBe(s.entries);
    // Nothing is left once everything is out of the window.
    tr.evictExpired(t0 + span + 8 * DAY);
    expect(tr.stats()).toEqual({ entries: 0, nodes: 0, clusters: 0, members: 0 });
  });
});

describe('restore after a restart', () => {
  const text = (i: number) => `幸福小区东门工地每天晚上施工到凌晨${i}点，噪音扰民严重，请城管尽快处理`;

  it('members whose root was not reloaded keep the stored cluster id, and a new near-duplicate joins it', () => {
    const live = new ClusterTracker();
    const sigs = Array.from({ length: 4 }, (_, i) => live.index.signature(text(i + 1)));
    const ids = sigs.map((s, i) => live.assignSignature(`c${i}`, s, { at: at(i) }).clusterId);
    expect(ids).toEqual(['c0', 'c0', 'c0', 'c0']);

    // Restart: c0 and c1 are older than the link window, so only c2 and c3 are reloaded.
    const tr = new ClusterTracker();
    tr.restore('c2', sigs[2], { at: at(2) }, 'c0');
    tr.restore('c3', sigs[3], { at: at(3) }, 'c0');
    expect([tr.clusterOf('c2'), tr.clusterOf('c3')]).toEqual(['c0', 'c0']);
    expect(tr.members('c0')).toEqual(['c2', 'c3']);
    tr.seedCluster('c0', 4, false);
    const a = tr.assign('c4', text(5), { at: at(4) });
    expect(a).toMatchObject({ clusterId: 'c0', size: 5 });
    expect(a.clusterId).toBe(live.assign('c4', text(5), { at: at(4) }).clusterId);
  });

  it('without seeding, the size counts only the reloaded members; seeding never lowers it and carries the mass flag', () => {
    const tr = new ClusterTracker({ massSize: 3 });
    const sig = (i: number) => tr.index.signature(text(i));
    tr.restore('c2', sig(2), { at: at(2) }, 'c0');
    tr.restore('c3', sig(3), { at: at(3) }, 'c0');
    tr.seedCluster('c0', 1, false);
    tr.seedCluster('unknown', 9, true);
    expect(tr.clusterOf('unknown')).toBeUndefined();
    const probe = new ClusterTracker({ massSize: 3 });
    probe.restore('c2', sig(2), { at: at(2) }, 'c0');
    probe.restore('c3', sig(3), { at: at(3) }, 'c0');
    probe.seedCluster('c0', 7, true);
    expect(probe.assign('c4', text(4), { at: at(4 + 48 * 60) })).toMatchObject({ clusterId: 'c0', size: 8, mass: true, becameMass: false, sizeInWindow: 1 });
    expect(tr.assign('c4', text(4), { at: at(4) })).toMatchObject({ clusterId: 'c0', size: 3, mass: true, becameMass: true });
  });

  it('a root that arrives after its members (another instance wrote it late) becomes a held member of its cluster', () => {
    const tr = new ClusterTracker();
    tr.restore('c1', tr.index.signature(text(1)), { at: at(1) }, 'c0');
    tr.restore('c0', tr.index.signature(text(0)), { at: at(0) }, 'c0');
    expect(tr.clusterOf('c0')).toBe('c0');
    expect([...tr.members('c0')].sort()).toEqual(['c0', 'c1']);
    expect(tr.assign('c2', text(2), { at: at(2) })).toMatchObject({ clusterId: 'c0', size: 3 });
  });
});
