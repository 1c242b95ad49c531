import type { TestEnv } from '../test/harness.js';

/**
 * Business rules the records must still keep after every fuzzed request, checked once at the end
 * of a run: a wrong 2xx (a rule skipped) leaves a record no correct path can make, which the
 * per-request oracle (status, schema, writes on 4xx) cannot see. Each broken rule is one line.
 */
export async function brokenInvariants(env: TestEnv): Promise<string[]> {
  const db = env.ctx.db;
  const broken: string[] = [];

  // A statement was published only with a PR officer's and a leader's approval of its text, by two people.
  const published = await db.selectFrom('incident_statements').select(['id', 'revision', 'status']).where('published_at', 'is not', null).execute();
  for (const s of published) {
    const approvals = await db.selectFrom('incident_statement_approvals').select(['capacity', 'user_id']).where('statement_id', '=', s.id).where('revision', '=', s.revision).where('voided_at', 'is', null).execute();
    const capacities = new Set(approvals.map((a) => a.capacity));
    const people = new Set(approvals.map((a) => a.user_id));
    if (!capacities.has('pr_officer') || !capacities.has('leader') || people.size < 2) broken.push(`statement ${s.id} (${s.status}) published with approvals ${JSON.stringify(approvals)}`);
  }

  // A compensation is never decided by the one who proposed it.
  const own = await db.selectFrom('compensation_decisions').select(['id', 'status']).where('status', 'in', ['approved', 'paid']).whereRef('decided_by', '=', 'proposed_by').execute();
  for (const c of own) broken.push(`compensation ${c.id} (${c.status}) approved by its proposer`);
  // Paid only after approval: a paid one has its decision and payment day.
  const paid = await db.selectFrom('compensation_decisions').select('id').where('status', '=', 'paid').where((eb) => eb.or([eb('decided_at', 'is', null), eb('payment_date', 'is', null)])).execute();
  for (const c of paid) broken.push(`compensation ${c.id} paid without a decision or payment day`);

  // An incident closed only with a completed review.
  const closed = await db.selectFrom('incidents').leftJoin('incident_reviews', 'incident_reviews.incident_id', 'incidents.id').select(['incidents.id', 'incident_reviews.status']).where('incidents.status', '=', 'closed').execute();
  for (const i of closed) if (i.status !== 'completed') broken.push(`incident ${i.id} closed with review ${i.status ?? 'missing'}`);

  // A drill's statement is never a public notice.
  const notices = (await env.app.inject({ method: 'GET', url: '/api/v1/public/notices' })).json() as { items: { id: string }[] };
  const drills = new Set((await db.selectFrom('incident_statements').select('id').where('is_drill', '=', 1).execute()).map((r) => r.id));
  for (const n of notices.items) if (drills.has(n.id)) broken.push(`drill statement ${n.id} listed on /public/notices`);
  return broken;
}
