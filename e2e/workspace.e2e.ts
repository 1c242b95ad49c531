// The web workspace end to end: real server, real Chromium, one user per role.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, apiClient, launch, login, newContext, pickOption, root, shot, startServer, type Server, type Watch } from './harness.js';
import { routeBytes } from './bundle.js';

const PASSWORD = 'e2e-password-123';
const XSS = '<img src=x onerror=alert(1)>';

let server: Server;
let browser: Browser;
const watch: Watch = { consoleErrors: [], dialogs: [] };
let deptId: string;
const users = {
  intake: { email: 'intake@e2e.test', name: '王受理', roles: ['intake_agent'] },
  handler: { email: 'handler@e2e.test', name: '李承办', roles: ['handler'] },
  coordinator: { email: 'coord@e2e.test', name: '赵协调', roles: ['coordinator'] },
  leader: { email: 'leader@e2e.test', name: '陈领导', roles: ['leader'] },
};

async function pageAs(who: keyof typeof users, locale = 'zh-CN'): Promise<Page> {
  const ctx = await newContext(browser, watch, locale);
  const page = await ctx.newPage();
  await login(page, server.url, users[who].email, PASSWORD);
  return page;
}

async function statusIs(page: Page, status: string) {
  try {
    await page.locator(`[data-testid="complaint-page"] [data-status="${status}"]`).first().waitFor({ timeout: 20_000 });
  } catch (e) {
    const toast = await page.locator('.ant-message').innerText().catch(() => '');
    await shot(page, `failed-${status}`);
    throw new Error(`status never became ${status}; message on screen: ${toast}`, { cause: e });
  }
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
  const dept = await admin.post('/departments', { nameZh: '物业服务部', nameEn: 'Property services' });
  deptId = dept.id;
  for (const u of Object.values(users)) {
    await admin.post('/users', { email: u.email, name: u.name, password: PASSWORD, roles: u.roles, departmentIds: u.roles.includes('handler') ? [deptId] : [] });
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('web workspace', () => {
  let complaintUrl = '';

  it('signs in through the Chinese login page', async () => {
    const ctx = await newContext(browser, watch);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/inbox`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await shot(page, '01-login');
    await page.getByLabel('邮箱').fill(users.intake.email);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('heading', { name: '投诉工作台' }).waitFor();
    expect(page.url()).toContain('/inbox');
    await shot(page, '02-inbox-empty');
    await ctx.close();
  });

  it('takes a phone complaint and saves it with Ctrl+Enter', async () => {
    const page = await pageAs('intake');
    await page.goto(`${server.url}/intake`);
    await page.getByLabel('来电号码').fill('13800138000');
    await page.getByLabel('姓名').fill('张先生');
    await page.getByLabel('主题').fill('小区电梯停运三天无人维修');
    await page.getByLabel('详细描述').fill('3号楼电梯从周一起停运，老人上下楼困难，物业一直没有派人维修。');
    await page.getByLabel('事发地点').fill('幸福小区3号楼');
    // Triage while typing: a level with its explanation (and a category suggestion once a model is trained).
    await page.locator('[data-testid="triage-explanation"]').waitFor({ timeout: 20_000 });
    expect((await page.locator('[data-testid="triage-explanation"]').innerText()).length).toBeGreaterThan(5);
    await page.locator('label.ant-radio-button-wrapper:has(input[name="level"][value="3"])').click();
    await shot(page, '03-intake');
    await page.getByLabel('详细描述').press('Control+Enter');
    await page.locator('[data-testid="intake-result"]').waitFor();
    const trackingNo = (await page.locator('[data-testid="tracking-no"]').innerText()).trim();
    expect(trackingNo).toMatch(/^TS\d{8}-\d{6}/);
    await page.locator('[data-testid="intake-open"]').click();
    await page.locator('[data-testid="complaint-page"]').waitFor();
    complaintUrl = page.url();
    expect(await page.locator('[data-testid="complaint-subject"]').innerText()).toBe('小区电梯停运三天无人维修');
    // Personal data arrives masked.
    expect(await page.locator('[data-testid="complainant"]').innerText()).not.toContain('13800138000');
    await statusIs(page, 'received');

    // Dispatch to the department (intake agent).
    await page.locator('[data-action="assign"]').click();
    await pickOption(page, page.locator('.ant-modal [data-testid="assign-department"]'), '物业服务部');
    await page.locator('#action-confirm').click();
    await statusIs(page, 'assigned');
    await shot(page, '04-complaint-assigned');
    await page.context().close();
  });

  it('lets the handler sign for it and reply, and the coordinator close it', async () => {
    const page = await pageAs('handler');
    await page.goto(complaintUrl);
    await page.locator('[data-action="sign"]').click();
    await statusIs(page, 'in_progress');
    await page.locator('#composer-text').fill('您好，维修人员已于今日上午修复电梯，感谢您的反馈。');
    await page.locator('[data-testid="composer-send"]').click();
    await statusIs(page, 'replied');
    await page.locator('[data-testid="timeline"] [data-kind="reply"]').waitFor();
    await shot(page, '05-complaint-replied');
    await page.context().close();

    const coord = await pageAs('coordinator');
    await coord.goto(complaintUrl);
    await coord.locator('[data-action="close"]').click();
    await coord.locator('.ant-popconfirm .ant-btn-primary').click();
    await statusIs(coord, 'closed');
    await coord.context().close();
  });

  it('has a leader approve a handling plan before a Level Ⅱ reply', async () => {
    const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
    const c = await admin.post('/complaints', { subject: '工地夜间施工噪音扰民', description: '连续一周凌晨施工，多户居民无法入睡。', channel: 'phone', level: 2 }, { 'Idempotency-Key': 'e2e-plan-1' });
    await admin.post(`/complaints/${c.id}/actions`, { action: 'assign', departmentId: deptId });

    const handler = await pageAs('handler');
    await handler.goto(`${server.url}/complaints/${c.id}`);
    await handler.locator('[data-action="sign"]').click();
    await statusIs(handler, 'in_progress');
    await handler.locator('[data-testid="tab-plan"]').click();
    await handler.getByLabel('调查结论').fill('施工单位未办理夜间施工许可。');
    await handler.getByLabel('处理措施').fill('责令停止夜间施工，向受影响居民致歉。');
    await handler.locator('[data-testid="plan-submit"]').click();
    await handler.locator('[data-testid="plan-status"][data-status="submitted"]').waitFor();
    await handler.context().close();

    const leader = await pageAs('leader');
    await leader.goto(`${server.url}/complaints/${c.id}`);
    await leader.locator('[data-testid="tab-plan"]').click();
    await leader.getByLabel('审批意见').fill('同意，尽快落实。');
    await shot(leader, '06-plan-approval');
    await leader.locator('[data-testid="plan-approve"]').click();
    await leader.locator('[data-testid="plan-status"][data-status="approved"]').waitFor();
    await leader.locator('[data-testid="timeline"] [data-kind="plan_decided"]').waitFor();
    await leader.context().close();
  });

  it('switches to English and remembers it for the user', async () => {
    const page = await pageAs('coordinator');
    await page.getByRole('heading', { name: '投诉工作台' }).waitFor();
    await pickOption(page, page.locator('[data-testid="language-switcher"]'), 'English');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.locator('[data-testid="inbox-row"]').first().waitFor();
    await shot(page, '07-inbox-english');
    await page.context().close();
    // A fresh browser (no local storage) gets English from the user's profile after sign-in.
    const again = await pageAs('coordinator');
    await again.getByRole('heading', { name: 'Inbox' }).waitFor();
    await again.context().close();
  });

  it('never runs markup from a complaint subject on any screen that shows it', async () => {
    const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
    const c = await admin.post('/complaints', { subject: XSS, description: `${XSS} <script>alert(2)</script>`, channel: 'web', level: 1, location: { text: XSS } }, { 'Idempotency-Key': 'e2e-xss-1' });
    await admin.post(`/complaints/${c.id}/notes`, { body: XSS, visibility: 'internal' });
    const before = watch.dialogs.length;

    const page = await pageAs('intake');
    await page.goto(`${server.url}/inbox`);
    await page.locator('[data-testid="inbox-subject"]', { hasText: XSS }).first().waitFor();
    await shot(page, '08-inbox-xss');
    // Search results
    await page.goto(`${server.url}/inbox?view=urgent`);
    await page.locator('[data-testid="inbox-subject"]', { hasText: XSS }).first().waitFor();
    // Detail: subject, description, location, timeline note
    await page.goto(`${server.url}/complaints/${c.id}`);
    await page.locator('[data-testid="complaint-subject"]', { hasText: XSS }).waitFor();
    expect(await page.locator('[data-testid="complaint-description"]').innerText()).toContain('<script>alert(2)</script>');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await shot(page, '09-complaint-xss');
    // Intake: the similar-complaints list shows it too
    await page.goto(`${server.url}/intake`);
    await page.getByLabel('主题').fill(XSS);
    await page.locator('[data-testid="similar"] a', { hasText: XSS }).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    await page.waitForTimeout(800);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.context().close();
    expect(watch.dialogs.slice(before)).toEqual([]);
  });

  it('raised no dialogs and logged no console errors anywhere', () => {
    expect(watch.dialogs).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });

  it('keeps the inbox route’s initial JavaScript under 400 KB gzipped', () => {
    const b = routeBytes(path.join(root, 'dist/web'), 'features/inbox/InboxPage.tsx');
    console.log(`inbox route: ${b.files.length} files, ${(b.raw / 1024).toFixed(0)} KB raw, ${(b.gzip / 1024).toFixed(1)} KB gzipped`);
    expect(b.gzip).toBeLessThanOrEqual(400 * 1024);
  });
});
