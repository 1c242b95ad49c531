// Test helpers for the public portal: a public category, solving the bot check as a browser would.
import { v7 as uuidv7 } from 'uuid';
import type { TestEnv } from '../../test/harness.js';
import { solveChallenge, type PowChallenge } from './pow.js';

export async function publicCategory(env: TestEnv, code: string, isPublic = true): Promise<string> {
  const id = uuidv7();
  await env.ctx.db
    .insertInto('categories')
    .values({ id, parent_id: null, code, name_zh: `类别${code}`, name_en: `Category ${code}`, default_department_id: null, keywords: '[]', active: 1, is_public: isPublic ? 1 : 0, created_at: Date.now() })
    .execute();
  return id;
}

/** GET a challenge and solve it (from `ip`). */
export async function solved(env: TestEnv, ip = '127.0.0.1'): Promise<string> {
  const r = await env.app.inject({ method: 'GET', url: '/api/v1/portal/challenge', remoteAddress: ip });
  if (r.statusCode !== 200) throw new Error(`challenge: ${r.statusCode} ${r.body}`);
  return solveChallenge(r.json() as PowChallenge);
}

export const portalBody = (altcha: string, over: Record<string, unknown> = {}) => ({
  description: '小区门口的路灯坏了一个多月，晚上很黑，老人出行不便。',
  place: { text: '幸福路12号' },
  contact: { name: '李四', phone: '13900001111', email: 'lisi@example.com' },
  consent: true,
  language: 'zh-CN',
  altcha,
  ...over,
});
