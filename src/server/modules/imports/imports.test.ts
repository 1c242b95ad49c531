import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { CFPB_PRESET, NYC311_PRESET } from './import.presets.js';
import type { ImportMapping } from './import.schema.js';
import { rebuildRollups, reportsDb } from '../reports/rollups.js';
import { verifyAudit } from '../../platform/audit/audit.js';

const DATASETS = path.resolve(__dirname, '../../../../fixtures/datasets');

function multipart(filename: string, content: Buffer, mime = 'application/octet-stream') {
  const boundary = `----redress${crypto.randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The header and the first n records of a sample, written back as CSV (RFC 4180 quoting). */
function sampleHead(file: string, n: number): Buffer {
  const records = parse(fs.readFileSync(path.join(DATASETS, file), 'utf8'), { relax_column_count: true }) as string[][];
  const q = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from(records.slice(0, n + 1).map((r) => r.map(q).join(',')).join('\n') + '\n', 'utf8');
}

/** A GBK encoder built from the platform's decoder (Node has no GBK encoder): what Chinese Excel writes. */
function gbk(text: string): Buffer {
  const dec = new TextDecoder('gbk');
  const map = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(Uint8Array.from([a, b]));
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [a, b]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...(map.get(ch) ?? []));
  }
  return Buffer.from(out);
}

describe('imports', () => {
  let env: TestEnv;
  let admin: TestClient;

  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    admin = await env.client(['admin']);
  });
  afterAll(() => env.close());

  const upload = async (filename: string, content: Buffer, query = '') => {
    const res = await admin.request({ method: 'POST', url: `/api/v1/imports/uploads${query}`, ...multipart(filename, content) });
    return res;
  };
  const uploaded = async (filename: string, content: Buffer, query = '') => {
    const res = await upload(filename, content, query);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const runToEnd = async (uploadId: string, mapping: ImportMapping) => {
    const started = await admin.post(`/api/v1/imports/uploads/${uploadId}/runs`, { mapping });
    expect(started.statusCode, started.body).toBe(202);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const run = (await admin.get(`/api/v1/imports/runs/${started.json().id}`)).json();
      if (run.status === 'done' || run.status === 'failed') return run;
      if (Date.now() > deadline) throw new Error(`import run stuck: ${JSON.stringify(run)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const importedIds = async (source: string) => (await env.ctx.db.selectFrom('complaint_imports').select('complaint_id').where('source', '=', source).execute()).map((r) => r.complaint_id);

  it('imports 300 NYC 311 rows with the built-in preset; importing the file again creates none of them twice', async () => {
    const file = sampleHead('nyc_311/311_sample_2018-10-21.csv', 300);
    const up = await uploaded('311.csv', file);
    expect(up).toMatchObject({ format: 'csv', encoding: 'utf-8', rowCount: 300, suggestedPresetId: NYC311_PRESET.id });
    expect(up.headers).toContain('Unique Key');
    expect(up.preview[0]).toMatchObject({ row: 2, cells: expect.arrayContaining(['40611598']) });

    const dry = (await admin.post(`/api/v1/imports/uploads/${up.id}/dry-run`, { mapping: NYC311_PRESET.mapping })).json();
    expect(dry).toMatchObject({ total: 300, invalid: 0, alreadyImported: 0, errors: [] });
    expect(dry.valid + dry.duplicatesInFile).toBe(300);
    expect(await env.count('complaints')).toBe(0);

    const t0 = performance.now();
    const run = await runToEnd(up.id, NYC311_PRESET.mapping);
    const secs = (performance.now() - t0) / 1000;
    console.log(`NYC 311: ${run.processed} rows in ${secs.toFixed(2)} s (${Math.round(run.processed / secs)} rows/s; run says ${run.rowsPerSecond})`);
    expect(run).toMatchObject({ status: 'done', total: 300, processed: 300, created: dry.valid, failed: 0 });
    expect(await env.count('complaints')).toBe(dry.valid);
    // The imported upload's stored rows (personal data) are gone: it must be uploaded again.
    const expired = await admin.post(`/api/v1/imports/uploads/${up.id}/dry-run`, { mapping: NYC311_PRESET.mapping });
    expect([expired.statusCode, expired.json().code]).toEqual([409, 'upload_expired']);
    expect(Number((await env.ctx.db.selectFrom('import_rows').select((eb) => eb.fn.countAll().as('n')).where('upload_id', '=', up.id).executeTakeFirstOrThrow()).n)).toBe(0);

    // The same file again: every row is a duplicate.
    const again = await uploaded('311-again.csv', file);
    expect((await admin.post(`/api/v1/imports/uploads/${again.id}/dry-run`, { mapping: NYC311_PRESET.mapping })).json()).toMatchObject({ valid: 0, alreadyImported: dry.valid });
    const second = await runToEnd(again.id, NYC311_PRESET.mapping);
    expect(second).toMatchObject({ status: 'done', created: 0, skipped: 300, failed: 0 });
    expect(await env.count('complaints')).toBe(dry.valid);

    // Original times kept; the closed ones closed when the file says, with the city's answer as the reply.
    const c = await env.ctx.db.selectFrom('complaints').innerJoin('complaint_imports', 'complaint_imports.complaint_id', 'complaints.id').selectAll('complaints').where('external_id', '=', '40611598').executeTakeFirstOrThrow();
    expect(new Date(Number(c.created_at)).toISOString()).toBe('2018-10-21T04:00:00.000Z'); // 10/21/18 0:00 in New York
    expect(c).toMatchObject({ status: 'closed', channel: 'phone', subject: 'Derelict Vehicle / With License Plate', location_text: '73-42 68 AVENUE, MIDDLE VILLAGE, 11379' });
    const tl = (await admin.get(`/api/v1/complaints/${c.id}/timeline`)).json();
    const kinds = (tl.items ?? tl).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['created', 'reply', 'status_changed', 'imported']));
  });

  it('starts no SLA clock, notification or event for imported complaints', async () => {
    const ids = await importedIds('nyc311');
    expect(ids.length).toBeGreaterThan(0);
    expect(Number((await env.ctx.db.selectFrom('sla_clocks').select((eb) => eb.fn.countAll().as('n')).where('complaint_id', 'in', ids).executeTakeFirstOrThrow()).n)).toBe(0);
    expect(await env.count('notifications')).toBe(0);
    const events = await env.ctx.db.selectFrom('jobs').select('payload').where('type', '=', 'event').execute();
    expect(events.filter((e) => ids.some((id) => e.payload.includes(id)))).toEqual([]);
    // Every closed one is counted closed in the statistics, from its own dates.
    const closed = await env.ctx.db.selectFrom('complaints').select('id').where('id', 'in', ids).where('status', '=', 'closed').execute();
    expect(closed.length).toBeGreaterThan(0);
    const rdb = reportsDb(env.ctx.db);
    expect((await rdb.selectFrom('stats_facts').select('complaint_id').where('complaint_id', 'in', ids).execute()).length).toBe(ids.length);
    // The batched rollup update equals a rebuild from scratch.
    const snapshot = async () => (await rdb.selectFrom('stats_rollup').selectAll().execute()).map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, String(v)]))).sort();
    const incremental = await snapshot();
    await rebuildRollups(env.ctx);
    expect(incremental).toEqual(await snapshot());
    // Their timeline entries keep the file's times and are in the audit chain, which still verifies.
    expect((await verifyAudit(env.ctx.db)).ok).toBe(true);
    expect(Number((await env.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'complaint.imported').executeTakeFirstOrThrow()).n)).toBe(ids.length);
  });

  it('imports CFPB rows (narratives over several lines) with the built-in preset', async () => {
    const up = await uploaded('cfpb.csv', sampleHead('cfpb_consumer_complaints/complaints_sample_2015-2020.csv', 200));
    expect(up.suggestedPresetId).toBe(CFPB_PRESET.id);
    const dry = (await admin.post(`/api/v1/imports/uploads/${up.id}/dry-run`, { mapping: CFPB_PRESET.mapping })).json();
    expect(dry).toMatchObject({ total: 200, valid: 200, invalid: 0, errors: [] });
    const run = await runToEnd(up.id, CFPB_PRESET.mapping);
    expect(run).toMatchObject({ status: 'done', created: 200, skipped: 0, failed: 0 });
    const c = await env.ctx.db.selectFrom('complaints').innerJoin('complaint_imports', 'complaint_imports.complaint_id', 'complaints.id').selectAll('complaints').where('external_id', '=', '3384392').executeTakeFirstOrThrow();
    expect(c).toMatchObject({ status: 'closed', channel: 'web', subject: 'Attempts to collect debt not owed / Debt is not yours' });
    expect(c.description).toContain('transworld systems inc.');
    expect(c.description).toContain('TRANSWORLD SYSTEMS INC');
  });

  it('dry-runs an XLSX file: exactly its bad rows are listed and nothing is written', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('投诉');
    ws.addRow(['编号', '受理时间', '标题', '内容', '电话', '状态', '等级']);
    ws.addRow(['A-1', new Date(Date.UTC(2024, 2, 1, 9, 30)), '路灯不亮', '小区门口路灯坏了一周', '13800000001', '已办结', '4']);
    ws.addRow(['', '2024-03-02 10:00', '噪音', '夜间施工噪音', '', '', '']); // row 3: no id
    ws.addRow(['A-3', '2024-02-30', '井盖', '井盖缺失', '', '', '']); // row 4: no such day
    ws.addRow(['A-4', '2024/3/4', '停水', '停水三天', 'call me', '', '']); // row 5: phone
    ws.addRow(['A-5', '2024/3/5', '占道', '商户占道经营', '', '处理中', 'V']); // row 6: level
    ws.addRow(['A-6', '2024/3/6', '', '', '', '搁置', '']); // row 7: subject, description, status
    ws.addRow(['A-7', '2024年3月7日 08:15', '垃圾', '垃圾清运不及时', '', '', 'Ⅲ']);
    const up = await uploaded('bad.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(up).toMatchObject({ format: 'xlsx', encoding: null, rowCount: 7 });
    const mapping: ImportMapping = {
      source: 'xlsx-test',
      fields: { externalId: '编号', receivedAt: '受理时间', subject: ['标题'], description: ['内容'], complainantPhone: '电话', status: '状态', level: '等级' },
      timeZone: 'Asia/Shanghai',
    };
    const before = { complaints: await env.count('complaints'), imports: await env.count('complaint_imports'), audit: await env.count('audit_log'), runs: await env.count('import_runs') };
    const dry = (await admin.post(`/api/v1/imports/uploads/${up.id}/dry-run`, { mapping })).json();
    expect(dry.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [3, '编号', 'missing_external_id'],
      [4, '受理时间', 'invalid_date'],
      [5, '电话', 'invalid_phone'],
      [6, '等级', 'invalid_level'],
      [7, '标题', 'missing_subject'],
      [7, '内容', 'missing_description'],
      [7, '状态', 'unknown_status'],
    ]);
    expect(dry.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
    expect(dry).toMatchObject({ total: 7, valid: 2, invalid: 5, errorsTruncated: false });
    expect({ complaints: await env.count('complaints'), imports: await env.count('complaint_imports'), audit: await env.count('audit_log'), runs: await env.count('import_runs') }).toEqual(before);

    // The real run imports the good rows and reports the same errors.
    const run = await runToEnd(up.id, mapping);
    expect(run).toMatchObject({ created: 2, failed: 5 });
    expect(run.errors).toHaveLength(7);
    const first = await env.ctx.db.selectFrom('complaints').innerJoin('complaint_imports', 'complaint_imports.complaint_id', 'complaints.id').selectAll('complaints').where('source', '=', 'xlsx-test').where('external_id', '=', 'A-1').executeTakeFirstOrThrow();
    expect(new Date(Number(first.created_at)).toISOString()).toBe('2024-03-01T01:30:00.000Z'); // 09:30 wall time in Shanghai
    expect(first.status).toBe('closed');
  });

  it('reads a GBK CSV from Chinese Excel; its complaints are found by a two-character query', async () => {
    const text = '工单编号,来电时间,诉求标题,诉求内容,发生地点,市民姓名,联系电话\r\n' +
      'G-001,2023/11/5 21:40,小区夜间施工噪音扰民,金桂园小区旁工地每晚十一点后仍在施工，噪音很大,金桂园小区,王女士,13912345678\r\n' +
      'G-002,2023/11/6 08:10,道路积水,长江路与黄河路交叉口下雨后积水严重,长江路,,\r\n';
    const up = await uploaded('12345导出.csv', gbk(text));
    expect(up).toMatchObject({ encoding: 'gb18030', rowCount: 2 });
    expect(up.headers).toEqual(['工单编号', '来电时间', '诉求标题', '诉求内容', '发生地点', '市民姓名', '联系电话']);
    const mapping: ImportMapping = {
      source: 'hotline-2023',
      fields: { externalId: '工单编号', receivedAt: '来电时间', subject: ['诉求标题'], description: ['诉求内容'], place: ['发生地点'], complainantName: '市民姓名', complainantPhone: '联系电话' },
      timeZone: 'Asia/Shanghai',
    };
    const run = await runToEnd(up.id, mapping);
    expect(run).toMatchObject({ status: 'done', created: 2, failed: 0 });
    const found = (await admin.get(`/api/v1/complaints?q=${encodeURIComponent('噪音')}`)).json();
    expect(found.items.map((c: { subject: string }) => c.subject)).toEqual(['小区夜间施工噪音扰民']);
    // Personal data encrypted at rest like any intake.
    const c = await env.ctx.db.selectFrom('complaints').select('complainant_id').where('id', '=', found.items[0].id).executeTakeFirstOrThrow();
    const person = await env.ctx.db.selectFrom('complainants').selectAll().where('id', '=', c.complainant_id!).executeTakeFirstOrThrow();
    expect(person.name_enc).not.toContain('王女士');
    expect(env.ctx.fieldCrypto.decrypt(person.name_enc)).toBe('王女士');
    expect(person.phone_bidx).toBe(env.ctx.fieldCrypto.blindIndex('phone', '13912345678'));
    // A forced encoding is honoured: read as UTF-8 the bytes are refused.
    expect((await upload('x.csv', gbk(text), '?encoding=utf-8')).json().code).toBe('import_encoding');
  });

  it('refuses bad files and mappings with problem codes, and other roles', async () => {
    const bad = await upload('notes.pdf', Buffer.from('%PDF-1.4'));
    expect(bad.statusCode).toBe(415);
    expect(bad.json().code).toBe('import_file_type');
    const broken = await upload('broken.xlsx', Buffer.from('not a zip'));
    expect([broken.statusCode, broken.json().code]).toEqual([400, 'import_file_unreadable']);
    const empty = await upload('empty.csv', Buffer.from('a,b\n'));
    expect([empty.statusCode, empty.json().code]).toEqual([400, 'import_file_empty']);

    const up = await uploaded('small.csv', Buffer.from('\uFEFFid,title,text\n1,a,b\n'));
    expect(up.headers).toEqual(['id', 'title', 'text']);
    const res = await admin.post(`/api/v1/imports/uploads/${up.id}/dry-run`, { mapping: { source: 's', fields: { externalId: 'id', subject: ['Title'], description: ['text'] } } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'unknown_column', column: 'Title', field: 'subject' });
    const run = await admin.post(`/api/v1/imports/uploads/${up.id}/runs`, { mapping: { source: 's', fields: { externalId: 'nope', subject: ['title'], description: ['text'] } } });
    expect([run.statusCode, run.json().code]).toEqual([400, 'unknown_column']);

    const agent = await env.client(['intake_agent']);
    expect((await agent.get('/api/v1/imports/presets')).statusCode).toBe(403);
    expect((await agent.request({ method: 'POST', url: '/api/v1/imports/uploads', ...multipart('a.csv', Buffer.from('a\n1\n')) })).statusCode).toBe(403);
  });

  it('saves mapping presets next to the two built-in ones', async () => {
    const mapping: ImportMapping = { source: 'mine', fields: { externalId: 'id', subject: ['title'], description: ['text'] } };
    const saved = await admin.post('/api/v1/imports/presets', { name: '我的映射', mapping });
    expect(saved.statusCode).toBe(201);
    expect((await admin.post('/api/v1/imports/presets', { name: '我的映射', mapping })).statusCode).toBe(409);
    const list = (await admin.get('/api/v1/imports/presets')).json();
    expect(list.items.map((p: { name: string }) => p.name)).toEqual(['NYC 311', 'CFPB', '我的映射']);
    expect((await admin.delete(`/api/v1/imports/presets/${NYC311_PRESET.id}`)).statusCode).toBe(409);
    expect((await admin.delete(`/api/v1/imports/presets/${saved.json().id}`)).statusCode).toBe(204);
  });
});
