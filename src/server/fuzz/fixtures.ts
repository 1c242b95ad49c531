import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sampleComplaint, TEST_PASSWORD, type TestEnv } from '../test/harness.js';
import type { Role } from '../../shared/enums.js';
import { createEmergencyFixtures, type EmergencyFixtures } from './fixtures.emergency.js';

/**
 * What the fuzzer acts as and acts on. Sessions for the roles under test (department A, plus a
 * handler of department B who is aimed at department A's records), and real records of both
 * departments, created through the API: a complaint each (assigned), an attachment, an extension
 * request, a plan, a user, a category, a reply template, a webhook, a token. Path ids are read, per
 * operation, from the table the path names, so a new collection gets real ids without an edit here.
 */
export interface Session {
  label: string;
  roles: Role[];
  /** Their departments (a handler sees only these departments' complaints, a head also those below). */
  departmentIds: string[];
  userId: string;
  email: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  /** Sign in again (after the fuzzer called logout with this session). */
  renew(): Promise<void>;
}

export interface Fixtures {
  departmentA: string;
  departmentB: string;
  sessions: Session[];
  /** The handler of department B: department A's complaints must stay hidden from them. */
  outsider: Session;
  complaintA: string;
  complaintB: string;
  /** Real ids for a path parameter, read now (records made by earlier fuzzed requests count). */
  idsFor(path: string, param: string): Promise<string[]>;
  idsOfTable(table: string): Promise<string[]>;
  /** Every real id the fixtures made, for id-like body fields that no name hint matches. */
  allIds: string[];
  targetUserEmail: string;
  /** Plans, incident, statements, compensations, resources, on-call (fixtures.emergency.ts). */
  emergency: EmergencyFixtures;
}

/**
 * Path collections whose table the path does not name (see tableFor): a compensation is a
 * compensation_decisions row, a public notice a published incident statement.
 */
const TABLE_OF: Record<string, string> = { webhooks: 'webhook_endpoints', compensations: 'compensation_decisions', notices: 'incident_statements' };

/** Path parameters that are not ids: their values are read from a column of the named table. */
const KEY_COLUMN: Record<string, { table: string; column: string }> = { roleKey: { table: 'incident_roles', column: 'role_key' } };

async function session(env: TestEnv, label: string, roles: Role[], departmentIds: string[]): Promise<Session> {
  const c = await env.client(roles, departmentIds);
  let cookie = c.session!.cookie;
  let csrf = c.session!.csrfToken;
  return {
    label,
    roles,
    departmentIds,
    userId: c.userId,
    email: c.email,
    request: (o) => env.app.inject({ ...o, headers: { cookie: `redress_session=${cookie}`, 'x-csrf-token': csrf, ...(o.headers ?? {}) } }),
    async renew() {
      const login = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: c.email, password: TEST_PASSWORD }, remoteAddress: '127.0.0.2' });
      if (login.statusCode !== 200) throw new Error(`re-login of ${label} failed: ${login.statusCode} ${login.body}`);
      cookie = login.cookies.find((k) => k.name === 'redress_session')!.value;
      csrf = login.json().csrfToken as string;
    },
  };
}

function ok(r: LightMyRequestResponse, what: string): Record<string, unknown> {
  if (r.statusCode >= 300) throw new Error(`fuzz fixtures: ${what} → ${r.statusCode} ${r.body.slice(0, 300)}`);
  return r.body ? (r.json() as Record<string, unknown>) : {};
}

