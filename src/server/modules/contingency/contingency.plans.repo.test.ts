import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness.js';
import { getPlanVersion, insertPlan, insertVersion, planForCategory, publishedVersions } from './contingency.plans.repo.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('contingency plan tables (migration 013)', () => {
  it('store a plan version and read it back by id, as published, and never two drafts of one plan', async () => {
    const owner = await env.client(['leader']);
    const now = Date.now();
    await insertPlan(env.ctx.db, { id: 'p-repo', key: 'repo_test', owner_id: owner.userId, department_id: null, created_at: now, updated_at: now });
    const content = { title: { zh: '测试', en: 'Test' } };
    await insertVersion(env.ctx.db, { id: 'v-repo-1', plan_id: 'p-repo', version: 1, status: 'published', content: JSON.stringify(content), created_at: now });
    await insertVersion(env.ctx.db, { id: 'v-repo-2', plan_id: 'p-repo', version: 2, status: 'draft', content: JSON.stringify(content), created_at: now });
    const v = await getPlanVersion(env.ctx.db, 'v-repo-1');
    expect(v).toMatchObject({ id: 'v-repo-1', planId: 'p-repo', planKey: 'repo_test', version: 1, status: 'published', content });
    expect((await publishedVersions(env.ctx.db)).filter((p) => p.planKey === 'repo_test').map((p) => p.id)).toEqual(['v-repo-1']);
    await expect(
      insertVersion(env.ctx.db, { id: 'v-repo-3', plan_id: 'p-repo', version: 3, status: 'draft', content: '{}', created_at: now }),
    ).rejects.toThrow();
    expect(await planForCategory(env.ctx.db, 'no-such-category')).toBeUndefined();
  });
});
