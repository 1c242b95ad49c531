/** Watchlist rows and the compiled matchers of the enabled ones (re-read when any watchlist changed). */
import type { Db } from '../../platform/db/index.js';
import type { OpinionWatchlistTable } from '../../platform/db/schema.js';
import { compile, type WatchlistDefinition } from './watchlist.match.js';

export interface ActiveWatchlist {
  id: string;
  matcher: ReturnType<typeof compile>;
}

export const parseDefinition = (row: Pick<OpinionWatchlistTable, 'definition'>): WatchlistDefinition => JSON.parse(row.definition) as WatchlistDefinition;

const cache = new WeakMap<Db, { key: string; list: ActiveWatchlist[] }>();

/** The enabled watchlists, compiled; one small query decides whether the cached compilation is current. */
export async function activeWatchlists(db: Db): Promise<ActiveWatchlist[]> {
  const stamp = await db
    .selectFrom('opinion_watchlists')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('updated_at').as('at'), eb.fn.sum('revision').as('rev')])
    .executeTakeFirstOrThrow();
  const key = `${stamp.n}:${stamp.at}:${stamp.rev}`;
  const hit = cache.get(db);
  if (hit && hit.key === key) return hit.list;
  const rows = await db.selectFrom('opinion_watchlists').select(['id', 'definition']).where('enabled', '=', 1).execute();
  const list = rows.map((r) => ({ id: r.id, matcher: compile(parseDefinition(r)) }));
  cache.set(db, { key, list });
  return list;
}
