// The pure parts of emergency plans: semantic checks, the version diff, and T+ labels.
import { describe, expect, it } from 'vitest';
import { planProblems } from './plan-validate.js';
import { canonical, comparePlans } from './plan-compare.js';
import { cadenceLabel, offsetLabel } from './plan-document.js';
import { samplePlanContent } from './plan.testkit.js';

describe('planProblems', () => {
  it('accepts a consistent plan and names every inconsistency with its path', () => {
    expect(planProblems(samplePlanContent())).toEqual([]);
    const base = samplePlanContent();
    const bad = samplePlanContent({
      steps: [...base.steps, { ...base.steps[0]!, ownerRole: 'mayor' }],
      levels: [base.levels[0]!, { ...base.levels[0]!, notifyRoles: ['press'] }],
      scope: { categoryIds: [], levels: [1, 2, 3] },
    });
    expect(planProblems(bad).map((p) => [p.code, p.path])).toEqual([
      ['plan_duplicate_key', '/steps/3/key'],
      ['plan_unknown_role', '/steps/3/ownerRole'],
      ['plan_duplicate_level', '/levels/1/level'],
      ['plan_unknown_role', '/levels/1/notifyRoles/0'],
      ['plan_level_response_missing', '/levels'],
      ['plan_level_response_missing', '/levels'],
    ]);
  });

  it('reads an empty scope as every level', () => {
    expect(planProblems(samplePlanContent({ scope: { categoryIds: [], levels: [] } })).map((p) => p.message)).toEqual([
      'Level 3 is in scope but the plan has no response for it',
      'Level 4 is in scope but the plan has no response for it',
    ]);
  });
});

describe('comparePlans', () => {
  it('finds nothing between equal plans, whatever the key order', () => {
    const a = samplePlanContent();
    const b = JSON.parse(canonical(a)) as typeof a;
    expect(comparePlans(a, b)).toEqual({ fields: [], sections: [] });
  });

  it('reports a reorder of the same steps as a change', () => {
    const a = samplePlanContent();
    const b = samplePlanContent({ steps: [...a.steps].reverse() });
    expect(comparePlans(a, b).sections).toEqual([{ section: 'steps', added: [], removed: [], changed: [expect.objectContaining({ key: '(order)' })] }]);
  });

  it('reports activation criteria and resources added and removed', () => {
    const a = samplePlanContent();
    const b = samplePlanContent({ activation: [{ kind: 'manual' }, { kind: 'fast_path' }], resources: [] });
    const d = comparePlans(a, b);
    const act = d.sections.find((s) => s.section === 'activation')!;
    expect(act.added.map((x) => x.key)).toEqual(['fast_path']);
    expect(act.removed.map((x) => x.key)).toEqual(['level_at_or_above']);
    expect(d.sections.find((s) => s.section === 'resources')!.removed).toHaveLength(1);
  });
});

describe('offsetLabel', () => {
  it('writes offsets as plans do', () => {
    expect([0, 30, 60, 90, 120, 1440, 4320].map((m) => offsetLabel(m, 'zh-CN'))).toEqual(['T+0', 'T+30分钟', 'T+1小时', 'T+1小时30分钟', 'T+2小时', 'T+24小时', 'T+3天']);
    expect([0, 30, 90, 1440, 4320].map((m) => offsetLabel(m, 'en'))).toEqual(['T+0', 'T+30 min', 'T+1 h 30 min', 'T+24 h', 'T+3 d']);
    expect(cadenceLabel(30, 'zh-CN')).toBe('每30分钟');
    expect(cadenceLabel(60, 'en')).toBe('every 1 h');
  });
});
