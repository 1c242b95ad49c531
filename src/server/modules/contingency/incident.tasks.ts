// Task progress in an incident: start, done, blocked (with a reason), assign / reassign. The
// commander and leaders may do all of it; the task's assignee may move their own task.
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/problem.js';
import { inTransaction, lockVisible, requireCommand, requireRunning } from './incident.access.js';
import { canWorkTask, nextTaskStatus, type TaskAction } from './incident.policy.js';
import { recordIncident } from './incident.timeline.js';
import { cancelTaskTimers, eventBase, iso } from './incident.timers.js';
import * as repo from './incident.repo.js';

export type TaskActionBody =
  | { action: 'start'; note?: string }
  | { action: 'done'; note?: string }
  | { action: 'block'; reason: string }
  | { action: 'assign'; assigneeId: string; note?: string };

export async function actOnTask(ctx: AppContext, actor: Actor, incidentId: string, taskId: string, body: TaskActionBody): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const incident = await lockVisible(ctx, trx, actor, incidentId);
    const task = await repo.findTask(trx, taskId);
    if (!task || task.incident_id !== incident.id) throw notFound('Task');
    if (body.action === 'assign') requireCommand(actor, incident);
    else if (!canWorkTask(actor, incident, task.assignee_id)) throw forbidden('Only the task’s assignee, the incident’s commander or a leader may update this task');
    requireRunning(incident);
    const to = nextTaskStatus(task.status, body.action as TaskAction);
    if (!to) throw conflict('task_transition_invalid', `A task that is ${task.status} cannot ${body.action}`, { state: task.status, action: body.action });
    const now = ctx.jobs.now();
    const patch: Parameters<typeof repo.updateTask>[3] = { status: to, updated_at: now };
    let data: Record<string, unknown> = { taskId: task.id, stepKey: task.step_key, from: task.status, to };
    switch (body.action) {
      case 'start':
        if (task.started_at === null) patch.started_at = now;
        patch.blocked_reason = null;
        data.note = body.note ?? null;
        break;
      case 'done':
        patch.done_at = now;
        patch.blocked_reason = null;
        data = { ...data, note: body.note ?? null, dueAt: iso(task.due_at), late: now > task.due_at };
        break;
      case 'block':
        patch.blocked_reason = body.reason;
        data.reason = body.reason;
        break;
      case 'assign': {
        if (!(await repo.activeUserIds(trx, [body.assigneeId])).has(body.assigneeId)) throw badRequest('unknown_user', 'No active user with that id');
        if (body.assigneeId === task.assignee_id) return;
        patch.assignee_id = body.assigneeId;
        data = { ...data, assigneeId: body.assigneeId, previousAssigneeId: task.assignee_id, note: body.note ?? null };
        break;
      }
    }
    if (!(await repo.updateTask(trx, task.id, task.status, patch))) throw conflict('task_transition_invalid', 'The task changed meanwhile; reload it', { state: task.status, action: body.action });
    if (to === 'done') await cancelTaskTimers(trx, [task.id]);
    const kind = body.action === 'block' ? 'task_blocked' : body.action === 'assign' ? 'task_assigned' : `task_${body.action === 'start' ? 'started' : 'done'}`;
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind, data, at: now });
    const base = { ...eventBase(incident), taskId: task.id, stepKey: task.step_key, taskZh: task.title_zh, taskEn: task.title_en, dueAt: task.due_at };
    if (body.action === 'assign') {
      await ctx.events.emit(trx, 'incident.task_assigned', { ...base, assigneeId: body.assigneeId, recipientUserIds: body.assigneeId === actor.id ? [] : [body.assigneeId] });
    } else {
      // Blocked tasks need the commander's attention; other progress is for live views and webhooks.
      const tell = body.action === 'block' && incident.commander_id && incident.commander_id !== actor.id ? [incident.commander_id] : [];
      await ctx.events.emit(trx, `incident.${kind}`, { ...base, taskStatus: to, ...(body.action === 'block' ? { reason: body.reason } : {}), recipientUserIds: tell });
    }
    after.emitted = true;
  });
}
