// The example plans and the exports a person files or prints: the three examples are valid and are
// installed published on a fresh database; Word, Markdown, JSON and the print page carry every chapter.
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { ensureFirstAdmin } from '../../bootstrap.js';
import { EXAMPLE_PLANS, exampleProblems } from './plan-examples.js';

let env: TestEnv;
let reader: TestClient;
const P = '/api/v1/contingency/plans';

/** One file out of a zip archive, read from its central directory (stored or deflated). */
function unzipEntry(zip: Buffer, name: string): string | undefined {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive');
  let at = zip.readUInt32LE(eocd + 16);
  const entries = zip.readUInt16LE(eocd + 10);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLen) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  return undefined;
}

const ZH_CHAPTERS = ['总则', '组织机构与职责', '预警与启动', '分级响应', '处置流程', '后期处置', '保障措施', '培训与演练', '预案管理'];
const EN_CHAPTERS = ['General provisions', 'Organisation and responsibilities', 'Early warning and activation', 'Graded response', 'Response procedure', 'Post-incident handling', 'Safeguards', 'Training and drills', 'Plan management'];

beforeAll(async () => {
  env = await createTestEnv();
  await ensureFirstAdmin(env.ctx, () => undefined);
  reader = await env.client(['handler']);
});
afterAll(() => env.close());

describe('example plans', () => {
  it('are valid, bilingual, and follow the usual steps (T+0 leader, T+30 group, T+1 h contact, T+2 h report, T+24 h reply)', () => {
    expect(EXAMPLE_PLANS.map((e) => e.key)).toEqual(['customer_complaints', 'canteen_food_safety', 'construction_site_opinion']);
    for (const e of EXAMPLE_PLANS) {
      expect(exampleProblems(e), e.key).toEqual([]);
      const offsets = e.content.steps.map((s) => s.offsetMinutes);
      for (const t of [0, 30, 60, 120, 1440]) expect(offsets, `${e.key} has a step at T+${t} min`).toContain(t);
      expect(e.content.roles.map((r) => r.key)).toEqual(expect.arrayContaining(['incident_commander', 'investigation_lead', 'communication_coordinator', 'pr_officer']));
      expect(e.content.levels.map((l) => l.level).sort()).toEqual([1, 2, 3, 4]);
      expect(e.content.templates.length).toBeGreaterThan(0);
    }
    expect(exampleProblems({ key: 'broken', content: { ...EXAMPLE_PLANS[0]!.content, reviewEveryDays: 0 } })).not.toEqual([]);
  });

  it('are installed published on a fresh database, once', async () => {
    const list = (await reader.get(P)).json();
    expect(list.items.map((i: { key: string }) => i.key).sort()).toEqual(['canteen_food_safety', 'construction_site_opinion', 'customer_complaints']);
    for (const item of list.items) expect(item).toMatchObject({ published: { version: 1, status: 'published' }, reviewDue: false });
    expect(list.items.find((i: { key: string }) => i.key === 'canteen_food_safety').title.zh).toBe('校园食堂食品安全投诉应急预案');
    await ensureFirstAdmin(env.ctx, () => undefined);
    expect(await env.count('contingency_plans')).toBe(3);
  });
});

describe('exports', () => {
  let url: string;
  beforeAll(async () => {
    const list = (await reader.get(P)).json();
    const canteen = list.items.find((i: { key: string }) => i.key === 'canteen_food_safety');
    url = `${P}/${canteen.id}/versions/1`;
  });

  it('Word: a valid .docx whose document.xml holds the Chinese title, the version and every chapter', async () => {
    const r = await reader.get(`${url}/export.docx?lang=zh-CN`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(r.headers['content-disposition']).toContain('canteen_food_safety-v1-zh-CN.docx');
    const zip = r.rawPayload;
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    const xml = unzipEntry(zip, 'word/document.xml');
    expect(xml).toBeDefined();
    expect(xml).toContain('校园食堂食品安全投诉应急预案');
    expect(xml).toContain('v1');
    expect(xml).toContain('已发布');
    for (const c of ZH_CHAPTERS) expect(xml, c).toContain(c);
    expect(xml).toContain('T+30分钟');
    const en = unzipEntry((await reader.get(`${url}/export.docx?lang=en`)).rawPayload, 'word/document.xml');
    expect(en).toContain('Campus canteen food safety complaint contingency plan');
    expect(en).not.toContain('校园食堂');
  });

  it('Markdown: headed with name, version, status and dates, one section per chapter, in the requested language only', async () => {
    const zh = await reader.get(`${url}/export.md?lang=zh-CN`);
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toContain('text/markdown');
    expect(zh.body.startsWith('# 校园食堂食品安全投诉应急预案\n')).toBe(true);
    expect(zh.body).toMatch(/\*\*版本\*\*: v1/);
    expect(zh.body).toMatch(/\*\*状态\*\*: 已发布/);
    expect(zh.body).toMatch(/\*\*发布时间\*\*: \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(zh.body).toMatch(/\*\*复审到期\*\*: \d{4}-/);
    const headings = zh.body.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toHaveLength(9);
    ZH_CHAPTERS.forEach((c, i) => expect(headings[i]).toContain(c));
    const en = (await reader.get(`${url}/export.md?lang=en`)).body;
    const enHeadings = en.split('\n').filter((l) => l.startsWith('## '));
    EN_CHAPTERS.forEach((c, i) => expect(enHeadings[i]).toContain(c));
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('JSON: the content as stored; print view: static escaped HTML with print CSS', async () => {
    const j = await reader.get(`${url}/export.json`);
    expect(j.statusCode).toBe(200);
    expect(j.json()).toMatchObject({ format: 'redress.contingency-plan', planKey: 'canteen_food_safety', version: 1, status: 'published' });
    expect(j.json().content).toEqual(EXAMPLE_PLANS[1]!.content);

    // A draft whose text holds markup: the print page shows it as text.
    const leader = await env.client(['leader']);
    const id = url.split('/')[5]!;
    await leader.post(`${P}/${id}/versions`, {});
    const content = { ...EXAMPLE_PLANS[1]!.content, general: { zh: '<script>alert(1)</script>总则', en: '<b>x</b>' } };
    expect((await leader.request({ method: 'PUT', url: `${P}/${id}/versions/2`, payload: { content } })).statusCode).toBe(200);
    const page = await reader.get(`${P}/${id}/versions/2/print?lang=zh-CN`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;总则');
    expect(page.body).not.toContain('<script');
    expect(page.body).toContain('@media print');
    expect(page.body).toContain('草稿');
    const md = (await reader.get(`${P}/${id}/versions/2/export.md?lang=zh-CN`)).body;
    expect(md).toContain('&lt;script&gt;');
  });
});
