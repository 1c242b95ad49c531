// Approval limits (审批权限) for compensation decisions: per role, in minor units (fen) of CNY;
// null = unlimited. The defaults live here and only here; an admin changes them through
// PUT /compensations/limits (settings row `compensation`), which stores the whole table.
import type { Kysely, Transaction } from 'kysely';
import type { Role } from '../../../shared/enums.js';
import { PERMISSIONS } from '../../../shared/permissions.js';
import type { Database } from '../../platform/db/schema.js';

export const LIMIT_CURRENCY = 'CNY';
/** The roles that may decide at all (compensation.decide), each with a limit. */
export const DECIDING_ROLES = PERMISSIONS['compensation.decide'] as readonly Role[];
export type Limits = Partial<Record<Role, number | null>>;

export const DEFAULT_LIMITS: Limits = {
  handler: 50_000, // ¥500
  dept_head: 500_000, // ¥5,000
  leader: null,
  admin: null,
};

const KEY = 'compensation';
type Q = Kysely<Database> | Transaction<Database>;

/** The limits in force: stored values over the defaults, role by role. */
export async function loadLimits(db: Q): Promise<Limits> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  let stored: Limits = {};
  try {
    stored = row ? ((JSON.parse(row.value) as { limits?: Limits }).limits ?? {}) : {};
  } catch {
    stored = {};
  }
  const out: Limits = {};
  for (const role of DECIDING_ROLES) {
    // null is a value (unlimited); a role with no default and nothing stored approves nothing.
    const fallback = role in DEFAULT_LIMITS ? (DEFAULT_LIMITS[role] as number | null) : 0;
    out[role] = role in stored ? (stored[role] ?? null) : fallback;
  }
  return out;
}

export async function saveLimits(trx: Transaction<Database>, limits: Limits): Promise<void> {
  const value = JSON.stringify({ limits });
  const now = Date.now();
  await trx.insertInto('settings').values({ key: KEY, value, updated_at: now }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })).execute();
}

/**
 * The most an actor with these roles may approve: the highest of their deciding roles' limits
 * (null = unlimited); 0 when none of their roles decides.
 */
export function limitFor(roles: readonly Role[], limits: Limits): number | null {
  let best = 0;
  for (const role of roles) {
    if (!DECIDING_ROLES.includes(role)) continue;
    const l = limits[role];
    if (l === null) return null;
    if (l !== undefined) best = Math.max(best, l);
  }
  return best;
}

/** Whether `limit` covers an amount: a limit is in CNY, so other currencies need an unlimited approver. */
export function withinLimit(limit: number | null, amount: number, currency: string): boolean {
  if (limit === null) return true;
  return currency === LIMIT_CURRENCY && amount <= limit;
}

/** ¥1,234.50 from 123450 fen (other currencies: "USD 12.00"). */
export function formatAmount(amount: number, currency = LIMIT_CURRENCY): string {
  const major = (amount / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency === 'CNY' ? `¥${major}` : `${currency} ${major}`;
}
