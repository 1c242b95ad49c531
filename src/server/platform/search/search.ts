import { sql, type Expression, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db, Dialect } from '../db/index.js';
import { indexTerms, queryTerms } from './analyzer.js';

/**
 * How a list query uses the index; every kind returns the same rows in the same order (newest first).
 * - ordered (SQLite): FTS5 drives the scan newest-first (its rowids follow creation order), so a page
 *   of a common term stops after the first matches instead of collecting every hit and sorting.
 * - windowed (PostgreSQL): GIN cannot return matches in order, so the list walks windows of time
 *   newest-first — each one GIN scan of the query's terms AND the window's time-bucket lexemes
 *   (migration 008) — and stops when the page is full. A window costs about its own matches, so a
 *   common term stops after the newest thousand or so complaints and a rare one takes a few wider
 *   windows, instead of every hit being fetched and sorted or every complaint's tsvector read.
 *   `where` is the plain condition, for ids that give no windows.
 */
export type SearchPlan =
  | { kind: 'ordered'; match: string }
  | {
      kind: 'windowed';
      /** The condition over all time (used when `windows` gives none). */
      where: Expression<SqlBool>;
      /**
       * Windows from `newestId` (inclusive) down to `oldestId`, sized from the table's `rows`;
       * undefined when the ids are not UUIDs. Tests may shrink the windows (`tuning`).
       */
      windows(newestId: string, oldestId: string, rows: number, tuning?: WindowTuning): SearchWindows | undefined;
    };

export interface WindowTuning {
  /** Complaints in the first window (1,000). */
  first?: number;
  /** When the older matches are estimated at most this many (1,000), one window takes them all. */
  allAtOnce?: number;
}

/**
 * Successive windows, newest first, together covering every complaint between the two ids. The
 * first spans about 1,000 complaints; each later one is sized from how many rows the previous
 * windows gave, so a common term usually needs one window and a rare one two or three (the last
 * taking all older matches once they are estimated few). When the list's
 * other filters are rarer than the term (few rows per match), walking the filtered complaints
 * newest-first and checking each one's terms is cheaper: the walk then ends with `rest`.
 */
export interface SearchWindows {
  /**
   * The next window: `matches`, an array of the ids matching in it (text[]); or `rest`, a condition
   * on complaints covering everything older than the windows so far; undefined when all is covered.
   */
  next(): { matches: Expression<string[]> } | { rest: Expression<SqlBool> } | undefined;
  /** Reports the last window's matching ids, the rows they gave, and the rows the page still needs. */
  found(matches: number, rows: number, needed: number): void;
}

/** One search interface over FTS5 (SQLite) and a GIN-indexed tsvector (PostgreSQL). */
export interface SearchIndex {
  /** Replaces a complaint's indexed text; call inside the transaction that writes it. */
  index(trx: Transaction<Database> | Db, complaintId: string, text: string): Promise<void>;
  /** How to find complaints matching every query term, or undefined for an empty query. */
  plan(q: string): SearchPlan | undefined;
}

export function createSearchIndex(dialect: Dialect): SearchIndex {
  return dialect === 'sqlite' ? sqliteIndex : postgresIndex;
}

