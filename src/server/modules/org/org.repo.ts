import type { Insertable, Transaction, Updateable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { ApiTokenTable, CategoryTable, Database, DepartmentTable, UserTable } from '../../platform/db/schema.js';

type Tx = Transaction<Database> | Db;

/** SQL for departments, users, categories and API tokens. */

export const findUserByEmail = (db: Tx, email: string) => db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
export const findUser = (db: Tx, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
/** People who can sign in: system accounts (mail intake, public portal: password hash '!') are not counted. */
export const countUsers = async (db: Tx) => Number((await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('password_hash', '!=', '!').executeTakeFirstOrThrow()).n);

export async function insertUser(trx: Tx, row: Insertable<UserTable>, departmentIds: string[]): Promise<void> {
  await trx.insertInto('users').values(row).execute();
  if (departmentIds.length) await trx.insertInto('user_departments').values(departmentIds.map((d) => ({ user_id: row.id, department_id: d }))).execute();
}

export async function updateUser(trx: Tx, id: string, patch: Updateable<UserTable>, departmentIds?: string[]): Promise<void> {
  await trx.updateTable('users').set(patch).where('id', '=', id).execute();
  if (departmentIds) {
    await trx.deleteFrom('user_departments').where('user_id', '=', id).execute();
    if (departmentIds.length) await trx.insertInto('user_departments').values(departmentIds.map((d) => ({ user_id: id, department_id: d }))).execute();
  }
}

export async function listUsers(db: Tx) {
  const users = await db.selectFrom('users').select(['id', 'email', 'name', 'roles', 'locale', 'active', 'created_at']).orderBy('name').execute();
  const memberships = await db.selectFrom('user_departments').selectAll().execute();
  return users.map((u) => ({ ...u, departmentIds: memberships.filter((m) => m.user_id === u.id).map((m) => m.department_id) }));
}

export const userDepartments = async (db: Tx, userId: string) =>
  (await db.selectFrom('user_departments').select('department_id').where('user_id', '=', userId).execute()).map((r) => r.department_id);

export const deleteSessionsOf = (trx: Tx, userId: string) => trx.deleteFrom('sessions').where('user_id', '=', userId).execute();

export const listDepartments = (db: Tx) => db.selectFrom('departments').selectAll().orderBy('name_zh').execute();
export const findDepartment = (db: Tx, id: string) => db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
export const insertDepartment = (trx: Tx, row: Insertable<DepartmentTable>) => trx.insertInto('departments').values(row).execute();
export const updateDepartment = (trx: Tx, id: string, patch: Updateable<DepartmentTable>) => trx.updateTable('departments').set(patch).where('id', '=', id).execute();

export const listCategories = (db: Tx) => db.selectFrom('categories').selectAll().orderBy('code').execute();
export const findCategory = (db: Tx, id: string) => db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
export const findCategoryByCode = (db: Tx, code: string) => db.selectFrom('categories').selectAll().where('code', '=', code).executeTakeFirst();
export const insertCategory = (trx: Tx, row: Insertable<CategoryTable>) => trx.insertInto('categories').values(row).execute();
export const updateCategory = (trx: Tx, id: string, patch: Updateable<CategoryTable>) => trx.updateTable('categories').set(patch).where('id', '=', id).execute();

export const insertToken = (trx: Tx, row: Insertable<ApiTokenTable>) => trx.insertInto('api_tokens').values(row).execute();
export const listTokens = (db: Tx) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.name', 'api_tokens.scopes', 'api_tokens.created_at', 'api_tokens.last_used_at', 'api_tokens.revoked_at', 'users.email as user_email', 'users.id as user_id'])
    .orderBy('api_tokens.created_at', 'desc')
    .execute();
export const revokeToken = (trx: Tx, id: string, at: number) => trx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
