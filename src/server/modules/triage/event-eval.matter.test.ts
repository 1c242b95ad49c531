import { describe, expect, it } from 'vitest';
import { charPairs, markSameMatter, type EvalDoc, type PoolRow } from './event-eval.js';

const DAY = 86_400_000;
const row = (id: string, user: string, category: string, day: number, subject: string): PoolRow => ({
  doc: { id, event: null, at: 0, category: null, location: null, subject, description: '' } satisfies EvalDoc,
  user,
  category,
  at: day * DAY,
  pairs: charPairs(subject),
});

describe('same-matter groups in the unrelated pool (evaluation ground truth)', () => {
  it('groups one complainant writing under one category within 30 days, and near-identical subjects of anyone', () => {
    const rows = [
      row('a', 'U1', '城乡建设', 0, 'A市某路段占道施工'),
      row('b', 'U1', '城乡建设', 20, '再次反映小区门口积水问题'),
      row('c', 'U1', '城乡建设', 120, '小区物业乱收费'),
      row('d', 'U1', '教育文体', 5, '学校收费问题'),
      row('e', 'U2', '交通运输', 0, 'K8县公交车长期不按时发车'),
      row('f', 'U3', '交通运输', 300, 'K8县公交车长期不按时发车！'),
      row('g', 'U4', '交通运输', 0, 'K8县出租车拒载'),
    ];
    markSameMatter(rows);
    const m = Object.fromEntries(rows.map((r) => [r.doc.id, r.doc.matter]));
    expect(m.a).toBeDefined();
    expect(m.a).toBe(m.b);
    // Too late, another category, or merely a similar subject: not the same matter.
    expect([m.c, m.d, m.g]).toEqual([undefined, undefined, undefined]);
    expect(m.e).toBeDefined();
    expect(m.e).toBe(m.f);
    expect(m.e).not.toBe(m.a);
  });
});

describe('clusterDocs over more days than the link window', () => {
  it('keeps every old singleton in its own cluster (none lost to eviction and scored as one)', async () => {
    const { clusterDocs } = await import('./event-eval.js');
    const texts = ['小区门口路灯不亮', '公交车到站不停', '超市卖过期食品', '学校乱收费问题', '工地夜间施工噪音', '河道有死鱼发臭', '物业乱收停车费', '医院挂号排队太久'];
    const docs: EvalDoc[] = Array.from({ length: 400 }, (_, i) => ({ id: `d${i}`, event: null, at: i * 2 * 3_600_000, category: null, location: null, subject: `${texts[i % 8]}${i}`, description: `第${i}号投诉：${texts[(i * 3) % 8]}，编号${i * 7919}` }));
    const cl = clusterDocs(docs);
    expect(cl.size).toBe(400);
    expect(cl.get('d0')).toBe('d0');
  });
});
