import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';

// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function multipart(filename: string, mime: string, content: Buffer, field = 'file') {
  const boundary = `----redress${crypto.randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('attachments', () => {
  let env: TestEnv;
  let dept: string;
  let handler: TestClient;
  let outsider: TestClient;
  let analyst: TestClient;
  let id: string;

  beforeAll(async () => {
    env = await createTestEnv();
    dept = await env.department();
    const other = await env.department();
    let agent: TestClient;
    [agent, handler, outsider, analyst] = await Promise.all([env.client(['intake_agent']), env.client(['handler'], [dept]), env.client(['handler'], [other]), env.client(['analyst'])]);
    id = (await agent.post('/api/v1/complaints', sampleComplaint({ departmentId: dept }))).json().id;
  });
  afterAll(() => env.close());

  const upload = (who: TestClient, filename: string, mime: string, content: Buffer, field?: string) =>
    who.request({ method: 'POST', url: `/api/v1/complaints/${id}/attachments`, ...multipart(filename, mime, content, field) });

  it('uploads a PNG and a text file, reporting sha256 and size, and downloads the same bytes', async () => {
    const text = Buffer.from('就餐小票：2025-03-01 午餐 18 元\n', 'utf8');
    for (const [filename, mime, content] of [
      ['小票.png', 'image/png', PNG],
      ['note.txt', 'text/plain', text],
    ] as const) {
      const r = await upload(handler, filename, mime, content);
      expect(r.statusCode, r.body).toBe(201);
      const a = r.json();
      expect(a).toMatchObject({ filename, mime, size: content.length, sha256: crypto.createHash('sha256').update(content).digest('hex'), uploadedBy: handler.userId });
      const dl = await handler.get(`/api/v1/complaints/${id}/attachments/${a.id}`);
      expect(dl.statusCode).toBe(200);
      expect(dl.headers['content-type']).toContain(mime);
      expect(dl.headers['x-content-type-options']).toBe('nosniff');
      expect(dl.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(filename)}`);
      expect(dl.rawPayload.equals(content)).toBe(true);
    }
    const list = (await handler.get(`/api/v1/complaints/${id}/attachments`)).json().items;
    expect(list.map((a: { filename: string }) => a.filename)).toEqual(['小票.png', 'note.txt']);
    const tl = (await handler.get(`/api/v1/complaints/${id}/timeline`)).json().items.filter((t: { kind: string }) => t.kind === 'attachment');
    expect(tl.map((t: { body: string }) => t.body)).toEqual(['小票.png', 'note.txt']);
  });

  it('refuses executables and mismatched names with 415, storing nothing', async () => {
    const before = await env.count('attachments');
    const exe = Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1');
    for (const [filename, mime, code] of [
      ['setup.exe', 'application/x-msdownload', 'attachment_type_not_allowed'],
      ['page.html', 'text/html', 'attachment_type_not_allowed'],
      ['logo.svg', 'image/svg+xml', 'attachment_type_not_allowed'],
      ['photo.exe', 'image/png', 'attachment_type_mismatch'],
    ] as const) {
      const r = await upload(handler, filename, mime, exe);
      expect(r.statusCode, filename).toBe(415);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json().code).toBe(code);
    }
    expect(await env.count('attachments')).toBe(before);
    const stored = fs.readdirSync(`${env.dataDir}/attachments`, { recursive: true }).map(String);
    expect(stored.some((f) => f.startsWith('tmp/') || f.startsWith('tmp\\'))).toBe(false);
  });

  it('refuses empty files and non-multipart bodies', async () => {
    let r = await upload(handler, 'empty.txt', 'text/plain', Buffer.alloc(0));
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('attachment_empty');
    r = await handler.post(`/api/v1/complaints/${id}/attachments`, { file: 'x' });
    expect(r.statusCode).toBe(415);
  });

  it('another department cannot upload or download; a read-only role cannot upload', async () => {
    const a = (await handler.get(`/api/v1/complaints/${id}/attachments`)).json().items[0];
    expect((await outsider.get(`/api/v1/complaints/${id}/attachments/${a.id}`)).statusCode).toBe(404);
    expect((await upload(outsider, 'x.txt', 'text/plain', Buffer.from('x'))).statusCode).toBe(404);
    expect((await upload(analyst, 'x.txt', 'text/plain', Buffer.from('x'))).statusCode).toBe(403);
    expect((await handler.get(`/api/v1/complaints/${id}/attachments/nope`)).statusCode).toBe(404);
  });
});
