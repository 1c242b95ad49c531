// SSE resumption faults. Rows are written straight into the event log, as another instance commits
// them before this one has tailed them (its NOTIFY not yet heard).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../test/harness.js';
import { openSse, sleep, type SseClient } from '../modules/notifications/notify.testkit.js';

describe('faults: SSE resumption', () => {
  let env: TestEnv;
  let base: string;
  let dept: string;
  let other: string;
  let handler: TestClient;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    dept = await env.department();
    other = await env.department();
    handler = await env.client(['handler'], [dept]);
    base = await env.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await env.close();
  });

  const open = async (lastEventId?: number) => {
    const s = await openSse(base, { cookie: `redress_session=${handler.session!.cookie}`, ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) });
    streams.push(s);
    await s.next((m) => m.event === 'ready' || m.event === 'reset', 'ready');
    return s;
  };
  /** Rows committed by "another instance": the next seqs, for complaints of these departments. */
  const appendElsewhere = async (departments: string[]) =>
    env.ctx.db.transaction().execute(async (trx) => {
      const { value: last } = await trx
        .insertInto('counters')
        .values({ name: 'event_log', value: departments.length })
        .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', departments.length) })))
        .returning('value')
        .executeTakeFirstOrThrow();
      const first = Number(last) - departments.length + 1;
      for (const [i, d] of departments.entries()) {
        const complaintId = crypto.randomUUID();
        await trx
          .insertInto('event_log')
          .values({ seq: first + i, dedupe_key: `elsewhere-${complaintId}`, type: 'complaint.created', user_id: null, complaint_id: complaintId, department_id: d, owner_id: null, data: JSON.stringify({ id: complaintId, type: 'complaint.created', data: { complaintId } }), created_at: Date.now() })
          .execute();
      }
      return Array.from({ length: departments.length }, (_, i) => first + i);
    });
  const ids = (s: SseClient) => s.messages.filter((m) => m.id && m.event !== 'reset').map((m) => Number(m.id));

  it('a client whose Last-Event-ID is ahead of this instance gets none of those rows again', async () => {
    await open(); // the hub is tailing
    const seqs = await appendElsewhere([dept, dept, dept]);
    const s = await open(seqs[2]); // it saw them through another instance
    env.ctx.notify.live.poke();
    const next = await appendElsewhere([dept]);
    env.ctx.notify.live.poke();
    await s.next((m) => Number(m.id) === next[0], 'the next row');
    await sleep(200);
    expect(ids(s)).toEqual([next[0]]);
  });

  it('maxReplay counts only the rows this user may see', async () => {
    env.ctx.notify.configure({ maxReplay: 3 });
    const first = await open();
    const from = Number(first.messages.find((m) => m.event === 'ready')!.data.lastEventId);
    const seqs = await appendElsewhere([other, other, dept, other, other, other, other, dept, other, other]);
    env.ctx.notify.live.poke();
    await first.next((m) => Number(m.id) === seqs[7], 'the tail');
    const resumed = await open(from);
    await sleep(200);
    expect(resumed.messages.some((m) => m.event === 'reset')).toBe(false);
    expect(ids(resumed)).toEqual([seqs[2], seqs[7]]);
    env.ctx.notify.configure({ maxReplay: 1_000 });
  });
});
