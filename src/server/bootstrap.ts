import type { AppContext } from './context.js';
import { generatePassword } from './platform/auth/password.js';
import { countUsers } from './modules/org/org.repo.js';
import { OrgService } from './modules/org/org.service.js';

/**
 * On an empty database, creates the first admin from REDRESS_ADMIN_EMAIL / REDRESS_ADMIN_PASSWORD,
 * or with a generated password printed once.
 */
export async function ensureFirstAdmin(ctx: AppContext, print: (line: string) => void = console.log): Promise<void> {
  if ((await countUsers(ctx.db)) > 0) return;
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
}
