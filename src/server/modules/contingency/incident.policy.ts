// Pure rules for incidents (应急事件): who may see and command one, the status and task state
// machines, and the closing hook. No I/O.
import type { IncidentStatus, IncidentTaskStatus } from '../../../shared/contingency.js';
import { can, workDepartmentIds, type Actor } from '../../platform/auth/actor.js';

export interface IncidentFacts {
  department_id: string | null;
  commander_id: string | null;
  status: string;
}

/**
 * Readers who see every complaint see every incident; department-bound readers see their
 * departments' incidents (a head: the subtree) and any incident they are part of (`member`).
 */
export function canSeeIncident(actor: Actor, i: IncidentFacts, member: boolean): boolean {
  if (!can(actor, 'contingency.read')) return false;
  if (can(actor, 'complaint.read_all')) return true;
  return member || i.commander_id === actor.id || (!!i.department_id && workDepartmentIds(actor).includes(i.department_id));
}

/** incident.command: leaders and admins, or this incident's commander whatever their role. */
export function canCommand(actor: Actor, i: IncidentFacts): boolean {
  return can(actor, 'incident.command') || (!!i.commander_id && i.commander_id === actor.id && can(actor, 'contingency.read'));
}

/** Task progress (start, done, blocked): whoever commands, and the task's assignee. */
export function canWorkTask(actor: Actor, i: IncidentFacts, assigneeId: string | null): boolean {
  return canCommand(actor, i) || (!!assigneeId && assigneeId === actor.id && can(actor, 'contingency.read'));
}

/** Statuses in which the team works: tasks, roles, level changes and situation reports. */
export const isRunning = (status: string) => status === 'active' || status === 'stable';

const STATUS_MOVES: Record<IncidentStatus, IncidentStatus[]> = {
  // stable → active: it flared up again; resolved → active: reopened before closing.
  active: ['stable', 'resolved'],
  stable: ['active', 'resolved'],
  resolved: ['active', 'closed'],
  closed: [],
};

export function canMoveStatus(from: string, to: string): boolean {
  return (STATUS_MOVES[from as IncidentStatus] ?? []).includes(to as IncidentStatus);
}

/**
 * Whether an incident may close now. The hook for closure requirements: the post-incident review
 * (复盘) will add its check here. `ok: false` carries the problem code the route answers with (409).
 */
export type CloseCheck = { ok: true } | { ok: false; code: string; message: string };
/** `db` is the closing transaction (typed loosely here: this file does no I/O itself). */
export type CloseRequirement = (incident: IncidentFacts & { id: string; is_drill: number }, db: unknown) => CloseCheck | Promise<CloseCheck>;

const closeRequirements: CloseRequirement[] = [];

/** Adds a requirement every close must meet (e.g. a completed review). Registered once at start. */
export function addCloseRequirement(req: CloseRequirement): void {
  if (!closeRequirements.includes(req)) closeRequirements.push(req);
}

export async function canClose(incident: IncidentFacts & { id: string; is_drill: number }, db?: unknown): Promise<CloseCheck> {
  if (incident.status !== 'resolved') return { ok: false, code: 'incident_not_resolved', message: 'Only a resolved incident can be closed' };
  for (const req of closeRequirements) {
    const r = await req(incident, db);
    if (!r.ok) return r;
  }
  return { ok: true };
}

export type TaskAction = 'start' | 'done' | 'block' | 'assign';

const TASK_MOVES: Record<IncidentTaskStatus, Partial<Record<TaskAction, IncidentTaskStatus>>> = {
  open: { start: 'in_progress', done: 'done', block: 'blocked', assign: 'open' },
  in_progress: { done: 'done', block: 'blocked', assign: 'in_progress' },
  // start resumes a blocked task.
  blocked: { start: 'in_progress', done: 'done', assign: 'blocked' },
  done: {},
  cancelled: {},
};

/** The task's next status, or undefined when the action is not allowed from its current one. */
export function nextTaskStatus(from: string, action: TaskAction): IncidentTaskStatus | undefined {
  return TASK_MOVES[from as IncidentTaskStatus]?.[action];
}
