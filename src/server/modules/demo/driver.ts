import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { ComplaintService } from '../complaints/complaint.service.js';
import { slaService } from '../sla/sla.js';
import { triageService } from '../triage/triage.service.js';
import type { DemoLocale, DemoOrg, DemoRole } from './org.js';
import { Rng } from './people.js';
import type { DemoItem } from './scenario.js';

/**
 * Moves one demo item through the desk, one step at a time, the way the staff would: each step reads
 * the complaint as the server has it (status, the level triage assigned, its plan, its deadline) and
 * takes the next action towards the item's fate with the role that may take it. A step returns the
 * time until the next one, or null when the item is where it should stay. Steps are idempotent
 * against the server's state, so an interrupted load can replay them.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const TEXT = {
  zh: {
    reject: ['诉求内容不明确，多次联系诉求人未果，不予受理', '反映事项已进入诉讼程序，不属于热线受理范围'],
    returnReason: ['该事项不属于本单位职责，请重新派单', '诉求涉及其他部门，退回重新分派'],
    requestInfo: ['请诉求人补充具体地址、时间及相关照片', '需诉求人提供合同及缴费凭证'],
    reopen: '诉求人对办理结果不满意，要求重新办理',
    answered: '当场答复',
    merge: '与此前来电反映同一事件，合并办理',
    contact: ['您好，您反映的问题已收悉，我单位已安排专人办理，将尽快答复。', '已与您电话联系，我们将于近日到现场核实情况。'],
    note: ['已电话联系诉求人，约定现场核查时间。', '已与属地街道对接，安排人员现场查看。', '已调取相关资料，正在核实。'],
    overrideReason: '受理员根据诉求内容改判分类',
    extension: '需协调多个部门现场会商，申请延期办理',
    supervise: '同一问题群众反映集中，请承办单位加快办理并及时回复',
    findings: ['经现场核实，诉求反映情况属实。', '经调查，问题部分属实，已责成相关单位整改。'],
    measures: ['责令责任单位限期整改，整改完成后回访诉求人。', '协调相关单位制定处置方案，并对受影响群众予以补偿。'],
    approve: '同意，按方案办理。',
    approveExtension: '同意延期，请在新期限内办结。',
  },
  en: {
    reject: ['Could not reach the caller to clarify the request', 'The matter is before a court and outside the service center’s remit'],
    returnReason: ['Not within our agency’s remit; please re-dispatch', 'Concerns another agency; sent back for re-dispatch'],
    requestInfo: ['Asked the caller for the exact address and photos', 'Asked the caller for the account statement'],
    reopen: 'The caller is not satisfied with the outcome',
    answered: 'Answered on the call',
    merge: 'Same event as an earlier call',
    contact: ['We have received your request and assigned an inspector; we will reply soon.', 'We called you back and will visit the site in the coming days.'],
    note: ['Called the complainant; site visit scheduled.', 'Inspector assigned; visit planned this week.', 'Records requested from the company.'],
    overrideReason: 'The agent corrected the category from the caller’s account',
    extension: 'Needs a joint site visit with another agency',
    supervise: 'Many callers report this; please speed up and reply promptly',
    findings: ['Site inspection confirmed the complaint.', 'Partly confirmed; the company was ordered to correct it.'],
    measures: ['Correction ordered with a deadline; the caller will be called back.', 'Remediation plan with compensation for the households affected.'],
    approve: 'Approved.',
    approveExtension: 'Extension approved; close it by the new date.',
  },
};

const EN_REPLIES = [
  'Thank you for contacting us. We investigated your complaint, the condition was corrected, and we sent you a written confirmation.',
  'We reviewed the account with the company, which agreed to remove the disputed item. Please allow 30 days for the update.',
  'A crew was dispatched and the condition has been corrected. Please contact us again if the problem recurs.',
];

export class DemoDriver {
  private readonly svc: ComplaintService;
  /** Complaint id of each item, by seq. */
  readonly ids = new Map<number, string>();
  /** Items whose category the agent confirmed (the model learns from each). */
  confirmations = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly org: DemoOrg,
    private readonly locale: DemoLocale,
    private readonly replies: string[],
    private readonly seed: number,
  ) {
    this.svc = new ComplaintService(ctx);
  }

  private A(role: DemoRole): Actor {
    return this.org.actors.get(role)!;
  }

  /** Per item and step, so that a replay makes the same choices. */
  private rng(it: DemoItem, step: string): Rng {
    let h = this.seed ^ (it.seq * 2654435761);
    for (const ch of step) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    return new Rng(h >>> 0);
  }

  async step(it: DemoItem): Promise<number | null> {
    const t = TEXT[this.locale];
    const id = this.ids.get(it.seq);
    if (!id) {
      const creator = it.body.channel === 'web' || it.body.channel === 'api' ? this.A('coordinator') : this.A('agent');
      const { complaint } = await this.svc.create(creator, it.body, `demo-${it.seq}`);
      this.ids.set(it.seq, complaint.id);
      return 5 * MIN + this.rng(it, 'created').int(40 * MIN);
    }
    const c = await this.svc.get(this.A('admin'), id);
    const r = this.rng(it, c.status + (c.plan?.status ?? ''));
    const act = (role: DemoRole, body: Parameters<ComplaintService['act']>[2]) => this.svc.act(this.A(role), id, body);
    switch (c.status) {
      case 'received': {
        if (it.fate === 'fresh') return null;
        if (it.fate === 'rejected') {
          await act('agent', { action: 'reject', reason: r.pick(t.reject) });
          return null;
        }
        if (it.fate === 'consult') {
          // 即时办结: the agent answers the question on the call and closes it in one step.
          await this.confirm(it, id, c.triage?.level ?? c.level, c.triage?.suggestion?.categoryId ?? null);
          await act('agent', { action: 'resolve_on_call', reason: t.answered });
          return null;
        }
        const target = it.mergeInto !== undefined ? this.ids.get(it.mergeInto) : undefined;
        if (it.fate === 'merged' && target) {
          await act('coordinator', { action: 'merge', targetId: target, reason: t.merge });
          return null;
        }
        await this.confirm(it, id, c.triage?.level ?? c.level, c.triage?.suggestion?.categoryId ?? null);
        await act('agent', { action: 'triage' });
        return 10 * MIN + r.int(2 * HOUR);
      }
      case 'triaged':
        if (it.fate === 'triaged' || it.fate === 'merged') return null;
        await act('agent', { action: 'assign', ownerId: r.chance(0.6) ? this.A('handler').id : undefined });
        return 30 * MIN + r.int(8 * HOUR);
      case 'assigned':
        if (it.fate === 'assigned') return null;
        if (it.fate === 'returned') {
          await act('handler', { action: 'return', reason: r.pick(t.returnReason) });
          return null;
        }
        await act('handler', { action: 'sign' });
        // First contact with the caller soon after signing (stops the first-response clock).
        if (r.chance(0.85)) await this.svc.addNote(this.A('handler'), id, { body: r.pick(t.contact), visibility: 'public' });
        return nextAfterSign(it, c.level, r);
      case 'returned':
        await act('coordinator', { action: 'assign' });
        return HOUR + r.int(4 * HOUR);
      case 'in_progress':
        return this.inProgress(it, id, c, r);
      case 'replied':
        if (it.fate === 'replied') return null;
        await act('coordinator', { action: 'follow_up' });
        return 2 * HOUR + r.int(DAY);
      case 'follow_up': {
        if (it.fate === 'follow_up') return null;
        const reopened = (await this.svc.timeline(this.A('admin'), id)).items.some((e) => (e as { data?: { action?: string } }).data?.action === 'reopen');
        if (!reopened && r.chance(0.08)) {
          await act('coordinator', { action: 'reopen', reason: t.reopen });
          return 4 * HOUR + r.int(2 * DAY);
        }
        await act('coordinator', { action: 'close' });
        return null;
      }
      default:
        return null;
    }
  }

  private async inProgress(it: DemoItem, id: string, c: Awaited<ReturnType<ComplaintService['get']>>, r: Rng): Promise<number | null> {
    const t = TEXT[this.locale];
    const act = (role: DemoRole, body: Parameters<ComplaintService['act']>[2]) => this.svc.act(this.A(role), id, body);
    const sla = slaService(this.ctx);
    switch (it.fate) {
      case 'in_progress':
      case 'overdue':
        if (r.chance(0.5)) await this.svc.addNote(this.A('handler'), id, { body: r.pick(t.note) });
        return null;
      case 'waiting':
        await act('handler', { action: 'request_info', reason: r.pick(t.requestInfo) });
        return null;
      case 'supervised':
        if (!(await sla.supervisions(this.A('coordinator'), id)).items.length) {
          await sla.supervise(this.A('coordinator'), id, { dueAt: new Date(Date.now() + 2 * DAY).toISOString(), note: t.supervise });
        }
        return null;
      case 'extended': {
        const exts = (await sla.extensions(this.A('handler'), id)).items;
        const pending = exts.find((e) => e.status === 'pending');
        if (pending) {
          const head = this.A('head').departmentIds.includes(c.departmentId ?? '') ? this.A('head') : this.A('leader');
          await sla.decideExtension(head, id, pending.id, { decision: 'approve', comment: t.approveExtension });
          return null;
        }
        const due = (await sla.clocks(this.A('handler'), id)).items.find((k) => k.kind === 'resolution')?.dueAt;
        if (exts.length || !due) return null;
        await sla.requestExtension(this.A('handler'), id, { reason: t.extension, newDueAt: new Date(Date.parse(due) + 10 * DAY).toISOString() });
        return HOUR + r.int(3 * HOUR);
      }
      case 'plan_pending':
        if (!c.plan) await this.submitPlan(id, r);
        return null;
    }
    // Towards the reply. Level Ⅰ–Ⅱ (as triage or staff set it, not as the source suggests) needs an
    // approved handling plan first.
    if (c.level <= 2 && c.plan?.status !== 'approved') {
      if (c.plan?.status === 'submitted') {
        await this.svc.decidePlan(this.A('leader'), id, { decision: 'approve', comment: t.approve });
        return 30 * MIN + r.int(3 * HOUR);
      }
      await this.submitPlan(id, r);
      return HOUR + r.int(6 * HOUR);
    }
    const message = this.locale === 'zh' ? r.pick(this.replies) : r.pick(EN_REPLIES);
    await act('handler', { action: 'reply', message });
    return 4 * HOUR + r.int(2 * DAY);
  }

  private async submitPlan(id: string, r: Rng): Promise<void> {
    const t = TEXT[this.locale];
    await this.svc.submitPlan(this.A('handler'), id, { findings: r.pick(t.findings), measures: r.pick(t.measures) });
  }

  /**
   * The agent's triage: the category the caller's matter belongs to (the source's own label), at the
   * level triage assigned. Confirmations teach the category model at once.
   */
  private async confirm(it: DemoItem, id: string, level: number, suggested: string | null): Promise<void> {
    const categoryId = this.org.categoryId.get(it.top);
    if (!categoryId) return;
    const t = TEXT[this.locale];
    await triageService(this.ctx).confirm(this.A('agent'), id, { categoryId, level, ...(suggested !== categoryId ? { reason: t.overrideReason } : {}) });
    this.confirmations++;
  }
}

/** The time from signing to the next step the item's fate needs. */
function nextAfterSign(it: DemoItem, level: number, r: Rng): number {
  switch (it.fate) {
    case 'supervised':
    case 'waiting':
    case 'plan_pending':
      return 2 * HOUR + r.int(DAY);
    case 'extended':
      return DAY + r.int(2 * DAY);
    default:
      return replyDelay(level, r);
  }
}

/** The time a handler takes to the reply: urgent cases within hours, routine ones within days. */
function replyDelay(level: number, r: Rng): number {
  return level <= 2 ? 4 * HOUR + r.int(16 * HOUR) : level === 3 ? DAY + r.int(3 * DAY) : 2 * DAY + r.int(12 * DAY);
}
