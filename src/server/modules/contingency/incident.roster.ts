// Who fills a plan role when an incident opens: the on-call roster first, then active users holding
// one of the role's `fillFrom` app roles — deterministically: people of the incident's department
// (or the nearest one above it) first, then the least loaded (roles held in running incidents), then
// the longest-standing account.
import type { Transaction } from 'kysely';
import type { PlanContent } from '../../../shared/contingency.js';
import type { Database } from '../../platform/db/schema.js';
import { onCallNow } from '../resources/oncall.js';
import * as repo from './incident.repo.js';

type Trx = Transaction<Database>;
type PlanRole = PlanContent['roles'][number];

export interface Filled {
  userId: string;
  source: 'oncall' | 'fallback';
}

/**
 * The on-call lookup: who is rostered (值班, modules/resources/oncall.ts) for a role key at `at`,
 * the department's schedules before organisation-wide ones. The single place the roster plugs in.
 */
export async function onCallFor(trx: Trx, q: { roleKey: string; departmentId: string | null; at: number }): Promise<string[]> {
  return (await onCallNow(trx, q)).map((e) => e.userId);
}

interface Candidate {
  id: string;
  createdAt: number;
  departmentIds: string[];
}

/** Picks the holder of one role. `taken`: people already in this incident's team, used only when nobody else is left. */
export async function fillRole(trx: Trx, role: PlanRole, o: { departmentId: string | null; at: number; taken: Set<string>; chain?: string[] }): Promise<Filled | undefined> {
  for (const key of [role.key, ...role.fillFrom]) {
    const rostered = await onCallFor(trx, { roleKey: key, departmentId: o.departmentId, at: o.at });
    const active = await repo.activeUserIds(trx, rostered);
    const pick = rostered.filter((id) => active.has(id)).find((id) => !o.taken.has(id)) ?? rostered.find((id) => active.has(id));
    if (pick) return { userId: pick, source: 'oncall' };
  }
  const chain = o.chain ?? (await repo.departmentChain(trx, o.departmentId));
  const pools: Candidate[][] = [];
  for (const appRole of role.fillFrom) pools.push(await repo.activeUsersWithRole(trx, appRole));
  const load = await repo.openRoleLoad(trx, [...new Set(pools.flat().map((c) => c.id))]);
  const rank = (c: Candidate) => {
    const depths = c.departmentIds.map((d) => chain.indexOf(d)).filter((i) => i >= 0);
    return depths.length ? Math.min(...depths) : chain.length + 1;
  };
  const order = (list: Candidate[]) =>
    [...list].sort((a, b) => rank(a) - rank(b) || (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // fillFrom is in order of preference: a free person of an earlier app role beats a later one's;
  // someone already in the team is taken only when no app role has anyone free.
  for (const pool of pools) {
    const free = order(pool).find((c) => !o.taken.has(c.id));
    if (free) return { userId: free.id, source: 'fallback' };
  }
  for (const pool of pools) {
    const any = order(pool)[0];
    if (any) return { userId: any.id, source: 'fallback' };
  }
  return undefined;
}
