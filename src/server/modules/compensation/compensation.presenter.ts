import type { DecisionRow } from './compensation.repo.js';
import type { CompensationKind, CompensationOut, CompensationStatus } from './compensation.schema.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function presentCompensation(r: DecisionRow): CompensationOut {
  return {
    id: r.id,
    subjectType: r.subject_type as CompensationOut['subjectType'],
    subjectId: r.subject_id,
    planId: r.plan_id,
    kind: r.kind as CompensationKind,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    status: r.status as CompensationStatus,
    proposedBy: r.proposed_by,
    proposedAt: new Date(r.proposed_at).toISOString(),
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
    decisionNote: r.decision_note,
    paidBy: r.paid_by,
    paidAt: iso(r.paid_at),
    paymentDate: r.payment_date,
    paymentReference: r.payment_reference,
    cancelledBy: r.cancelled_by,
    cancelledAt: iso(r.cancelled_at),
  };
}

/** Sums in CNY (other currencies are listed but not added up). */
export function totalsOf(rows: DecisionRow[]) {
  const cny = rows.filter((r) => r.currency === 'CNY');
  const sum = (statuses: string[]) => cny.filter((r) => statuses.includes(r.status)).reduce((s, r) => s + r.amount, 0);
  return { proposed: sum(['proposed']), approved: sum(['approved', 'paid']), paid: sum(['paid']) };
}
