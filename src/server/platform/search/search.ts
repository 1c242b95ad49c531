import { sql, type Expression, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db, Dialect } from '../db/index.js';
import { indexTerms, queryTerms } from './analyzer.js';

/**
 * How a list query uses the index. PostgreSQL: the GIN match is a condition on complaints.
 * SQLite: FTS5 drives the scan newest-first (its rowids follow creation order), so a page of a
 * common term stops after the first matches instead of collecting every hit and sorting.
 */
export type SearchPlan = { kind: 'filter'; where: Expression<SqlBool> } | { kind: 'ordered'; match: string };

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
    return { kind: 'filter', where: sql<SqlBool>`complaints.id IN (SELECT complaint_id FROM complaint_search WHERE tokens @@ ${query}::tsquery)` };
  },
};
