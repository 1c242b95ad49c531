import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { ReplyTemplateTable } from '../../platform/db/schema.js';

/** SQL for reply and note templates. */
export const listTemplates = (db: Db, includeInactive: boolean) => {
  let q = db.selectFrom('reply_templates').selectAll();
  if (!includeInactive) q = q.where('active', '=', 1);
  return q.orderBy('kind').orderBy('name_zh').execute();
};
export const findTemplate = (db: Db, id: string) => db.selectFrom('reply_templates').selectAll().where('id', '=', id).executeTakeFirst();
export const insertTemplate = (db: Db, row: Insertable<ReplyTemplateTable>) => db.insertInto('reply_templates').values(row).execute();
export const updateTemplate = (db: Db, id: string, patch: Updateable<ReplyTemplateTable>) => db.updateTable('reply_templates').set(patch).where('id', '=', id).execute();
