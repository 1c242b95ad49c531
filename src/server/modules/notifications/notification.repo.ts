import type { Insertable, Transaction, Updateable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Database, NotificationTable, WebhookDeliveryTable, WebhookEndpointTable } from '../../platform/db/schema.js';

type Tx = Transaction<Database> | Db;

/** SQL for notifications, webhook endpoints and deliveries, and the read model fan-out needs. */

// Read model: what a notification says about a complaint, and who to tell (users, departments, plans).
export const complaintFacts = (db: Tx, id: string) =>
  db
    .selectFrom('complaints')
    .leftJoin('departments', 'departments.id', 'complaints.department_id')
    .select(['complaints.id', 'complaints.tracking_no', 'complaints.subject', 'complaints.level', 'complaints.status', 'complaints.department_id', 'complaints.owner_id', 'complaints.created_by', 'departments.name_zh as department_zh', 'departments.name_en as department_en'])
    .where('complaints.id', '=', id)
    .executeTakeFirst();
export type ComplaintFacts = NonNullable<Awaited<ReturnType<typeof complaintFacts>>>;

export const usersByIds = (db: Tx, ids: string[]) =>
  ids.length ? db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'roles', 'active', 'preferences']).where('id', 'in', ids).execute() : Promise.resolve([]);

export const findUser = (db: Tx, id: string) => db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'active', 'preferences']).where('id', '=', id).executeTakeFirst();

/** Active users holding a role (roles is JSON text; the match is on the quoted name). */
export const activeUsersWithRole = async (db: Tx, role: string) =>
  (await db.selectFrom('users').select(['id', 'roles']).where('active', '=', 1).where('roles', 'like', `%"${role}"%`).execute()).filter((u) => (JSON.parse(u.roles) as string[]).includes(role)).map((u) => u.id);

export const departmentMembers = (db: Tx, departmentId: string) =>
  db
    .selectFrom('user_departments')
    .innerJoin('users', 'users.id', 'user_departments.user_id')
    .select(['users.id', 'users.roles'])
    .where('user_departments.department_id', '=', departmentId)
    .where('users.active', '=', 1)
    .execute();

export const planSubmitter = async (db: Tx, planId: string) =>
  (await db.selectFrom('handling_plans').select(['submitted_by', 'decision_comment']).where('id', '=', planId).executeTakeFirst()) ?? undefined;

// Notifications.
export const insertNotification = async (trx: Tx, row: Insertable<NotificationTable>): Promise<boolean> =>
  (await trx.insertInto('notifications').values(row).onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing()).returning('id').execute()).length > 0;

export const getNotification = (db: Tx, id: string) => db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();

export const updateNotification = (db: Tx, id: string, patch: Updateable<NotificationTable>) => db.updateTable('notifications').set(patch).where('id', '=', id).execute();

export function listNotifications(db: Tx, userId: string, opts: { unreadOnly: boolean; beforeId?: string; limit: number }) {
  let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('in_app', '=', 1);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  return q.orderBy('id', 'desc').limit(opts.limit + 1).execute();
}

export const unreadCount = async (db: Tx, userId: string) =>
  Number((await db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).where('in_app', '=', 1).where('read_at', 'is', null).executeTakeFirstOrThrow()).n);

export const markRead = async (db: Tx, userId: string, id: string, at: number) =>
  Number((await db.updateTable('notifications').set({ read_at: at }).where('id', '=', id).where('user_id', '=', userId).where('in_app', '=', 1).where('read_at', 'is', null).executeTakeFirst()).numUpdatedRows);

export const markAllRead = async (db: Tx, userId: string, at: number) =>
  Number((await db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('in_app', '=', 1).where('read_at', 'is', null).executeTakeFirst()).numUpdatedRows);

// Webhooks.
export const listEndpoints = (db: Tx) => db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').execute();
export const activeEndpoints = (db: Tx) => db.selectFrom('webhook_endpoints').selectAll().where('active', '=', 1).execute();
export const getEndpoint = (db: Tx, id: string) => db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
export const insertEndpoint = (trx: Tx, row: Insertable<WebhookEndpointTable>) => trx.insertInto('webhook_endpoints').values(row).execute();
export const updateEndpoint = (trx: Tx, id: string, patch: Updateable<WebhookEndpointTable>) => trx.updateTable('webhook_endpoints').set(patch).where('id', '=', id).execute();
export const deleteEndpoint = async (trx: Tx, id: string) => {
  await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
  return Number((await trx.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst()).numDeletedRows);
};

export const insertDelivery = (db: Tx, row: Insertable<WebhookDeliveryTable>) => db.insertInto('webhook_deliveries').values(row).execute();
export function listDeliveries(db: Tx, endpointId: string, opts: { beforeId?: string; limit: number }) {
  let q = db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  return q.orderBy('id', 'desc').limit(opts.limit + 1).execute();
}
