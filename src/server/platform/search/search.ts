import { sql, type Expression, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db, Dialect } from '../db/index.js';
import { indexTerms, queryTerms } from './analyzer.js';

/** One search interface over FTS5 (SQLite) and a GIN-indexed tsvector (PostgreSQL). */
export interface SearchIndex {
  /** Replaces a complaint's indexed text; call inside the transaction that writes it. */
  index(trx: Transaction<Database> | Db, complaintId: string, text: string): Promise<void>;
  /** An expression true for complaints matching every query term, or undefined for an empty query. */
  matches(q: string, idColumn?: string): Expression<SqlBool> | undefined;
}

export function createSearchIndex(dialect: Dialect): SearchIndex {
  return dialect === 'sqlite' ? sqliteIndex : postgresIndex;
}

const sqliteIndex: SearchIndex = {
  async index(trx, complaintId, text) {
    await trx.deleteFrom('complaint_search').where('complaint_id', '=', complaintId).execute();
    await trx.insertInto('complaint_search').values({ complaint_id: complaintId, tokens: indexTerms(text).join(' ') }).execute();
  },
  matches(q, idColumn = 'complaints.id') {
    const terms = queryTerms(q);
    if (!terms.length) return undefined;
    // Each term quoted as an FTS5 string: user input never reaches the query syntax.
    const match = terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
    return sql<SqlBool>`${sql.ref(idColumn)} IN (SELECT complaint_id FROM complaint_search WHERE complaint_search MATCH ${match})`;
  },
};

function tsLexeme(t: string): string {
  return `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

const postgresIndex: SearchIndex = {
  async index(trx, complaintId, text) {
    const terms = indexTerms(text);
    await sql`INSERT INTO complaint_search (complaint_id, tokens) VALUES (${complaintId}, array_to_tsvector(${terms}::text[]))
      ON CONFLICT (complaint_id) DO UPDATE SET tokens = excluded.tokens`.execute(trx);
  },
  matches(q, idColumn = 'complaints.id') {
    const terms = queryTerms(q);
    if (!terms.length) return undefined;
    const query = terms.map(tsLexeme).join(' & ');
    return sql<SqlBool>`${sql.ref(idColumn)} IN (SELECT complaint_id FROM complaint_search WHERE tokens @@ ${query}::tsquery)`;
  },
};
