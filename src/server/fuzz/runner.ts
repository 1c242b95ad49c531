import crypto from 'node:crypto';
import fc from 'fast-check';
import type { TestEnv } from '../test/harness.js';
import { rolesAllow, type Permission } from '../../shared/permissions.js';
import { caseArbitrary, type IdPools } from './cases.js';
import type { Fixtures, Session } from './fixtures.js';
import { codeOf, describe, judge, type Finding } from './oracle.js';
import type { Operation } from './operations.js';
import { diff, type Snapshot, type Snapshotter } from './snapshot.js';

/**
 * Runs one operation's seeded, bounded fuzz cases for every session and collects findings instead
 * of throwing, so one run reports everything it saw (and fast-check never shrinks against a
 * database that the earlier cases changed). Each rejected (4xx) request must leave the database as
 * it found it.
 */
export interface RunOptions {
  seed: number;
  /** Cases per session allowed to call the operation. */
  runs: number;
  /** Cases per session the role table refuses (the authorization matrix covers those in depth). */
  refusedRuns: number;
  /**
   * Longest time one session may spend on one operation (ms); its remaining cases are skipped, not
   * failed. Bounds the whole run as routes are added (CI runs it on both databases, one file at a time).
   */
  timeLimitMs?: number;
}

/**
 * Writes a rejected request is allowed to leave, by operation: a failed sign-in is counted before
 * the password is checked (login throttling, issue 11) — that count is the point.
 */
const WRITES_ON_REJECTION: Record<string, RegExp> = {
  'POST /api/v1/auth/login': /^(rows|seq):(login_attempts|audit_log|audit_head)\b/,
  // Public portal: every attempt counts toward the address's limit before it is looked at (a bot check
  // redeemed by a submission the intake then refuses stays spent).
  'GET /api/v1/portal/challenge': /^rows:portal_rate_limits\b/,
  'POST /api/v1/portal/complaints': /^rows:(portal_rate_limits|portal_pow_used)\b/,
  'POST /api/v1/portal/track': /^rows:portal_rate_limits\b/,
  'POST /api/v1/portal/track/info': /^rows:portal_rate_limits\b/,
  'POST /api/v1/portal/track/survey': /^rows:portal_rate_limits\b/,
  'GET /api/v1/portal/surveys/{token}': /^rows:portal_rate_limits\b/,
  'POST /api/v1/portal/surveys/{token}': /^rows:portal_rate_limits\b/,
  'POST /api/v1/portal/attachments': /^rows:portal_rate_limits\b/,
};

/**
 * Writes made by timers, not by the request being checked: a learned triage model is saved
 * `learnDebounceMs` (fuzzable down to 0) after the last confirmation, audited by the system; a
 * learned sentiment model by the `opinion.sentiment.learn` job, shortly after a correction.
 */
const BACKGROUND_TABLES = /^(rows|seq):(triage_models|opinion_sentiment_models|audit_log|audit_head)$/;
const BACKGROUND_AUDIT_ACTIONS = new Set(['triage.model_saved', 'opinion.sentiment_model_saved']);

async function onlyBackgroundWrites(env: TestEnv, before: Snapshot, changed: string[]): Promise<boolean> {
  if (!changed.every((d) => BACKGROUND_TABLES.test(d.split(' ')[0]))) return false;
  const rows = await env.ctx.db.selectFrom('audit_log').select(['action', 'actor_id']).where('seq', '>', before['seq:audit_log'] ?? 0).execute();
  return rows.length > 0 && rows.every((r) => r.actor_id === null && BACKGROUND_AUDIT_ACTIONS.has(r.action));
}

export interface OperationResult {
  cases: number;
  /** Includes a 500 `response_contract_violation`: a response that does not match its declared schema is a real failure. */
  findings: Finding[];
  /** Responses by status and problem code ("201", "400 validation_failed"…): shows how deep the cases got. */
  statuses: Record<string, number>;
}

/**
 * Operations fuzzed with the first session only: a public route answers every caller alike, and a
 * logout ends the session (each renewal is a password hash, ~0.2 s).
 */
const ONE_SESSION = new Set(['POST /api/v1/auth/logout']);

const toFastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export function seedFor(base: number, ...parts: string[]): number {
  return crypto.createHash('sha256').update(`${base}:${parts.join(':')}`).digest().readInt32BE(0);
}

