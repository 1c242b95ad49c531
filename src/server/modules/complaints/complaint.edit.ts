import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { badRequest, conflict, forbidden } from '../../platform/http/problem.js';
import * as repo from './complaint.repo.js';
import { checkLevelChange } from './level-change.js';
import { recordActivity } from './activity.js';
import type { UpdateComplaintBody } from './complaint.schema.js';
import { loadVisible } from './complaint.access.js';
import { getComplaintView } from './complaint.queries.js';
import { checkReachable, defaultChannel, detectLanguage, getPrefs, savePrefs, type ContactPrefs } from '../messaging/prefs.js';

/** PATCH edits of a complaint's fields, including level changes (lowering needs a reason). */
export async function updateComplaint(ctx: AppContext, actor: Actor, id: string, body: UpdateComplaintBody) {
  const c = await loadVisible(ctx, actor, id);
  // A leader may change only the level (triage.override); everything else needs complaint.edit.
  const levelOnly = Object.keys(body).every((k) => k === 'level' || k === 'reason');
  if (!can(actor, 'complaint.edit') && !(levelOnly && can(actor, 'triage.override'))) throw forbidden('Your role may not edit complaints');
  const lowering = body.level !== undefined ? checkLevelChange(actor, c.level, body.level, body.reason) : undefined;
  if (body.categoryId && !(await repo.categoryById(ctx.db, body.categoryId))) throw badRequest('unknown_category', `No category ${body.categoryId}`);
  const patch: Parameters<typeof repo.updateComplaint>[3] = { updated_at: Date.now() };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const set = <K extends keyof typeof patch>(k: K, v: (typeof patch)[K], from: unknown) => {
    if (v !== from) {
      patch[k] = v;
      changes[k as string] = { from, to: v };
    }
  };
  if (body.subject !== undefined) set('subject', body.subject, c.subject);
  if (body.description !== undefined) set('description', body.description, c.description);
  if (body.categoryId !== undefined) set('category_id', body.categoryId, c.category_id);
  if (body.level !== undefined) set('level', body.level, c.level);
  if (body.location?.text !== undefined) set('location_text', body.location.text, c.location_text);
  if (body.location?.lat !== undefined) set('lat', body.location.lat, c.lat);
  if (body.location?.lng !== undefined) set('lng', body.location.lng, c.lng);
  const f = body.flags ?? {};
  if (f.personalSafety !== undefined) set('flag_personal_safety', f.personalSafety ? 1 : 0, c.flag_personal_safety);
  if (f.propertyLoss !== undefined) set('flag_property_loss', f.propertyLoss ? 1 : 0, c.flag_property_loss);
  if (f.mediaAttention !== undefined) set('flag_media_attention', f.mediaAttention ? 1 : 0, c.flag_media_attention);
  if (f.vulnerableGroup !== undefined) set('flag_vulnerable_group', f.vulnerableGroup ? 1 : 0, c.flag_vulnerable_group);
  // The complainant's preferred channel and language (edited with the contact details).
  let prefs: ContactPrefs | undefined;
  if (body.preferredChannel !== undefined || body.preferredLanguage !== undefined) {
    const enc = c.complainant_id ? await repo.getComplainant(ctx.db, c.complainant_id) : undefined;
    const contact = { phone: ctx.fieldCrypto.decrypt(enc?.phone_enc), email: ctx.fieldCrypto.decrypt(enc?.email_enc) };
    const row = await getPrefs(ctx.db, id);
    const before: ContactPrefs = row
      ? { channel: row.channel as ContactPrefs['channel'], language: row.language as ContactPrefs['language'] }
      : { channel: defaultChannel(c.channel, contact), language: detectLanguage(`${c.subject}\n${c.description}`, ctx.config.locale) };
    if (body.preferredChannel !== undefined && body.preferredChannel !== before.channel) checkReachable(body.preferredChannel, contact);
    const after: ContactPrefs = { channel: body.preferredChannel ?? before.channel, language: body.preferredLanguage ?? before.language };
    if (after.channel !== before.channel) changes.preferred_channel = { from: before.channel, to: after.channel };
    if (after.language !== before.language) changes.preferred_language = { from: before.language, to: after.language };
    if (changes.preferred_channel || changes.preferred_language) prefs = after;
  }
  if (!Object.keys(changes).length) return getComplaintView(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateComplaint(trx, id, c.version, patch))) throw conflict('stale_version', 'The complaint changed meanwhile; reload and try again');
    if (prefs) await savePrefs(trx, id, prefs, actor.id, patch.updated_at ?? Date.now());
    if (patch.subject !== undefined || patch.description !== undefined || patch.location_text !== undefined) {
      await ctx.search.index(trx, id, `${patch.subject ?? c.subject}\n${patch.description ?? c.description}\n${patch.location_text ?? c.location_text ?? ''}`);
    }
    await recordActivity(trx, { complaintId: id, actorId: actor.id, kind: 'updated', body: body.reason ?? null, data: { changes, ...(lowering ? { levelLowered: lowering, reason: body.reason } : {}) } });
    await ctx.events.emit(trx, 'complaint.updated', { complaintId: id, changes: Object.keys(changes) });
  });
  ctx.events.flush();
  return getComplaintView(ctx, actor, id);
}
