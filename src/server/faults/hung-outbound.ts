// The "hung outbound" fault, shared by its test and the `faults` bench scenario: 100 webhook
// endpoints that never answer and a mail server that never greets, while complaints arrive. It
// measures what must not suffer: how late `complaint.created` reaches an SSE stream, and how late
// the SLA warning and breach timers fire (from the clock's own warn/due instants).
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { AppContext } from '../context.js';
import { openSse } from '../modules/notifications/notify.testkit.js';
import { hungHttpServer, hungSmtpServer } from './faultkit.js';

export interface Client {
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export interface HungOutboundOptions {
  ctx: AppContext;
  /** http://host:port of the listening app (the SSE stream is real HTTP). */
  baseUrl: string;
  admin: Client;
  agent: Client;
  /** Headers of a user who sees the complaints (SSE). */
  sseHeaders: Record<string, string>;
  departmentId: string;
  endpoints?: number;
  /** Complaints created before measuring, to fill the outbound lane with hung deliveries. */
  flood?: number;
  /** Complaints measured. */
  rounds?: number;
}

export interface HungOutboundResult {
  endpoints: number;
  /** Outbound jobs running (hung) when the measurement ended, and connections held open by the hung servers. */
  outboundActive: number;
  hungConnections: number;
  webhookJobsWaiting: number;
  sseLateMs: number[];
  /** How late each timer fired (the sla.* event's instant − the clock's warn/due instant). */
  warnLateMs: number[];
  breachLateMs: number[];
  /** How late its sla.* event reached the subscribers (delivery included). */
  warnDeliveredLateMs: number[];
  breachDeliveredLateMs: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export async function hungOutbound(o: HungOutboundOptions): Promise<HungOutboundResult> {
  const { ctx } = o;
  const endpoints = o.endpoints ?? 100;
  const hook = await hungHttpServer();
  const smtp = await hungSmtpServer();
  const fired = new Map<string, number>();
  const delivered = new Map<string, number>();
  const sse = await openSse(o.baseUrl, o.sseHeaders);
  try {
    ctx.notify.configure({ smtpUrl: smtp.url, webhookTimeoutMs: 10_000 });
    for (let i = 0; i < endpoints; i++) {
      const r = await o.admin.post('/api/v1/webhooks', { url: hook.url, eventTypes: ['*'], description: `hung ${i}` });
      if (r.statusCode !== 201) throw new Error(`webhook: ${r.statusCode} ${r.body}`);
    }
    // First response due 3 s after receipt, warned at half of it.
    const got = (await o.admin.get('/api/v1/sla/policies')).json();
    const fast = { id: 'faults', name: 'faults', match: {}, targets: { firstResponse: { value: 0.05, unit: 'minutes', mode: 'natural', warnRatio: 0.5 } } };
    const put = await o.admin.request({ method: 'PUT', url: '/api/v1/sla/policies', payload: { policies: [fast, ...got.policies], version: got.version } });
    if (put.statusCode !== 200) throw new Error(`policies: ${put.statusCode} ${put.body}`);
    for (const kind of ['warning', 'breached']) {
      ctx.events.on(`sla.${kind}`, (e) => {
        if (e.data.kind !== 'firstResponse') return;
        fired.set(`${kind}:${e.data.complaintId}`, e.at);
        delivered.set(`${kind}:${e.data.complaintId}`, Date.now());
      });
    }

    const create = async (subject: string) => {
      const r = await o.agent.post('/api/v1/complaints', {
        subject,
        description: '故障注入：所有 webhook 端点与邮件服务器都不应答。',
        channel: 'phone',
        level: 3,
        departmentId: o.departmentId,
        complainant: { name: '张三', phone: '13800000000' },
      });
      if (r.statusCode !== 201) throw new Error(`complaint: ${r.statusCode} ${r.body}`);
      return r.json().id as string;
    };
    for (let i = 0; i < (o.flood ?? 3); i++) await create(`积压 ${i}`);
    const outboundSlots = ctx.jobs.stats().lanes.outbound.slots;
    await until(() => ctx.jobs.stats().lanes.outbound.active >= outboundSlots, 'the outbound lane to fill with hung deliveries', 20_000);
    if (sse.status !== 200) throw new Error(`SSE: HTTP ${sse.status}`);
    await until(() => sse.messages.some((m) => m.event === 'ready'), 'the SSE stream', 10_000);

    const sseLateMs: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < (o.rounds ?? 5); i++) {
      const id = await create(`测量 ${i}`);
      const answered = Date.now();
      ids.push(id);
      await sse.next((m) => m.event === 'complaint.created' && m.data?.data?.complaintId === id, `complaint.created of ${id} on SSE`, 20_000);
      sseLateMs.push(Date.now() - answered);
    }
    const clocks = await ctx.db.selectFrom('sla_clocks').select(['complaint_id', 'warn_at', 'due_at']).where('kind', '=', 'firstResponse').where('complaint_id', 'in', ids).execute();
    await until(() => ids.every((id) => fired.has(`breached:${id}`) && fired.has(`warning:${id}`)), 'every SLA warning and breach', 30_000);
    const late = (m: Map<string, number>, kind: string, col: 'warn_at' | 'due_at') => clocks.map((c) => m.get(`${kind}:${c.complaint_id}`)! - Number(c[col]));
    const waiting = await ctx.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('type', '=', 'notify.webhook').where('status', 'in', ['pending', 'running']).executeTakeFirstOrThrow();
    return {
      endpoints,
      outboundActive: ctx.jobs.stats().lanes.outbound.active,
      hungConnections: hook.open() + smtp.open(),
      webhookJobsWaiting: Number(waiting.n),
      sseLateMs,
      warnLateMs: late(fired, 'warning', 'warn_at'),
      breachLateMs: late(fired, 'breached', 'due_at'),
      warnDeliveredLateMs: late(delivered, 'warning', 'warn_at'),
      breachDeliveredLateMs: late(delivered, 'breached', 'due_at'),
    };
  } finally {
    sse.close();
    // Stop delivering to the black holes before they close (the rest fails fast and is retried later).
    await ctx.db.updateTable('webhook_endpoints').set({ active: 0 }).execute();
    ctx.notify.configure({ smtpUrl: undefined });
    await hook.close();
    await smtp.close();
  }
}
