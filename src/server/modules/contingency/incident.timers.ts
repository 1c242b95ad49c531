// Incident deadlines on the one scheduler: a task-due job per task (an unfinished task is marked
// overdue and escalated to the commander and the leaders) and one situation-report reminder per
// incident at its level's cadence. Jobs are keyed by task / incident, so re-scheduling rewrites the
// same job, and a firing job re-reads the row first: a stale or duplicated job does nothing.
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../platform/db/schema.js';
import { cancelJobs, enqueue } from '../../platform/jobs/jobs.js';
import type { PlanContent } from '../../../shared/contingency.js';
import { getPlanVersion } from './contingency.plans.repo.js';
import { responseFor } from './incident.plan.js';
import { recordIncident } from './incident.timeline.js';
import * as repo from './incident.repo.js';
import { isRunning } from './incident.policy.js';
import { leaders } from '../sla/sla.repo.js';

type Trx = Transaction<Database>;

export const TASK_DUE_JOB = 'incident.task_due';
export const SITREP_DUE_JOB = 'incident.sitrep_due';

const taskKey = (taskId: string) => `incident.task:${taskId}`;

/**
 * A task is overdue once its due instant has passed by this much: a T+0 step ("notify the leader")
 * is not escalated in the same breath that created it.
 */
export const OVERDUE_GRACE_MS = 60_000;
const sitrepKey = (incidentId: string) => `incident.sitrep:${incidentId}`;

// Published plan versions never change, so their content is cached by version id.
const contents = new Map<string, PlanContent>();
export async function pinnedContent(db: Trx | AppContext['db'], versionId: string): Promise<PlanContent> {
  let c = contents.get(versionId);
  if (!c) {
    const v = await getPlanVersion(db, versionId);
    if (!v) throw new Error(`plan version ${versionId} is missing`);
    c = v.content;
    if (v.status !== 'draft') contents.set(versionId, c);
  }
  return c;
}

export async function scheduleTask(trx: Trx, taskId: string, dueAt: number, now: number): Promise<void> {
  await enqueue(trx, { type: TASK_DUE_JOB, payload: { taskId }, runAt: dueAt + OVERDUE_GRACE_MS, dedupeKey: taskKey(taskId), replace: true, maxAttempts: 20 }, now);
}

export async function cancelTaskTimers(trx: Trx, taskIds: string[]): Promise<void> {
  await cancelJobs(trx, taskIds.map(taskKey));
}

export async function scheduleSitrep(trx: Trx, incidentId: string, at: number, now: number): Promise<void> {
  await enqueue(trx, { type: SITREP_DUE_JOB, payload: { incidentId }, runAt: at, dedupeKey: sitrepKey(incidentId), replace: true, maxAttempts: 20 }, now);
}

export async function cancelSitrep(trx: Trx, incidentId: string): Promise<void> {
  await cancelJobs(trx, [sitrepKey(incidentId)]);
}

/** The level's cadence in ms, from the pinned plan version. */
export async function sitrepEveryMs(trx: Trx, incident: repo.IncidentRow, level = incident.level): Promise<number> {
  return responseFor(await pinnedContent(trx, incident.plan_version_id), level).sitrepEveryMinutes * 60_000;
}

export const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

export class IncidentTimers {
  constructor(private readonly ctx: AppContext) {}

  register(): void {
    this.ctx.jobs.register(TASK_DUE_JOB, (p: { taskId: string }) => this.onTaskDue(p.taskId));
    this.ctx.jobs.register(SITREP_DUE_JOB, (p: { incidentId: string }) => this.onSitrepDue(p.incidentId));
  }

  /** A task's due instant passed: unfinished → overdue once, escalated to the commander and the leaders. */
  async onTaskDue(taskId: string): Promise<void> {
    let emitted = false;
    await this.ctx.db.transaction().execute(async (trx) => {
      const first = await repo.findTask(trx, taskId);
      if (!first) return;
      const incident = await repo.lockIncident(trx, this.ctx.dialect, first.incident_id);
      const task = await repo.findTask(trx, taskId);
      if (!incident || !task || !isRunning(incident.status) || task.overdue_at !== null || task.status === 'done' || task.status === 'cancelled') return;
      const now = this.ctx.jobs.now();
      // Fired early (a skewed clock, or the due time moved): write the job again for the due instant.
      if (now < task.due_at + OVERDUE_GRACE_MS) return scheduleTask(trx, task.id, task.due_at, now);
      if (!(await repo.updateTask(trx, task.id, task.status, { overdue_at: now, escalated: 1, updated_at: now }))) return;
      const recipients = [...new Set([incident.commander_id, ...(await leaders(trx))].filter((x): x is string => !!x))];
      await recordIncident(trx, {
        incidentId: incident.id,
        actorId: null,
        kind: 'task_overdue',
        data: { taskId: task.id, stepKey: task.step_key, dueAt: iso(task.due_at), assigneeId: task.assignee_id, escalatedTo: recipients },
        at: now,
      });
      await this.ctx.events.emit(trx, 'incident.task_overdue', {
        ...eventBase(incident),
        taskId: task.id,
        stepKey: task.step_key,
        taskZh: task.title_zh,
        taskEn: task.title_en,
        assigneeId: task.assignee_id,
        dueAt: task.due_at,
        recipientUserIds: recipients,
      });
      emitted = true;
    });
    if (emitted) this.ctx.events.flush();
  }

  /**
   * The situation report is due: while the incident is active and none came in since, mark it overdue,
   * remind the commander, and remind again one cadence later until a report arrives.
   */
  async onSitrepDue(incidentId: string): Promise<void> {
    let emitted = false;
    let wake = Infinity;
    await this.ctx.db.transaction().execute(async (trx) => {
      const incident = await repo.lockIncident(trx, this.ctx.dialect, incidentId);
      if (!incident || incident.status !== 'active' || incident.sitrep_due_at === null) return;
      const now = this.ctx.jobs.now();
      if (now < incident.sitrep_due_at) {
        wake = incident.sitrep_due_at;
        return scheduleSitrep(trx, incident.id, incident.sitrep_due_at, now);
      }
      const every = await sitrepEveryMs(trx, incident);
      await repo.updateIncident(trx, incident.id, { sitrep_overdue_at: incident.sitrep_overdue_at ?? now, updated_at: now });
      const recipients = incident.commander_id ? [incident.commander_id] : await leaders(trx);
      await recordIncident(trx, { incidentId: incident.id, actorId: null, kind: 'sitrep_due', data: { dueAt: iso(incident.sitrep_due_at), overdue: true, remindedUserIds: recipients }, at: now });
      await this.ctx.events.emit(trx, 'incident.sitrep_due', { ...eventBase(incident), dueAt: incident.sitrep_due_at, overdue: true, recipientUserIds: recipients });
      await scheduleSitrep(trx, incident.id, now + every, now);
      wake = now + every;
      emitted = true;
    });
    if (emitted) this.ctx.events.flush();
    if (wake < Infinity) this.ctx.jobs.wake(wake);
  }
}

/**
 * What every incident event carries. Never a `complaintId`: the event bus partitions by it first,
 * and an incident's events must stay in the incident's partition.
 */
export function eventBase(i: repo.IncidentRow): Record<string, unknown> {
  return { incidentId: i.id, code: i.code, title: i.title, level: i.level, status: i.status, isDrill: !!i.is_drill, drill: !!i.is_drill, departmentId: i.department_id };
}
