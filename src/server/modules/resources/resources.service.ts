// The resource library (应急资源): rules and transactions. Anyone with contingency.read reads it with
// contact details masked; resource.manage writes (a department-bound role only its departments'
// resources); pii.reveal shows one resource's contact details, with a reason, audited.
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can, workDepartmentIds } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { badRequest, forbidden, notFound } from '../../platform/http/problem.js';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.js';
import type { ResourceTable } from '../../platform/db/schema.js';
import * as repo from './resources.repo.js';
import { presentResource, searchNormalize, searchTextOf } from './resources.presenter.js';
import type { CreateResourceBody, ResourceListQuery, UpdateResourceBody } from './resources.schema.js';

const clean = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
const uniqueTags = (tags: readonly string[] | undefined) => [...new Set((tags ?? []).map((t) => t.trim()).filter(Boolean))];

export class ResourceService {
  constructor(private readonly ctx: AppContext) {}

  /** Department-bound managers (department heads) write only their departments' resources. */
  private checkDepartment(actor: Actor, departmentId: string | null) {
    if (can(actor, 'complaint.read_all')) return;
    if (!departmentId || !workDepartmentIds(actor).includes(departmentId)) throw forbidden('You manage only the resources of your departments');
  }

  private async checkDepartmentExists(id: string | null | undefined) {
    if (id && !(await this.ctx.db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst())) throw badRequest('unknown_department', `No department ${id}`);
  }

  private async load(id: string) {
    const r = await repo.getResource(this.ctx.db, id);
    if (!r) throw notFound('Resource');
    return r;
  }

  async list(q: ResourceListQuery) {
    const limit = q.limit ?? 50;
    const text = q.q ? searchNormalize(q.q) : '';
    const rows = await repo.listResources(this.ctx.db, { q: text || undefined, kind: q.kind, tag: q.tag?.trim(), departmentId: q.departmentId, lowStock: q.lowStock, includeInactive: q.includeInactive, before: decodeCursor(q.cursor), limit: limit + 1 });
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    return { items: page.map((r) => presentResource(r, this.ctx.fieldCrypto)), nextCursor: more ? encodeCursor(page[page.length - 1].id) : null };
  }

  async get(id: string) {
    return presentResource(await this.load(id), this.ctx.fieldCrypto);
  }

  async create(actor: Actor, b: CreateResourceBody) {
    const departmentId = b.departmentId ?? null;
    this.checkDepartment(actor, departmentId);
    await this.checkDepartmentExists(departmentId);
    const tags = uniqueTags(b.tags);
    const now = Date.now();
    const row: ResourceTable = {
      id: uuidv7(),
      kind: b.kind,
      name: b.name.trim(),
      description: b.description?.trim() ?? '',
      tags: JSON.stringify(tags),
      search_text: '',
      department_id: departmentId,
      contact_name_enc: this.ctx.fieldCrypto.encrypt(clean(b.contactName)),
      contact_phone_enc: this.ctx.fieldCrypto.encrypt(clean(b.contactPhone)),
      contact_email_enc: this.ctx.fieldCrypto.encrypt(clean(b.contactEmail)),
      quantity: b.quantity ?? null,
      unit: clean(b.unit),
      low_stock_threshold: b.lowStockThreshold ?? null,
      active: 1,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    };
    if (!row.name) throw badRequest('name_required', 'A resource needs a name');
    row.search_text = searchTextOf(row.name, row.description, tags);
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertResource(trx, row);
      // No contact details in the audit data: the log is not encrypted.
      await appendAudit(trx, { actorId: actor.id, action: 'resource.create', entityType: 'resource', entityId: row.id, data: { kind: row.kind, name: row.name, departmentId } });
    });
    return this.get(row.id);
  }

  async update(actor: Actor, id: string, b: UpdateResourceBody) {
    const cur = await this.load(id);
    this.checkDepartment(actor, cur.department_id);
    if (b.departmentId !== undefined) {
      this.checkDepartment(actor, b.departmentId);
      await this.checkDepartmentExists(b.departmentId);
    }
    const patch: Partial<ResourceTable> = { updated_at: Date.now() };
    if (b.kind !== undefined) patch.kind = b.kind;
    if (b.name !== undefined) {
      if (!b.name.trim()) throw badRequest('name_required', 'A resource needs a name');
      patch.name = b.name.trim();
    }
    if (b.description !== undefined) patch.description = b.description.trim();
    if (b.tags !== undefined) patch.tags = JSON.stringify(uniqueTags(b.tags));
    if (b.departmentId !== undefined) patch.department_id = b.departmentId;
    if (b.contactName !== undefined) patch.contact_name_enc = this.ctx.fieldCrypto.encrypt(clean(b.contactName));
    if (b.contactPhone !== undefined) patch.contact_phone_enc = this.ctx.fieldCrypto.encrypt(clean(b.contactPhone));
    if (b.contactEmail !== undefined) patch.contact_email_enc = this.ctx.fieldCrypto.encrypt(clean(b.contactEmail));
    if (b.quantity !== undefined) patch.quantity = b.quantity;
    if (b.unit !== undefined) patch.unit = clean(b.unit);
    if (b.lowStockThreshold !== undefined) patch.low_stock_threshold = b.lowStockThreshold;
    if (b.active !== undefined) patch.active = b.active ? 1 : 0;
    patch.search_text = searchTextOf(patch.name ?? cur.name, patch.description ?? cur.description, JSON.parse(patch.tags ?? cur.tags) as string[]);
    const changed = Object.keys(b).filter((k) => !k.startsWith('contact'));
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.updateResource(trx, id, patch);
      await appendAudit(trx, { actorId: actor.id, action: 'resource.update', entityType: 'resource', entityId: id, data: { fields: Object.keys(b), ...Object.fromEntries(changed.map((k) => [k, b[k as keyof UpdateResourceBody]])) } });
    });
    return this.get(id);
  }

  /** The contact details in clear, with the reason recorded in the audit log. */
  async reveal(actor: Actor, id: string, reason: string) {
    if (!can(actor, 'pii.reveal')) throw forbidden('Your role may not see personal data');
    const r = await this.load(id);
    await this.ctx.db.transaction().execute(async (trx) => {
      await appendAudit(trx, { actorId: actor.id, action: 'resource.contact_revealed', entityType: 'resource', entityId: id, data: { reason: reason.trim() } });
    });
    return presentResource(r, this.ctx.fieldCrypto, true);
  }
}
