// SQL for an incident's public statements (公开声明, migration 017): the statement, every revision of
// its text, and the approvals given to a revision. The only place that touches these tables.
import type { Insertable, Selectable, Transaction, Updateable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Database, IncidentStatementApprovalTable, IncidentStatementRevisionTable, IncidentStatementTable } from '../../platform/db/schema.js';

type Q = Db | Transaction<Database>;
export type StatementRow = Selectable<IncidentStatementTable>;
export type RevisionRow = Selectable<IncidentStatementRevisionTable>;
export type ApprovalRow = Selectable<IncidentStatementApprovalTable>;

const nums = ['revision', 'is_drill', 'created_at', 'updated_at', 'submitted_at', 'published_at', 'ended_at'] as const;
export function toStatement(r: StatementRow): StatementRow {
  const out = { ...r } as Record<string, unknown>;
  for (const k of nums) if (out[k] !== null && out[k] !== undefined) out[k] = Number(out[k]);
  return out as unknown as StatementRow;
}

export async function insertStatement(trx: Q, row: Insertable<IncidentStatementTable>): Promise<void> {
  await trx.insertInto('incident_statements').values(row).execute();
}

export async function findStatement(db: Q, id: string): Promise<StatementRow | undefined> {
  const r = await db.selectFrom('incident_statements').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toStatement(r);
}

export async function statementsOf(db: Q, incidentId: string): Promise<StatementRow[]> {
  return (await db.selectFrom('incident_statements').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute()).map(toStatement);
}

/** Updates only while the statement is in the status read (false: a concurrent change won). */
export async function updateStatement(trx: Q, id: string, fromStatus: string, patch: Updateable<IncidentStatementTable>): Promise<boolean> {
  const res = await trx.updateTable('incident_statements').set(patch).where('id', '=', id).where('status', '=', fromStatus).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertRevision(trx: Q, row: Insertable<IncidentStatementRevisionTable>): Promise<void> {
  await trx.insertInto('incident_statement_revisions').values(row).execute();
}

export async function revisionsOf(db: Q, statementId: string): Promise<RevisionRow[]> {
  const rows = await db.selectFrom('incident_statement_revisions').selectAll().where('statement_id', '=', statementId).orderBy('revision').execute();
  return rows.map((r) => ({ ...r, revision: Number(r.revision), created_at: Number(r.created_at) }));
}

export async function approvalsOf(db: Q, statementIds: string[]): Promise<ApprovalRow[]> {
  if (!statementIds.length) return [];
  const rows = await db.selectFrom('incident_statement_approvals').selectAll().where('statement_id', 'in', statementIds).orderBy('id').execute();
  return rows.map((r) => ({ ...r, revision: Number(r.revision), created_at: Number(r.created_at), voided_at: r.voided_at === null ? null : Number(r.voided_at) }));
}

export async function insertApproval(trx: Q, row: Insertable<IncidentStatementApprovalTable>): Promise<void> {
  await trx.insertInto('incident_statement_approvals').values(row).execute();
}

/** Voids the standing approvals of a statement (its text changed); returns how many. */
export async function voidApprovals(trx: Q, statementId: string, at: number): Promise<number> {
  const res = await trx.updateTable('incident_statement_approvals').set({ voided_at: at }).where('statement_id', '=', statementId).where('voided_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Published statements of real incidents (never a drill's): the public notice page. */
export async function publicNotices(db: Q, limit: number): Promise<StatementRow[]> {
  const rows = await db.selectFrom('incident_statements').selectAll().where('status', '=', 'published').where('is_drill', '=', 0).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toStatement);
}
