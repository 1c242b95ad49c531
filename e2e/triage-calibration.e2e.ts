// Triage that earns trust, as a user sees it: on a fresh database the bundled-corpus model suggests a
// category, shown as a suggestion only (no confidence) because nothing is calibrated yet; the triage
// admin page says so and shows the figures auto-apply would be decided from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, apiClient, launch, newContext, shot, signInContext, startServer, type Server, type Watch } from './harness.js';

let server: Server;
let browser: Browser;
const watch: Watch = { consoleErrors: [], dialogs: [] };
let complaintId = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
  for (const [code, nameZh, nameEn] of [['edu', '教育文体', 'Education'], ['labour', '劳动和社会保障', 'Labour']]) await admin.post('/categories', { code, nameZh, nameEn, keywords: [] });
  const c = await admin.post<{ id: string; categoryId: string | null }>('/complaints', { subject: '学校乱收费', description: '孩子所在的学校违规收取补课费，教育局能不能管一管', channel: 'phone' }, { 'Idempotency-Key': 'e2e-calibration-1' });
  expect(c.categoryId).toBeNull();
  complaintId = c.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('triage calibration in the UI', () => {
  it('an uncalibrated suggestion is shown without a confidence, and the admin page shows the cold start as not calibrated', async () => {
    const ctx = await newContext(browser, watch, 'zh-CN');
    await signInContext(ctx, server.url, ADMIN.email, ADMIN.password);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/complaints/${complaintId}`);
    const card = page.locator('[data-testid="triage-card"]');
    await card.waitFor();
    await card.getByText('仅供参考').waitFor();
    const text = await card.innerText();
    expect(text).toContain('教育文体');
    expect(text).not.toContain('置信度');
    await page.goto(`${server.url}/admin/triage`);
    await page.getByRole('tab', { name: '分类模型' }).click();
    const cal = page.locator('[data-testid="triage-calibration"]');
    await cal.waitFor();
    expect(await cal.innerText()).toContain('冷启动模型');
    expect(await cal.innerText()).toContain('尚未校准');
    await shot(page, 'triage-calibration-admin');
    await ctx.close();
  });
});
