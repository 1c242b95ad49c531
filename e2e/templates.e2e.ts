// Reply templates end to end: an admin writes one at /admin/templates, a handler inserts it in the composer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, apiClient, launch, login, newContext, pickOption, shot, startServer, type Server, type Watch } from './harness.js';

const PASSWORD = 'e2e-password-123';
const HANDLER = { email: 'tpl-handler@e2e.test', name: '周承办', roles: ['handler'] };
const SUBJECT = '楼道照明损坏 $& 无人修理';

let server: Server;
let browser: Browser;
const watch: Watch = { consoleErrors: [], dialogs: [] };
let complaint: { id: string; trackingNo: string };

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
  const dept = await admin.post('/departments', { nameZh: '维修部', nameEn: 'Maintenance' });
  await admin.post('/users', { email: HANDLER.email, name: HANDLER.name, password: PASSWORD, roles: HANDLER.roles, departmentIds: [dept.id] });
  complaint = await admin.post('/complaints', { subject: SUBJECT, description: '5号楼楼道灯坏了两周。', channel: 'phone', level: 3 }, { 'Idempotency-Key': 'e2e-tpl-1' });
  await admin.post(`/complaints/${complaint.id}/actions`, { action: 'assign', departmentId: dept.id });
  const handler = await apiClient(server.url, HANDLER.email, PASSWORD);
  await handler.post(`/complaints/${complaint.id}/actions`, { action: 'sign' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('reply templates', () => {
  it('lets an admin create a bilingual template', async () => {
    const ctx = await newContext(browser, watch);
    const page = await ctx.newPage();
    await login(page, server.url, ADMIN.email, ADMIN.password);
    await page.locator('a[href="/admin/templates"]').click();
    await page.getByRole('heading', { name: '答复模板' }).waitFor();
    await page.locator('[data-testid="template-create"]').click();
    const modal = page.locator('.ant-modal');
    await modal.locator('#nameZh').fill('受理确认');
    await modal.locator('#nameEn').fill('Acknowledgement');
    await modal.locator('#bodyZh').fill('您好，您的投诉 {{trackingNo}}（{{subject}}）正在办理，预计 {{dueAt}} 前答复。');
    await modal.locator('#bodyEn').fill('Your complaint {{trackingNo}} ({{subject}}) is being handled.');
    await shot(page, 'templates-01-form');
    await modal.locator('.ant-btn-primary').click();
    await page.locator('.ant-table-row', { hasText: '受理确认' }).waitFor();
    await ctx.close();
  });

  it('lets a handler insert it in the composer with the placeholders filled', async () => {
    const ctx = await newContext(browser, watch);
    const page = await ctx.newPage();
    await login(page, server.url, HANDLER.email, PASSWORD);
    await page.goto(`${server.url}/complaints/${complaint.id}`);
    await page.locator('[data-testid="composer"]').waitFor();
    await pickOption(page, page.locator('[data-testid="composer-template"]'), '受理确认');
    const text = await page.locator('#composer-text').inputValue();
    expect(text).toContain(complaint.trackingNo);
    expect(text).toContain(SUBJECT);
    expect(text).not.toContain('{{');
    await shot(page, 'templates-02-composer');
    await page.locator('[data-testid="composer-send"]').click();
    await page.locator('[data-testid="timeline"] [data-kind="reply"]').waitFor();
    await ctx.close();
  });

  it('raised no dialogs and logged no console errors', () => {
    expect(watch.dialogs).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});
