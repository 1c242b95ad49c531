import { describe, expect, it } from 'vitest';
import { COMPLAINT_ACTIONS, ROLES, STATUSES, type ComplaintAction, type Role, type Status } from '../../../shared/enums.js';
import { PERMISSIONS } from '../../../shared/permissions.js';
import { availableActions, decide, needsReason } from './lifecycle.js';

/**
 * The lifecycle as the issue states it, written out independently of lifecycle.ts's TRANSITIONS
 * table: for every state, the actions that are legal and where each one leads.
 */
const LEGAL: Record<Status, Partial<Record<ComplaintAction, Status>>> = {
  received: { triage: 'triaged', assign: 'assigned', reject: 'rejected', merge: 'merged', resolve_on_call: 'closed' },
  triaged: { triage: 'triaged', assign: 'assigned', reject: 'rejected', merge: 'merged', resolve_on_call: 'closed' },
  assigned: { assign: 'assigned', sign: 'in_progress', return: 'returned', merge: 'merged' },
  in_progress: { return: 'returned', request_info: 'waiting', reply: 'replied', merge: 'merged' },
  waiting: { resume: 'in_progress', merge: 'merged' },
  returned: { assign: 'assigned', reject: 'rejected', merge: 'merged' },
  replied: { follow_up: 'follow_up', close: 'closed', reopen: 'in_progress' },
  follow_up: { close: 'closed', reopen: 'in_progress' },
  closed: { reopen: 'in_progress' },
  rejected: {},
  merged: {},
};

const everyone: Role[] = [...ROLES];

describe('lifecycle decide(): the whole state × action matrix', () => {
  const cases = STATUSES.flatMap((s) => COMPLAINT_ACTIONS.map((a) => [s, a] as const));

  it.each(cases)('%s × %s', (state, action) => {
    const expected = LEGAL[state][action];
    const r = decide(state, action, everyone);
    if (expected) {
      expect(r).toEqual({ ok: true, to: expected });
    } else {
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.status).toBe(409);
      expect(r.code).toBe(`illegal_transition.${state}.${action}`);
      expect(r.message).toContain(state);
    }
  });

  it('covers all 11 states and 13 actions', () => {
    expect(cases).toHaveLength(STATUSES.length * COMPLAINT_ACTIONS.length);
    expect(Object.keys(LEGAL).sort()).toEqual([...STATUSES].sort());
  });
});

describe('lifecycle decide(): roles', () => {
  // A state where the action is legal, so only the role decides.
  const legalState = (a: ComplaintAction) => (Object.keys(LEGAL) as Status[]).find((s) => LEGAL[s][a])!;

  for (const action of COMPLAINT_ACTIONS) {
    const allowed = PERMISSIONS[`complaint.${action}`] as readonly Role[];
    it(`${action}: only ${allowed.join(', ')}`, () => {
      for (const role of ROLES) {
        const r = decide(legalState(action), action, [role]);
        if (allowed.includes(role)) expect(r.ok).toBe(true);
        else expect(r).toMatchObject({ ok: false, status: 403, code: 'forbidden' });
      }
    });
  }

  it('matches the roles the issue names for the key steps', () => {
    expect(decide('assigned', 'sign', ['handler']).ok).toBe(true);
    expect(decide('assigned', 'sign', ['intake_agent']).ok).toBe(false);
    expect(decide('received', 'triage', ['intake_agent']).ok).toBe(true);
    expect(decide('received', 'triage', ['handler']).ok).toBe(false);
    expect(decide('replied', 'close', ['coordinator']).ok).toBe(true);
    expect(decide('replied', 'close', ['handler']).ok).toBe(false);
    expect(decide('received', 'reject', ['handler']).ok).toBe(false);
    // An auditor reads everything and changes nothing.
    expect(STATUSES.flatMap((s) => availableActions(s, ['auditor']))).toEqual([]);
  });

  it('a wrong role is refused before the state is looked at (403, not 409)', () => {
    expect(decide('closed', 'sign', ['analyst'])).toEqual({ ok: false, status: 403, code: 'forbidden', message: 'Your role may not sign complaints' });
  });

  it('says in words why a step is not possible', () => {
    expect(decide('closed', 'sign', everyone)).toEqual({ ok: false, status: 409, code: 'illegal_transition.closed.sign', message: 'A complaint in state "closed" cannot be signed for' });
    expect(decide('merged', 'reply', everyone)).toEqual({ ok: false, status: 409, code: 'illegal_transition.merged.reply', message: 'A complaint in state "merged" cannot be given the action "reply"' });
  });

  it('several roles combine', () => {
    expect(decide('assigned', 'sign', ['analyst', 'handler']).ok).toBe(true);
  });
});

describe('lifecycle helpers', () => {
  it('availableActions lists exactly the legal, permitted actions', () => {
    expect(availableActions('in_progress', ['handler']).sort()).toEqual(['reply', 'request_info', 'return'].sort());
    expect(availableActions('received', ['intake_agent']).sort()).toEqual(['assign', 'merge', 'reject', 'resolve_on_call', 'triage'].sort());
    expect(availableActions('closed', ['coordinator'])).toEqual(['reopen']);
    expect(availableActions('merged', everyone)).toEqual([]);
  });

  it('return, request_info, reopen, reject and resolve_on_call need a reason', () => {
    expect(COMPLAINT_ACTIONS.filter(needsReason).sort()).toEqual(['reject', 'reopen', 'request_info', 'resolve_on_call', 'return']);
  });
});
