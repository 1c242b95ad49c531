import type { AppContext } from './context.js';
import { generatePassword } from './platform/auth/password.js';
import { countUsers } from './modules/org/org.repo.js';
import { OrgService } from './modules/org/org.service.js';
import { installExamplePlans } from './modules/contingency/plan-examples.js';

/**
 * On an empty database, creates the first admin from REDRESS_ADMIN_EMAIL / REDRESS_ADMIN_PASSWORD,
 * or with a generated password printed once.
 */
export async function ensureFirstAdmin(ctx: AppContext, print: (line: string) => void = console.log): Promise<void> {
  if ((await countUsers(ctx.db)) > 0) return ensureExamplePlans(ctx, print);
  const email = ctx.config.adminEmail ?? 'admin@redress.local';
  const generated = !ctx.config.adminPassword;
  const password = ctx.config.adminPassword ?? generatePassword();
  // Named in the organisation's language: the name shows on timelines, where 'Administrator' read as English in zh-CN.
  const name = ctx.config.locale === 'zh-CN' ? '系统管理员' : 'Administrator';
  await new OrgService(ctx).createUser(null, { email, name, password, roles: ['admin'] });
  if (generated) {
    print('');
    print('  First administrator created — this password is shown only once:');
    print(`    email:    ${email}`);
    print(`    password: ${password}`);
    print('');
  } else {
    print(`First administrator created: ${email}`);
  }
  await ensureExamplePlans(ctx, print);
}

/**
 * The three example emergency plans (应急预案), published, on a database with no plan yet — a fresh
 * one, or one upgraded from before plans existed. Once any plan exists they are never reinstalled.
 */
export async function ensureExamplePlans(ctx: AppContext, print: (line: string) => void = console.log): Promise<void> {
  if (await ctx.db.selectFrom('contingency_plans').select('id').limit(1).executeTakeFirst()) return;
  const keys = await installExamplePlans(ctx);
  if (keys.length) print(`Example emergency plans installed: ${keys.join(', ')}`);
}