export async function fuzzOperation(env: TestEnv, fx: Fixtures, pools: IdPools, snap: Snapshotter, op: Operation, opts: RunOptions): Promise<OperationResult> {
  const route = env.app.apiRoutes.find((r) => r.method === op.method && r.url === toFastifyPath(op.path));
  const permission = route?.permission as Permission | undefined;
  const result: OperationResult = { cases: 0, findings: [], statuses: {} };
  const isLogin = op.key === 'POST /api/v1/auth/login';
  const sessions = route?.public || ONE_SESSION.has(op.key) || !route ? fx.sessions.slice(0, 1) : fx.sessions;
  for (const session of sessions) {
    const allowed = !permission || rolesAllow(session.roles, permission);
    const outsider = session === fx.outsider;
    // The outsider is aimed at department A's complaint; everyone else at any real record (A's and B's).
    const pathIds: Record<string, string[]> = {};
    for (const p of op.pathParams) pathIds[p.name] = outsider && p.collection === 'complaints' ? [fx.complaintA] : await fx.idsFor(op.path, p.name);
    const cases = caseArbitrary(op, pools, pathIds);
    // The snapshot after a rejected request (equal to the one before it) is the next request's "before".
    let last: Snapshot | undefined;
    const property = fc.asyncProperty(cases, async (c) => {
      result.cases++;
      const before = last ?? (await snap.take());
      last = undefined;
      const res = await session.request({
        method: c.method as 'GET',
        url: c.url,
        headers: c.headers,
        ...(c.payload === undefined ? {} : { payload: c.payload }),
        // Sign-in attempts come from many addresses, so the throttle never slows the sessions' own re-login.
        ...(isLogin ? { remoteAddress: `10.${result.cases % 250}.${(result.cases >> 8) % 250}.${1 + (crypto.randomInt(250))}` } : {}),
      });
      const status = `${res.statusCode}${res.statusCode >= 400 ? ` ${codeOf(res) ?? ''}` : ''}`;
      result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      result.findings.push(...judge(op, session.label, c, res));
      if (res.statusCode >= 400 && res.statusCode < 500) {
        const after = await snap.take();
        const changed = diff(before, after).filter((d) => !WRITES_ON_REJECTION[op.key]?.test(d));
        if (!changed.length) last = after;
        if (changed.length && !(await onlyBackgroundWrites(env, before, changed))) result.findings.push({ operation: op.key, session: session.label, kind: `write left behind by a rejected request: ${changed.join(', ')}`, status: res.statusCode, code: codeOf(res), input: describe(c), response: res.body.slice(0, 300) });
      }
      if (res.statusCode < 300 && op.path.startsWith('/api/v1/complaints/{id}') && c.params.id && (await hiddenFrom(env, session, c.params.id))) {
        result.findings.push({ operation: op.key, session: session.label, kind: 'another department’s complaint answered to a department-bound role', status: res.statusCode, code: codeOf(res), input: describe(c), response: res.body.slice(0, 300) });
      }
      if (res.statusCode < 300 && op.key === 'POST /api/v1/auth/logout') await session.renew();
      else if (res.statusCode === 401 && !isLogin) await session.renew();
      return true;
    });
    await fc.assert(property, { seed: seedFor(opts.seed, op.key, session.label), numRuns: allowed ? opts.runs : opts.refusedRuns, endOnFailure: true, ...(opts.timeLimitMs ? { interruptAfterTimeLimit: opts.timeLimitMs, markInterruptAsFailure: false } : {}) });
  }
  return result;
}

/**
 * The complaint lies outside this handler's departments (or this head's subtree) and is not theirs,
 * read after the request — a fuzzed assign or department move may have brought it in legitimately.
 * Roles that read every department are not bound (undefined → false).
 */
async function hiddenFrom(env: TestEnv, session: Session, complaintId: string): Promise<boolean> {
  const bound = session.roles.every((r) => r === 'handler' || r === 'dept_head');
  if (!bound) return false;
  const row = await env.ctx.db.selectFrom('complaints').select(['department_id', 'owner_id']).where('id', '=', complaintId).executeTakeFirst();
  if (!row || row.owner_id === session.userId) return false;
  let dept = row.department_id;
  const withSubtree = session.roles.includes('dept_head');
  for (let hops = 0; dept && hops < 50; hops++) {
    if (session.departmentIds.includes(dept)) return false;
    if (!withSubtree) break;
    const d = await env.ctx.db.selectFrom('departments').select('parent_id').where('id', '=', dept).executeTakeFirst();
    dept = d?.parent_id ?? null;
  }
  return true;
}
