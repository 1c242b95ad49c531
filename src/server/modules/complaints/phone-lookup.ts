import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { normalizePhone } from '../../platform/crypto/fields.js';
import { AppError, badRequest, forbidden } from '../../platform/http/problem.js';

/**
 * Finding a person by phone number. A masked number (139****5678) leaves 10,000 candidates, so every
 * path that matches phones (`/complainants/lookup`, `?q=`, `POST /triage/preview`) goes through here:
 * one permission (`complainant.lookup`), full numbers only, a per-user quota of distinct numbers per
 * window kept in the database (so every instance shares it), and an audit entry per lookup.
 */
export const PHONE_LOOKUP_LIMIT = 30;
export const PHONE_LOOKUP_WINDOW_MS = 10 * 60_000;

/** A whole phone number as typed: digits and + ( ) - or spaces only, 7–15 digits. */
export function fullPhone(input: string | null | undefined): string | null {
  const v = input?.trim();
  if (!v || !/^[+\d\s()-]+$/.test(v)) return null;
  const digits = normalizePhone(v);
  return digits && digits.length >= 7 && digits.length <= 15 ? digits : null;
}

/**
 * Checks and counts one phone lookup; returns the number's blind index. Repeating a number already
 * looked up in this window costs nothing (the intake screen asks again while the call is typed in).
 * The count is one row updated in place, so concurrent lookups cannot slip past the limit.
 */
export async function guardPhoneLookup(ctx: AppContext, actor: Actor, phone: string, via: string, now = Date.now()): Promise<string> {
  if (!can(actor, 'complainant.lookup')) throw forbidden('Your role may not look people up by phone number');
  const digits = fullPhone(phone);
  if (!digits) throw badRequest('full_number_required', 'Give the whole phone number; partial or masked numbers are not looked up');
  return countLookup(ctx, actor, ctx.fieldCrypto.blindIndex('phone', digits)!, via, now);
}

/**
 * A person lookup by phone and/or email (`/complainants/lookup`, the intake preview): the same
 * permission and quota for both, every value counted once.
 */
export async function guardContactLookup(ctx: AppContext, actor: Actor, q: { phone?: string; email?: string }, via: string): Promise<{ phone: string | null; email: string | null }> {
  if (!can(actor, 'complainant.lookup')) throw forbidden('Your role may not look people up by their contact details');
  const email = ctx.fieldCrypto.blindIndex('email', q.email);
  if (q.email?.trim() && !email) throw badRequest('invalid_email', 'That is not an email address');
  return {
    phone: q.phone?.trim() ? await guardPhoneLookup(ctx, actor, q.phone, via) : null,
    email: email ? await countLookup(ctx, actor, email, via) : null,
  };
}

async function countLookup(ctx: AppContext, actor: Actor, bidx: string, via: string, now = Date.now()): Promise<string> {
  const windowStart = now - (now % PHONE_LOOKUP_WINDOW_MS);
  const retryAfter = Math.max(1, Math.ceil((windowStart + PHONE_LOOKUP_WINDOW_MS - now) / 1000));
  try {
    await count(ctx, actor, bidx, windowStart, retryAfter, via);
  } catch (e) {
    // A refused lookup leaves its trace too: a run of them is someone guessing.
    if (e instanceof AppError && e.status === 429) await appendAudit(ctx.db, { actorId: actor.id, action: 'complainant.lookup_refused', entityType: 'complainant', data: { via } });
    throw e;
  }
  return bidx;
}

async function count(ctx: AppContext, actor: Actor, bidx: string, windowStart: number, retryAfter: number, via: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const fresh = await trx
      .insertInto('phone_lookups')
      .values({ user_id: actor.id, window_start: windowStart, key: bidx, n: 0 })
      .onConflict((oc) => oc.columns(['user_id', 'window_start', 'key']).doNothing())
      .returning('n')
      .executeTakeFirst();
    if (fresh) {
      const counted = await trx
        .insertInto('phone_lookups')
        .values({ user_id: actor.id, window_start: windowStart, key: '#', n: 1 })
        .onConflict((oc) => oc.columns(['user_id', 'window_start', 'key']).doUpdateSet((eb) => ({ n: eb('phone_lookups.n', '+', 1) })))
        .returning('n')
        .executeTakeFirstOrThrow();
      if (Number(counted.n) > PHONE_LOOKUP_LIMIT) {
        throw new AppError(429, 'lookup_rate_limited', `At most ${PHONE_LOOKUP_LIMIT} phone numbers every ${PHONE_LOOKUP_WINDOW_MS / 60_000} minutes; try again in ${Math.ceil(retryAfter / 60)} minutes`, { retryAfter });
      }
      if (Number(counted.n) === 1) await trx.deleteFrom('phone_lookups').where('user_id', '=', actor.id).where('window_start', '<', windowStart).execute();
    }
    await appendAudit(trx, { actorId: actor.id, action: 'complainant.lookup', entityType: 'complainant', data: { via, by: ['phone'] } });
  });
}
