// The only SQL over the resource library.
import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database, ResourceTable } from '../../platform/db/schema.js';

type Q = Kysely<Database> | Transaction<Database>;
export type ResourceRow = Selectable<ResourceTable>;

export interface ResourceFilter {
  /** Already normalised (searchNormalize); matched as a substring of search_text. */
  q?: string;
  kind?: string;
  tag?: string;
  departmentId?: string;
  lowStock?: boolean;
  includeInactive?: boolean;
  /** Id of the last row of the previous page (newest first). */
  before?: string;
  limit: number;
}

/** `col LIKE '%text%'` with the text's wildcards escaped ('!' escapes; same on both databases). */
const contains = (col: 'search_text' | 'tags', text: string) => sql<boolean>`${sql.ref(col)} LIKE ${`%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`} ESCAPE '!'`;

export async function listResources(db: Q, f: ResourceFilter): Promise<ResourceRow[]> {
  let q = db.selectFrom('resources').selectAll();
  if (!f.includeInactive) q = q.where('active', '=', 1);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.departmentId) q = q.where('department_id', '=', f.departmentId);
  // Substring over the normalised text: Chinese has no word boundaries, so 口罩 finds 医用口罩 (a
  // scan, fine for a library of thousands of rows).
  if (f.q) q = q.where(contains('search_text', f.q));
  // Tags are a JSON array: the quoted tag matches a whole element.
  if (f.tag) q = q.where(contains('tags', JSON.stringify(f.tag)));
  if (f.lowStock) q = q.where('kind', '=', 'inventory').where('low_stock_threshold', 'is not', null).whereRef('quantity', '<=', 'low_stock_threshold');
  if (f.before) q = q.where('id', '<', f.before);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

export const getResource = (db: Q, id: string) => db.selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirst();
export const insertResource = (db: Q, row: Insertable<ResourceTable>) => db.insertInto('resources').values(row).execute();
export const updateResource = (db: Q, id: string, patch: Updateable<ResourceTable>) => db.updateTable('resources').set(patch).where('id', '=', id).execute();
