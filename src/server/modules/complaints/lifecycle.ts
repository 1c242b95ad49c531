import type { ComplaintAction, Role, Status } from '../../../shared/enums.js';
import { complaintPermission, rolesAllow } from '../../../shared/permissions.js';

/**
 * The complaint lifecycle as a pure state machine: which action leads from which states to which
 * state. Who may take an action comes from the one permissions table.
 *
 *   received → triaged → assigned → in_progress → replied → follow_up → closed
 *   assigned → returned (退单) → assigned …      in_progress ⇄ waiting (on the complainant)
 *   received|triaged|returned → rejected (不予受理)   open states → merged
 *   replied|follow_up|closed → in_progress (重办 reopen)
 *   received|triaged → closed (即时办结 resolve_on_call: answered on the call)
 */
interface Transition {
  from: readonly Status[];
  to: Status;
  /** Actions that must carry a reason (shown on the timeline). */
  needsReason?: boolean;
}

const OPEN: readonly Status[] = ['received', 'triaged', 'assigned', 'in_progress', 'returned', 'waiting'];

export const TRANSITIONS: Record<ComplaintAction, Transition> = {
  triage: { from: ['received', 'triaged'], to: 'triaged' },
  assign: { from: ['received', 'triaged', 'returned', 'assigned'], to: 'assigned' },
  sign: { from: ['assigned'], to: 'in_progress' },
  return: { from: ['assigned', 'in_progress'], to: 'returned', needsReason: true },
  request_info: { from: ['in_progress'], to: 'waiting', needsReason: true },
  resume: { from: ['waiting'], to: 'in_progress' },
  reply: { from: ['in_progress'], to: 'replied' },
  follow_up: { from: ['replied'], to: 'follow_up' },
  close: { from: ['replied', 'follow_up'], to: 'closed' },
  reopen: { from: ['replied', 'follow_up', 'closed'], to: 'in_progress', needsReason: true },
  reject: { from: ['received', 'triaged', 'returned'], to: 'rejected', needsReason: true },
  merge: { from: OPEN, to: 'merged' },
  resolve_on_call: { from: ['received', 'triaged'], to: 'closed', needsReason: true },
};

export type TransitionResult =
  | { ok: true; to: Status }
  | { ok: false; status: 403 | 409; code: string; message: string };

export function decide(state: Status, action: ComplaintAction, roles: readonly Role[]): TransitionResult {
  const t = TRANSITIONS[action];
  if (!rolesAllow(roles, complaintPermission(action))) {
    return { ok: false, status: 403, code: 'forbidden', message: `Your role may not ${action} complaints` };
  }
  if (!t.from.includes(state)) {
    return {
      ok: false,
      status: 409,
      code: `illegal_transition.${state}.${action}`,
      message: `A complaint in state "${state}" cannot be ${action === 'sign' ? 'signed for' : `given the action "${action}"`}`,
    };
  }
  return { ok: true, to: t.to };
}

/** Actions this role may take in this state — the web app shows exactly these buttons. */
export function availableActions(state: Status, roles: readonly Role[]): ComplaintAction[] {
  return (Object.keys(TRANSITIONS) as ComplaintAction[]).filter((a) => decide(state, a, roles).ok);
}

export function needsReason(action: ComplaintAction): boolean {
  return !!TRANSITIONS[action].needsReason;
}