const sqliteIndex: SearchIndex = {
  async index(trx, complaintId, text) {
    const tokens = indexTerms(text).join(' ');
    const doc = (await sql<{ doc_id: number }>`SELECT doc_id FROM complaint_search_docs WHERE complaint_id = ${complaintId}`.execute(trx)).rows[0];
    let docId = doc?.doc_id;
    if (docId === undefined) {
      docId = (await sql<{ doc_id: number }>`INSERT INTO complaint_search_docs (complaint_id) VALUES (${complaintId}) RETURNING doc_id`.execute(trx)).rows[0].doc_id;
    } else {
      await sql`DELETE FROM complaint_search WHERE rowid = ${docId}`.execute(trx);
    }
    await sql`INSERT INTO complaint_search (rowid, complaint_id, tokens) VALUES (${docId}, ${complaintId}, ${tokens})`.execute(trx);
  },
  plan(q) {
    const terms = queryTerms(q);
    if (!terms.length) return undefined;
    // Each term quoted as an FTS5 string: user input never reaches the query syntax.
    return { kind: 'ordered', match: terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ') };
  },
};

function tsLexeme(t: string): string {
  return `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

// Time buckets (see migration 008): level l groups 2^(22 + 4l) ms of UUIDv7 timestamps.
const BUCKET_SHIFT = 22;
const FAN = 16;
const LEVELS = 4;
const FIRST_WINDOW = 1000; // complaints (estimated from the table's size and time span)
const ALL_AT_ONCE = 1000; // matches
const UNKNOWN_ROWS = 10_000_000;
const MIN_GROWTH = 2; // a later window spans 2–16× the complaints of the one before
const MAX_GROWTH = 16;

/** The level-0 time bucket of a UUID's 48-bit timestamp prefix (any hex UUID orders the same way). */
function bucketOf(id: string): number | undefined {
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-/.exec(id);
  return m ? Math.floor(parseInt(m[1] + m[2], 16) / 2 ** BUCKET_SHIFT) : undefined;
}

/** The smallest id string of level-0 bucket `b`: every id in bucket b or later sorts at or after it. */
function bucketStart(b: number): string {
  const hex = (b * 2 ** BUCKET_SHIFT).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}`;
}

/** Bucket lexemes covering level-0 buckets [lo, hi): the largest aligned blocks, greedily. */
export function coverBuckets(lo: number, hi: number): string[] {
  const out: string[] = [];
  while (lo < hi) {
    let l = LEVELS - 1;
    while (l > 0 && (lo % FAN ** l !== 0 || lo + FAN ** l > hi)) l--;
    out.push(`#${l}:${lo / FAN ** l}`);
    lo += FAN ** l;
  }
  return out;
}

const matching = (query: string) => sql<SqlBool>`complaints.id IN (SELECT complaint_id FROM complaint_search WHERE tokens @@ ${query}::tsquery)`;

const postgresIndex: SearchIndex = {
  async index(trx, complaintId, text) {
    const terms = indexTerms(text);
    await sql`INSERT INTO complaint_search (complaint_id, tokens) VALUES (${complaintId}, array_to_tsvector(${terms}::text[]))
      ON CONFLICT (complaint_id) DO UPDATE SET tokens = excluded.tokens`.execute(trx);
  },
  plan(q) {
    const terms = queryTerms(q);
    if (!terms.length) return undefined;
    const query = terms.map(tsLexeme).join(' & ');
    return {
      kind: 'windowed',
      where: matching(query),
      windows(newestId, oldestId, rows, { first = FIRST_WINDOW, allAtOnce = ALL_AT_ONCE } = {}) {
        const top = bucketOf(newestId);
        const bottom = bucketOf(oldestId);
        if (top === undefined || bottom === undefined) return undefined;
        // Unknown before the first ANALYZE (-1): assume a large table, so that windows start small
        // (a few more cheap queries on a small table, rather than every match on a large one).
        const perBucket = (rows > 0 ? rows : UNKNOWN_ROWS) / (top - bottom + 1);
        let hi = top + 1; // the windows so far cover level-0 buckets [hi, top]
        let size = first; // complaints in the next window (estimated)
        let seen = 0; // complaints in the windows so far (estimated)
        let matched = 0; // ids matching the terms in them
        let got = 0; // rows they gave (after the list's filters)
        let walk = false; // the rest is a walk over the filtered complaints
        return {
          next() {
            if (hi <= bottom) return undefined;
            if (walk) {
              const rest = sql<SqlBool>`complaints.id < ${bucketStart(hi)} AND EXISTS (SELECT 1 FROM complaint_search s WHERE s.complaint_id = complaints.id AND s.tokens @@ ${query}::tsquery OFFSET 0)`;
              hi = bottom;
              return { rest };
            }
            const lo = Math.max(bottom, hi - Math.max(1, Math.round(size / perBucket)));
            seen += (hi - lo) * perBucket;
            const window = coverBuckets(lo, hi).map(tsLexeme).join(' | ');
            hi = lo;
            // The window's matches as an array computed first (an InitPlan), then complaints are
            // looked up by id: as a join or IN the planner often walked all of the window's
            // complaints by primary key to merge them with the matches.
            return { matches: sql<string[]>`ARRAY(SELECT complaint_id FROM complaint_search WHERE tokens @@ ${`${query} & (${window})`}::tsquery)` };
          },
          found(m, n, needed) {
            matched += m;
            got += n;
            // Rows per complaint so far (half a row when none yet), with a third more for luck.
            const want = (needed * seen * 1.3) / Math.max(got, 0.5);
            size = Math.min(MAX_GROWTH * size, Math.max(MIN_GROWTH * size, want));
            // Few older matches (a rare term): one window takes them all, saving the queries.
            const remaining = (hi - bottom) * perBucket;
            if (((matched + 1) * remaining) / Math.max(seen, 1) <= allAtOnce) {
              size = Infinity;
              return;
            }
            // Cost of the rest, in rows read: more windows fetch `needed` rows at `matched / got`
            // matches each (at most the older matches); the walk (OFFSET 0 keeps the EXISTS a
            // per-row check) reads about `needed` rows at `seen / matched` complaints each, fewer
            // when an index serves the filters. Walk only when clearly cheaper.
            const windowsCost = Math.min((needed * matched) / Math.max(got, 0.5), (matched * remaining) / Math.max(seen, 1));
            const walkCost = (needed * seen) / Math.max(matched, 1);
            walk = walkCost * 4 < windowsCost;
          },
        };
      },
    };
  },
};
