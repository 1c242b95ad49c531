// The SQL of /open311/v2. Reads only what the public may see: never the complainants table.
import type { Insertable, Transaction } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Database, Open311RequestTable } from '../../platform/db/schema.js';

type Tx = Transaction<Database> | Db;

/** Active categories marked public, by code. */
export const publicServices = (db: Tx) =>
  db
    .selectFrom('categories as c')
    .leftJoin('categories as p', 'p.id', 'c.parent_id')
    .select(['c.id', 'c.code', 'c.name_zh', 'c.name_en', 'c.keywords', 'c.default_department_id', 'p.name_zh as group_zh', 'p.name_en as group_en'])
    .where('c.is_public', '=', 1)
    .where('c.active', '=', 1)
    .orderBy('c.code')
    .execute();

export const publicServiceByCode = (db: Tx, code: string) =>
  db.selectFrom('categories').select(['id', 'code', 'name_zh', 'name_en']).where('code', '=', code).where('is_public', '=', 1).where('active', '=', 1).executeTakeFirst();

export const insertRequest = (trx: Tx, row: Insertable<Open311RequestTable>) => trx.insertInto('open311_requests').values(row).execute();

export interface RequestFilter {
  trackingNos?: string[];
  serviceCodes?: string[];
  from?: number;
  to?: number;
  statuses?: string[];
  limit: number;
}

/**
 * The requests Open311 shows, newest first: complaints submitted through Open311 itself (an
 * open311_requests row; the partner's user accepted publication there) that are still in a public
 * category. Complaints taken by phone, email, the portal, the API or an import are never shown,
 * whatever their category: their complainants did not agree to publication.
 */
export function findRequests(db: Tx, f: RequestFilter) {
  let q = db
    .selectFrom('complaints as c')
    .innerJoin('open311_requests as o', 'o.complaint_id', 'c.id')
    .innerJoin('categories as cat', 'cat.id', 'c.category_id')
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .select([
      'c.id',
      'c.tracking_no',
      'c.status',
      'c.description',
      'c.location_text',
      'c.lat',
      'c.lng',
      'c.created_at',
      'c.updated_at',
      'cat.code as service_code',
      'cat.name_zh as service_zh',
      'cat.name_en as service_en',
      'd.name_zh as dept_zh',
      'd.name_en as dept_en',
      'o.media_url',
      'o.address_id',
    ])
    .where('cat.is_public', '=', 1);
  if (f.trackingNos) q = q.where('c.tracking_no', 'in', f.trackingNos);
  if (f.serviceCodes) q = q.where('cat.code', 'in', f.serviceCodes);
  if (f.statuses) q = q.where('c.status', 'in', f.statuses);
  if (f.from !== undefined) q = q.where('c.created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('c.created_at', '<=', f.to);
  return q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(f.limit).execute();
}

/** The latest public timeline text of each complaint (a reply, a public note, a public reason). */
export async function latestPublicNotes(db: Tx, complaintIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < complaintIds.length; i += 500) {
    const rows = await db
      .selectFrom('timeline')
      .select(['complaint_id', 'body', 'created_at', 'id'])
      .where('complaint_id', 'in', complaintIds.slice(i, i + 500))
      .where('visibility', '=', 'public')
      .where('body', 'is not', null)
      .where('body', '!=', '')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    for (const r of rows) if (!out.has(r.complaint_id)) out.set(r.complaint_id, r.body!);
  }
  return out;
}

/** When each complaint's resolution deadline falls, while its SLA clock runs (expected_datetime). */
export async function resolutionDue(db: Tx, complaintIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < complaintIds.length; i += 500) {
    const rows = await db
      .selectFrom('sla_clocks')
      .select(['complaint_id', 'due_at'])
      .where('complaint_id', 'in', complaintIds.slice(i, i + 500))
      .where('kind', '=', 'resolution')
      .where('state', '=', 'running')
      .where('due_at', 'is not', null)
      .execute();
    for (const r of rows) out.set(r.complaint_id, Number(r.due_at));
  }
  return out;
}

export const requestByToken = (db: Tx, token: string) =>
  db
    .selectFrom('open311_requests as o')
    .innerJoin('complaints as c', 'c.id', 'o.complaint_id')
    .select(['c.tracking_no', 'o.complaint_id'])
    .where('o.complaint_id', '=', token)
    .executeTakeFirst();
