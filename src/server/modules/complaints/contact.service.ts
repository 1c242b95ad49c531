import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { forbidden, notFound } from '../../platform/http/problem.js';
import * as repo from './complaint.repo.js';
import { canCallBack, canRevealPersonalData, canSee } from './complaint.policy.js';
import { presentComplainant, presentTimeline } from './complaint.presenter.js';
import { recordActivity } from './activity.js';
import type { CallBody } from './complaint.schema.js';

/**
 * Calling the complainant back (承办单位回复诉求人): revealing the contact details of one complaint's
 * complainant, and recording the calls made. Every reveal carries a reason and is audited.
 */
export class ContactService {
  constructor(private readonly ctx: AppContext) {}

  private async loadVisible(actor: Actor, id: string) {
    const c = await repo.getComplaint(this.ctx.db, id);
    if (!c || !canSee(actor, c)) throw notFound('Complaint');
    return c;
  }

  /**
   * Roles allowed to see personal data get all of it (timeline "pii_revealed"); the owner and the
   * handlers of the complaint's department get the name and phone number of this complaint's
   * complainant only (timeline "contact_viewed", 联系方式已查看).
   */
  async reveal(actor: Actor, id: string, reason: string) {
    const c = await this.loadVisible(actor, id);
    const full = canRevealPersonalData(actor);
    if (!full && !canCallBack(actor, c)) throw forbidden('Your role may not see personal data');
    if (!c.complainant_id) throw notFound('Complainant');
    const row = await repo.getComplainant(this.ctx.db, c.complainant_id);
    if (!row) throw notFound('Complainant');
    await this.ctx.db.transaction().execute(async (trx) => {
      await recordActivity(trx, { complaintId: id, actorId: actor.id, kind: full ? 'pii_revealed' : 'contact_viewed', body: reason, data: { complainantId: row.id } });
      await appendAudit(trx, { actorId: actor.id, action: full ? 'pii.reveal' : 'complainant.contact_viewed', entityType: 'complainant', entityId: row.id, data: { complaintId: id, reason } });
    });
    return presentComplainant(row, this.ctx.fieldCrypto, full ? 'full' : 'contact');
  }

  /** A call to or from the complainant, on the timeline (internal). */
  async recordCall(actor: Actor, id: string, body: CallBody) {
    await this.loadVisible(actor, id);
    if (!can(actor, 'complaint.note')) throw forbidden('Your role may not record calls');
    const note = body.note?.trim() || null;
    await this.ctx.db.transaction().execute(async (trx) => {
      await recordActivity(trx, { complaintId: id, actorId: actor.id, kind: 'call_recorded', body: note, data: { outcome: body.outcome, durationSec: body.durationSec ?? null } });
    });
    return { items: (await repo.listTimeline(this.ctx.db, id, false)).map(presentTimeline) };
  }
}
