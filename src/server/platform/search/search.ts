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
  matches(q, idColumn = 'complaints.id') {
    const terms = queryTerms(q);
    if (!terms.length) return undefined;
    // Each term quoted as an FTS5 string: user input never reaches the query syntax.
    const match = terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
    // Matching rowids come straight from the FTS doclists; reading complaint_id from the FTS content
    // table instead cost 3–4× more for common terms (13k hits of 投诉 at 100k: 36 → 12 ms).
    return sql<SqlBool>`${sql.ref(idColumn)} IN (SELECT complaint_id FROM complaint_search_docs WHERE doc_id IN (SELECT rowid FROM complaint_search WHERE complaint_search MATCH ${match}))`;
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
