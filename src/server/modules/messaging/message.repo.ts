// SQL of outbound messages (the only place in the module that queries them).
import type { Insertable, Transaction, Updateable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Database, OutboundMessageTable } from '../../platform/db/schema.js';

type Tx = Transaction<Database> | Db;

export const insertMessage = (trx: Tx, row: Insertable<OutboundMessageTable>) => trx.insertInto('outbound_messages').values(row).onConflict((oc) => oc.column('source_key').doNothing()).execute();
export const messageBySource = (db: Tx, sourceKey: string) => db.selectFrom('outbound_messages').select('id').where('source_key', '=', sourceKey).executeTakeFirst();
export const getMessage = (db: Tx, id: string) => db.selectFrom('outbound_messages').selectAll().where('id', '=', id).executeTakeFirst();
export const listMessages = (db: Tx, complaintId: string) => db.selectFrom('outbound_messages').selectAll().where('complaint_id', '=', complaintId).orderBy('id').execute();

/** Updates a message only while it is in one of `from` (a receipt and a send racing: the later state wins once). */
export async function moveMessage(trx: Tx, id: string, from: string[], patch: Updateable<OutboundMessageTable>): Promise<boolean> {
  const r = await trx.updateTable('outbound_messages').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The Message-IDs of the complaint's earlier emails, oldest first (threading). */
export async function earlierEmailIds(db: Tx, complaintId: string, beforeId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('outbound_messages')
    .select('email_message_id')
    .where('complaint_id', '=', complaintId)
    .where('channel', '=', 'email')
    .where('id', '<', beforeId)
    .where('status', 'in', ['sent', 'delivered'])
    .where('email_message_id', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.email_message_id!).slice(-20);
}

/** What a message needs of its complaint: tracking number, department, complainant. */
export const complaintForMessage = (db: Tx, id: string) =>
  db
    .selectFrom('complaints')
    .leftJoin('departments', 'departments.id', 'complaints.department_id')
    .select(['complaints.id', 'complaints.tracking_no', 'complaints.channel', 'complaints.complainant_id', 'complaints.subject', 'complaints.description', 'departments.name_zh', 'departments.name_en'])
    .where('complaints.id', '=', id)
    .executeTakeFirst();

export const complainantContact = (db: Tx, id: string) => db.selectFrom('complainants').select(['phone_enc', 'email_enc']).where('id', '=', id).executeTakeFirst();
