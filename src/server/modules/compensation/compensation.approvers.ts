// Who hears that a compensation waits for a decision: the lowest tier of deciders whose limit
// covers it — a department's handlers, then the heads of that department or above, then leaders —
// never the proposer; admins only when nobody else can.
import type { Transaction } from 'kysely';
import type { Role } from '../../../shared/enums.js';
import { rolesAllow } from '../../../shared/permissions.js';
import type { Database } from '../../platform/db/schema.js';
import { DECIDING_ROLES, withinLimit, type Limits } from './compensation.limits.js';
import { departmentChain, usersWithRole } from './compensation.repo.js';

export async function approversFor(
  trx: Transaction<Database>,
  limits: Limits,
  c: { amount: number; currency: string; departmentId: string | null; proposerId: string },
): Promise<string[]> {
  const limitOf = (r: Role) => limits[r] ?? null;
  const tiers = DECIDING_ROLES.filter((r) => r !== 'admin' && withinLimit(limitOf(r), c.amount, c.currency)).sort((a, b) => (limitOf(a) ?? Infinity) - (limitOf(b) ?? Infinity));
  for (const role of [...tiers, 'admin' as Role]) {
    let ids: string[];
    if (rolesAllow([role], 'complaint.read_all')) ids = await usersWithRole(trx, role);
    else if (!c.departmentId) continue;
    // Handlers decide for their own department; heads for theirs and everything below.
    else ids = await usersWithRole(trx, role, role === 'dept_head' ? await departmentChain(trx, c.departmentId) : [c.departmentId]);
    ids = ids.filter((id) => id !== c.proposerId);
    if (ids.length) return ids;
  }
  return [];
}
