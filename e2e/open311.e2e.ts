// The Open311 switch of the category admin screen: an admin marks a category as an Open311 service
// (zh-CN and en labels), and /open311/v2/services lists it for partner applications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, apiClient, launch, login, newContext, shot, startServer, type Server, type Watch } from './harness.js';

let server: Server;
let browser: Browser;
const watch: Watch = { consoleErrors: [], dialogs: [] };
const EN_ADMIN = { email: 'open311-en@e2e.test', password: 'e2e-en-admin-password-1' };

const services = async () => (await (await fetch(`${server.url}/open311/v2/services.json`)).json()) as { service_code: string; service_name: string }[];

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
  await admin.post('/categories', { code: 'pothole', nameZh: '道路坑洼', nameEn: 'Pothole' });
  // The UI speaks the signed-in user's language.
  await admin.post('/users', { email: EN_ADMIN.email, name: 'English Admin', password: EN_ADMIN.password, roles: ['admin'], locale: 'en' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Open311 services from the category screen', () => {
  it('an admin turns a category into an Open311 service and partner applications see it', async () => {
    expect((await services()).map((s) => s.service_code)).not.toContain('pothole');
    const ctx = await newContext(browser, watch);
    const page = await ctx.newPage();
    await login(page, server.url, ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/admin/categories`);
    const row = page.locator('.ant-table-row', { hasText: '道路坑洼' });
    await row.getByRole('button', { name: '编辑' }).click();
    const modal = page.locator('.ant-modal');
    const toggle = modal.getByRole('switch', { name: 'Open311 公开服务' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await shot(page, 'open311-01-category-switch');
    await modal.locator('.ant-btn-primary').click();
    await row.locator('.ant-tag', { hasText: '是' }).waitFor();
    expect(await services()).toContainEqual(expect.objectContaining({ service_code: 'pothole', service_name: '道路坑洼' }));
    await ctx.close();
  });

  it('labels the switch in English too', async () => {
    const ctx = await newContext(browser, watch, 'en');
    const page = await ctx.newPage();
    await login(page, server.url, EN_ADMIN.email, EN_ADMIN.password);
    await page.goto(`${server.url}/admin/categories`);
    await page.getByRole('columnheader', { name: 'Open311 service' }).waitFor();
    await page.locator('.ant-table-row', { hasText: 'Pothole' }).getByRole('button', { name: 'Edit' }).click();
    const toggle = page.locator('.ant-modal').getByRole('switch', { name: 'Open311 service' });
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await ctx.close();
  });

  it('raised no dialogs and logged no console errors', () => {
    expect(watch.dialogs).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});