function multipart(filename: string, content: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----fuzz${crypto.randomBytes(6).toString('hex')}`;
  const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function createFixtures(env: TestEnv): Promise<Fixtures> {
  const departmentA = await env.department('甲局', 'Bureau A');
  const departmentB = await env.department('乙局', 'Bureau B');
  const admin = await session(env, 'admin', ['admin'], [departmentA]);
  const sessions = [
    admin,
    await session(env, 'intake_agent', ['intake_agent'], [departmentA]),
    await session(env, 'handler(A)', ['handler'], [departmentA]),
    await session(env, 'dept_head(A)', ['dept_head'], [departmentA]),
    await session(env, 'leader', ['leader'], [departmentA]),
    await session(env, 'analyst', ['analyst'], [departmentA]),
    // Statements are drafted by a PR officer or a coordinator (and approved by a PR officer).
    await session(env, 'pr_officer+coordinator(A)', ['pr_officer', 'coordinator'], [departmentA]),
  ];
  const outsider = await session(env, 'handler(B)→A', ['handler'], [departmentB]);
  sessions.push(outsider);
  const handlerA = sessions[2];
  const post = (s: Session, url: string, payload: unknown) => s.request({ method: 'POST', url, payload: payload as InjectOptions['payload'] });

  // The runner delivers events while the records are made (SLA clocks must run before an extension).
  env.ctx.jobs.start();
  const complaints: string[] = [];
  for (const dept of [departmentA, departmentB]) {
    const c = ok(await post(admin, '/api/v1/complaints', sampleComplaint({ departmentId: dept })), 'complaint');
    ok(await post(admin, `/api/v1/complaints/${String(c.id)}/actions`, { action: 'assign', departmentId: dept }), 'assign');
    complaints.push(String(c.id));
  }
  const [complaintA, complaintB] = complaints;
  ok(await admin.request({ method: 'POST', url: `/api/v1/complaints/${complaintA}/attachments`, ...multipart('现场.txt', '现场照片说明') }), 'attachment');
  ok(await post(handlerA, `/api/v1/complaints/${complaintA}/actions`, { action: 'sign' }), 'sign');
  await settle(env);
  ok(await post(handlerA, `/api/v1/complaints/${complaintA}/extensions`, { reason: '需要检测', newDueAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }), 'extension');
  ok(await post(handlerA, `/api/v1/complaints/${complaintA}/plans`, { findings: '线路老化', measures: '更换线路' }), 'plan');
  const target = ok(await post(admin, '/api/v1/users', { email: `target-${crypto.randomBytes(3).toString('hex')}@example.com`, name: '目标用户', password: 'target password 1', roles: ['handler'], departmentIds: [departmentA] }), 'user');
  const category = ok(await post(admin, '/api/v1/categories', { code: 'fuzz.cat', nameZh: '模糊测试', nameEn: 'Fuzz' }), 'category');
  ok(await post(admin, '/api/v1/reply-templates', { nameZh: '模板', nameEn: 'Template', kind: 'reply', bodyZh: '您好', bodyEn: 'Hello', categoryId: category.id }), 'template');
  // Webhooks to a closed local port: the fixtures never wait on another machine or on DNS.
  env.ctx.config.webhookAllowPrivate = true;
  ok(await post(admin, '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['*'], secret: 'a webhook secret 123' }), 'webhook');
  ok(await post(admin, '/api/v1/tokens', { email: String(target.email), name: 'fuzz token' }), 'token');

  const emergency = await createEmergencyFixtures(
    env,
    { admin, leader: sessions[4], handler: handlerA, drafter: sessions[6] },
    { departmentA, complaintA, userIds: [handlerA.userId, sessions[3].userId, sessions[4].userId] },
  );

  // Deliver the events so far (notifications, webhook and SLA rows exist), then stop the runner:
  // during fuzzing nothing may write behind a request's back, or the no-write check would lie.
  await settle(env);
  await env.ctx.jobs.stop();

  const tables = await tableNames(env, env.config.dialect);
  const mine = new Set(sessions.map((s) => s.userId));
  const allIds = new Set<string>([departmentA, departmentB, ...complaints, String(target.id), String(category.id), ...emergency.ids]);
  for (const t of ['attachments', 'sla_extensions', 'handling_plans', 'reply_templates', 'webhook_endpoints', 'api_tokens', 'clusters', 'notifications', 'jobs']) {
    for (const id of await idsOf(env, t)) allIds.add(id);
  }
  const fx: Fixtures = {
    departmentA,
    departmentB,
    sessions,
    outsider,
    complaintA,
    complaintB,
    allIds: [...allIds],
    targetUserEmail: String(target.email),
    emergency,
    async idsFor(path, param) {
      const key = KEY_COLUMN[param];
      if (key) return [...new Set([...emergency.roleKeys, ...(await valuesOf(env, key.table, key.column))])];
      const table = tableFor(path, param, tables);
      let ids = table ? await idsOf(env, table) : [];
      // Department A's records first, so the outsider is aimed at them.
      if (table === 'complaints') ids = [complaintA, complaintB, ...ids.filter((id) => id !== complaintA && id !== complaintB)];
      if (table === 'clusters') ids = [...new Set([...ids, complaintA])];
      // The fuzzing sessions' own accounts are never a path target: deactivating one would end the run.
      if (table === 'users') ids = [String(target.id), ...ids.filter((id) => !mine.has(id) && id !== String(target.id))];
      return ids;
    },
    async idsOfTable(table) {
      return tables.includes(table) ? idsOf(env, table) : [];
    },
  };
  return fx;
}

/** The oldest records (the fixtures') and the newest (made by fuzzed requests before this operation). */
async function idsOf(env: TestEnv, table: string): Promise<string[]> {
  const q = (dir: 'asc' | 'desc', n: number) => sql<{ id: unknown }>`SELECT id FROM ${sql.table(table)} ORDER BY id ${sql.raw(dir)} LIMIT ${n}`.execute(env.ctx.db);
  try {
    const [old, recent] = [await q('asc', 4), await q('desc', 2)];
    return [...new Set([...old.rows, ...recent.rows].map((r) => String(r.id)))];
  } catch {
    return []; // no id column
  }
}

async function valuesOf(env: TestEnv, table: string, column: string): Promise<string[]> {
  const rows = await sql<{ v: unknown }>`SELECT DISTINCT ${sql.ref(column)} AS v FROM ${sql.table(table)} LIMIT 8`.execute(env.ctx.db);
  return rows.rows.map((r) => String(r.v));
}

/**
 * The table a path parameter's records live in, from the path alone: /contingency/plans/{planId} →
 * contingency_plans, /incidents/{id}/tasks/{taskId} → incident_tasks, /reply-templates/{id} →
 * reply_templates, /tokens/{id} → api_tokens (the one table ending in _tokens). A new collection
 * finds its table without an edit here.
 */
export function tableFor(path: string, param: string, tables: string[]): string | undefined {
  const seg = path.split('/');
  const at = seg.indexOf(`{${param}}`);
  const name = (s: string | undefined) => (s ?? '').replace(/-/g, '_');
  const prev = name(seg[at - 1]);
  const before = seg[at - 2] ?? '';
  const parent = before.startsWith('{') ? name(seg[at - 3]) : '';
  const candidates = [
    !before.startsWith('{') && before ? `${name(before)}_${prev}` : '',
    parent ? `${parent.replace(/s$/, '')}_${prev}` : '',
    prev,
    TABLE_OF[seg[at - 1]] ?? '',
    ...tables.filter((t) => t.endsWith(`_${prev}`)),
  ];
  return candidates.find((c) => c && tables.includes(c));
}

async function tableNames(env: TestEnv, dialect: string): Promise<string[]> {
  const rows =
    dialect === 'postgres'
      ? await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(env.ctx.db)
      : await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(env.ctx.db);
  return rows.rows.map((r) => r.name);
}

async function settle(env: TestEnv, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    env.ctx.jobs.kick();
    await new Promise((r) => setTimeout(r, 30));
    const busy = await env.ctx.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => eb.or([eb('status', '=', 'running'), eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', Date.now())])]))
      .where('type', '!=', 'notify.webhook')
      .executeTakeFirstOrThrow();
    if (Number(busy.n) === 0 || Date.now() > until) return;
  }
}
