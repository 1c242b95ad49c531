// CSV import of mentions by the PR officer: columns by header (Chinese names too), GBK files, one bad
// row refuses the whole file, a second import of the same file stores nothing new.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';

function multipart(filename: string, content: Buffer) {
  const boundary = `----redress${crypto.randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A GBK encoder from the platform's decoder (as imports.test.ts): what Chinese Excel writes. */
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
  for (const ch of text) out.push(...(ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : (map.get(ch) ?? [])));
  return Buffer.from(out);
}

const CSV = `链接,作者,发布时间,内容,转发,评论,点赞
https://weibo.example/a/1,家长甲,2026-12-04 20:30,学校食堂饭菜有异味，孩子吃完肚子疼,12,3,40
https://weibo.example/a/2,路人乙,2026-12-04 21:00,"地铁站的便民服务很好, 点赞",0,1,5
`;

describe('CSV import of mentions', () => {
  let env: TestEnv;
  let pr: TestClient;
  const upload = (c: TestClient, name: string, bytes: Buffer, query = '') => c.request({ method: 'POST', url: `/api/v1/opinion/mentions/import${query}`, ...multipart(name, bytes) });

  beforeAll(async () => {
    env = await createTestEnv();
    pr = await env.client(['pr_officer']);
  });
  afterAll(() => env.close());

  it('imports the rows (Chinese headers, GBK), scores and matches them; the same file again stores nothing', async () => {
    const w = await pr.post('/api/v1/opinion/watchlists', { name: '食堂', definition: { subjects: ['食堂'] } });
    const file = gbk(CSV);
    expect(file.equals(Buffer.from(CSV))).toBe(false);
    const r = await upload(pr, 'weibo.csv', file);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ rows: 2, created: 2, duplicates: 0 });
    const list = (await pr.get(`/api/v1/opinion/mentions?watchlistId=${w.json().id}`)).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ author: '家长甲', publishedAt: '2026-12-04T12:30:00.000Z', metrics: { reposts: 12, comments: 3, likes: 40 }, sourceKind: 'manual' });
    expect(list[0].sentiment.label).toBe('negative');
    expect((await upload(pr, 'weibo.csv', file)).json()).toEqual({ rows: 2, created: 0, duplicates: 2 });
    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'opinion.mentions_imported').execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses a file with a bad row (row numbers, nothing written), one without a text column, other roles', async () => {
    const before = await env.count('opinion_mentions');
    const bad = await upload(pr, 'bad.csv', Buffer.from('url,text,likes\nhttps://x.example/1,好,3\nhttps://x.example/2,,1\nhttps://x.example/3,差,many\n'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'import_row_errors', rowErrors: [{ row: 3, code: 'text_required' }, { row: 4, code: 'invalid_metric' }] });
    expect((await upload(pr, 'none.csv', Buffer.from('url,author\nhttps://x.example/1,a\n'))).json().code).toBe('import_no_text_column');
    expect((await upload(pr, 'x.pdf', Buffer.from('text\na\n'))).statusCode).toBe(415);
    expect((await upload(pr, 'x.csv', Buffer.from('text\na\n'), '?sourceId=nope')).statusCode).toBe(404);
    const leader = await env.client(['leader']);
    expect((await upload(leader, 'x.csv', Buffer.from('text\na\n'))).statusCode).toBe(403);
    expect(await env.count('opinion_mentions')).toBe(before);
  });
});
