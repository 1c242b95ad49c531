// Imports end to end: an admin uploads part of the NYC 311 sample at /admin/imports, the built-in
// preset is recognised, the dry run lists what would happen, the import runs with progress, and a
// second run of the same file creates nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, launch, login, newContext, root, shot, startServer, type Server, type Watch } from './harness.js';

let server: Server;
let browser: Browser;
let file: string;
const watch: Watch = { consoleErrors: [], dialogs: [] };
const ROWS = 60;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const records = parse(fs.readFileSync(path.join(root, 'fixtures/datasets/nyc_311/311_sample_2018-10-21.csv'), 'utf8')) as string[][];
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'redress-e2e-import-')), 'nyc311.csv');
  fs.writeFileSync(file, records.slice(0, ROWS + 1).map((r) => r.map(q).join(',')).join('\n') + '\n');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

describe('imports', () => {
  const importOnce = async (expectCreated: (n: number) => void, tag: string) => {
    const ctx = await newContext(browser, watch);
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    await login(page, server.url, ADMIN.email, ADMIN.password);
    await page.locator('a[href="/admin/imports"]').click();
    await page.getByRole('heading', { name: '导入历史投诉' }).waitFor();
    await page.locator('input[type="file"]').setInputFiles(file);
    const uploadCard = page.locator('[data-testid="import-upload"]');
    await uploadCard.waitFor();
    expect(await uploadCard.textContent()).toContain(`${ROWS} 行`);
    // The file's header matches the built-in NYC 311 mapping: it is chosen for it.
    await page.getByText('与文件表头相符').waitFor();
    await shot(page, `imports-${tag}-01-mapping`);
    await page.getByRole('button', { name: '试运行' }).click();
    const dry = page.locator('[data-testid="import-dry-run"]');
    await dry.waitFor();
    await dry.getByText('所有行均通过校验').waitFor();
    await shot(page, `imports-${tag}-02-dry-run`);
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    const run = page.locator('[data-testid="import-run"]');
    await run.getByText('已完成').waitFor({ timeout: 30_000 });
    await run.scrollIntoViewIfNeeded();
    await shot(page, `imports-${tag}-03-done`);
    const created = Number(/新建\s*(\d+)/.exec((await run.textContent()) ?? '')?.[1]);
    expectCreated(created);
    await ctx.close();
  };

  it('imports the NYC 311 rows with the recognised preset', async () => {
    await importOnce((n) => expect(n).toBeGreaterThan(50), 'first');
  });

  it('creates nothing when the same file is imported again', async () => {
    await importOnce((n) => expect(n).toBe(0), 'again');
  });

  it('raised no dialogs and logged no console errors', () => {
    expect(watch.dialogs).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});
