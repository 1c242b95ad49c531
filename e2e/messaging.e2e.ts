// Replies to the complainant (issue 14): the phone intake records how and in which language the
// caller wants to hear back; the complaint page shows it, staff change it, and lists the messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, apiClient, launch, newContext, pickOption, shot, signInContext, startServer, type Server, type Watch } from './harness.js';

const PASSWORD = 'e2e-password-123';
const AGENT = { email: 'messaging-agent@e2e.test', name: '林受理', roles: ['intake_agent'] };

let server: Server;
let browser: Browser;
const watch: Watch = { consoleErrors: [], dialogs: [] };

async function pageAs(who: { email: string }, locale = 'zh-CN'): Promise<Page> {
  const ctx = await newContext(browser, watch, locale);
  await signInContext(ctx, server.url, who.email, PASSWORD);
  const page = await ctx.newPage();
  await page.goto(`${server.url}/`);
  await page.waitForSelector('[data-testid="user-menu"]');
  return page;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
  await admin.post('/users', { email: AGENT.email, name: AGENT.name, password: PASSWORD, roles: AGENT.roles, departmentIds: [] });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('reply channel and language', () => {
  it('the agent records email in English at intake; the complaint page shows it and a change', async () => {
    const page = await pageAs(AGENT);
    await page.goto(`${server.url}/intake`);
    await page.getByLabel('来电号码').fill('13700002222');
    await page.getByLabel('邮箱').fill('guest@example.org');
    await pickOption(page, page.locator('.ant-form-item:has(#intake_preferredChannel) .ant-select'), '邮件');
    await pickOption(page, page.locator('.ant-form-item:has(#intake_preferredLanguage) .ant-select'), '英文');
    await page.getByLabel('主题').fill('Hotel room not as booked');
    await page.getByLabel('详细描述').fill('The caller, a visitor, says the hotel gave a smaller room than booked and refused a refund.');
    await shot(page, 'messaging-01-intake');
    await page.locator('[data-testid="intake-save"]').click();
    await page.locator('[data-testid="intake-result"]').waitFor();
    await page.locator('[data-testid="intake-open"]').click();
    await page.locator('[data-testid="complaint-page"]').waitFor();
    const card = page.locator('[data-testid="messages"]');
    await card.waitFor();
    expect(await card.innerText()).toContain('回复方式');
    expect(await card.innerText()).toContain('邮件');
    expect(await card.innerText()).toContain('英文');

    // Changed later: SMS in Chinese.
    await card.locator('[data-testid="edit-prefs"]').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '修改回复方式' });
    await pickOption(page, dialog.locator('.ant-form-item:has(#preferredChannel) .ant-select'), '短信');
    await pickOption(page, dialog.locator('.ant-form-item:has(#preferredLanguage) .ant-select'), '中文');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.locator('[data-testid="messages"]', { hasText: '短信' }).waitFor();
    expect(await card.innerText()).toContain('中文');
    await shot(page, 'messaging-02-complaint');
    expect(watch.consoleErrors).toEqual([]);
    await page.context().close();
  });
});
