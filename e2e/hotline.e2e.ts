// The hotline journey (issue 10): a caller phones back with a tracking number, the agent finds the
// earlier complaint and closes a consultation on the spot (即时办结); the department's handler
// reveals the caller's number (audited) and records the call on the timeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, apiClient, launch, newContext, shot, signInContext, startServer, type Server, type Watch } from './harness.js';

const PASSWORD = 'e2e-password-123';
const AGENT = { email: 'hotline-agent@e2e.test', name: '王受理', roles: ['intake_agent'] };
const HANDLER = { email: 'hotline-handler@e2e.test', name: '周承办', roles: ['handler'] };
const PHONE = '13912345678';
const SUBJECT = '幸福小区3号楼电梯停运三天无人维修';

let server: Server;
let browser: Browser;
const watch: Watch = { consoleErrors: [], dialogs: [] };
let earlier: { id: string; trackingNo: string };

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
  const dept = await admin.post('/departments', { nameZh: '市政设施科', nameEn: 'Municipal facilities' });
  for (const u of [AGENT, HANDLER]) await admin.post('/users', { email: u.email, name: u.name, password: PASSWORD, roles: u.roles, departmentIds: u === HANDLER ? [dept.id] : [] });
  const agent = await apiClient(server.url, AGENT.email, PASSWORD);
  earlier = await agent.post('/complaints', { subject: SUBJECT, description: '3号楼电梯从周一起停运，老人上下楼困难，物业一直没有派人维修。', channel: 'phone', level: 3, complainant: { name: '张先生', phone: PHONE } }, { 'Idempotency-Key': 'e2e-hotline-1' });
  const handler = await apiClient(server.url, HANDLER.email, PASSWORD);
  const handlerId = (await admin.get<{ items: Array<{ id: string; email: string }> }>('/users')).items.find((u) => u.email === HANDLER.email)!.id;
  await agent.post(`/complaints/${earlier.id}/actions`, { action: 'assign', departmentId: dept.id, ownerId: handlerId });
  await handler.post(`/complaints/${earlier.id}/actions`, { action: 'sign' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('hotline journey', () => {
  it('the agent finds the caller by tracking number and sees the earlier complaint', async () => {
    const page = await pageAs(AGENT);
    await page.goto(`${server.url}/intake`);
    const lookup = page.getByRole('searchbox', { name: '投诉编号' });
    await lookup.fill(earlier.trackingNo.toLowerCase());
    await lookup.press('Enter');
    const found = page.locator('[data-testid="tracking-found"]');
    await found.waitFor();
    expect(await found.innerText()).toContain(earlier.trackingNo);
    expect(await found.innerText()).toContain(SUBJECT);
    expect(await found.innerText()).toContain('办理中');
    // Enter searched; it did not submit the intake form.
    expect(await page.locator('[data-testid="intake-result"]').count()).toBe(0);
    await shot(page, 'hotline-01-tracking-number');
    // The same caller by phone: the intake screen lists their earlier complaint too.
    await page.getByLabel('来电号码').fill(PHONE);
    await page.getByLabel('主题').fill('咨询电梯维修进度');
    await page.locator('[data-testid="repeat-caller"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="repeat-caller"]').innerText()).toContain(earlier.trackingNo);
    await page.context().close();
  });

  it('the agent closes a consultation answered on the call in one step (即时办结)', async () => {
    const page = await pageAs(AGENT);
    await page.goto(`${server.url}/intake`);
    await page.getByLabel('来电号码').fill('13700001111');
    await page.getByLabel('主题').fill('咨询公积金提取需要哪些材料');
    await page.getByLabel('详细描述').fill('来电咨询住房公积金提取所需材料，已当场告知身份证、银行卡和购房合同。');
    await page.locator('[data-testid="intake-resolve-on-call"]').click();
    await page.locator('[data-testid="resolved-on-call"]').waitFor();
    expect(await page.locator('.ant-modal-title').innerText()).toBe('已即时办结');
    const trackingNo = (await page.locator('[data-testid="tracking-no"]').innerText()).trim();
    await shot(page, 'hotline-02-resolved-on-call');
    await page.locator('[data-testid="intake-open"]').click();
    await page.locator('[data-testid="complaint-page"]').waitFor();
    await page.locator('[data-testid="timeline"] [data-kind="status_changed"]', { hasText: '即时办结' }).waitFor();
    expect(await page.locator('[data-testid="timeline"]').innerText()).toContain('当场答复');
    const agent = await apiClient(server.url, AGENT.email, PASSWORD);
    const list = await agent.get<{ items: Array<{ trackingNo: string; status: string }> }>(`/complaints?q=${trackingNo}`);
    expect(list.items.map((c) => c.status)).toEqual(['closed']);
    await page.context().close();
  });

  it('the handler reveals the caller’s number (audited) and records the call', async () => {
    const page = await pageAs(HANDLER);
    await page.goto(`${server.url}/complaints/${earlier.id}`);
    const card = page.locator('[data-testid="complainant"]');
    await card.waitFor();
    expect(await card.innerText()).not.toContain(PHONE);
    await card.locator('[data-testid="reveal"]').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.locator('textarea').fill('回访诉求人，告知维修安排');
    await modal.locator('.ant-btn-primary').click();
    await card.getByText(PHONE).waitFor();
    await page.locator('[data-testid="timeline"] [data-kind="contact_viewed"]').waitFor();
    expect(await page.locator('[data-testid="timeline"] [data-kind="contact_viewed"]').innerText()).toContain('联系方式已查看');
    await shot(page, 'hotline-03-phone-revealed');

    await card.locator('[data-testid="record-call"]').click();
    const call = page.locator('.ant-modal:visible');
    await call.locator('input[role="spinbutton"], .ant-input-number input').first().fill('3');
    await call.locator('textarea').fill('已告知周四上午维修，诉求人表示认可');
    await call.locator('#call-save').click();
    const entry = page.locator('[data-testid="timeline"] [data-kind="call_recorded"]');
    await entry.waitFor();
    expect(await entry.innerText()).toContain('通话记录：已接通，3 分钟');
    expect(await entry.innerText()).toContain('已告知周四上午维修');
    await shot(page, 'hotline-04-call-recorded');

    const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
    const audit = await admin.get<{ items: Array<{ action: string; data: { reason?: string } }> }>('/audit?action=complainant.contact_viewed');
    expect(audit.items.map((a) => a.data.reason)).toEqual(['回访诉求人，告知维修安排']);
    await page.context().close();
  });

  it('shows the recorded call in an English session in English', async () => {
    await (await apiClient(server.url, HANDLER.email, PASSWORD)).patch('/auth/me', { locale: 'en' });
    const page = await pageAs(HANDLER, 'en');
    await page.goto(`${server.url}/complaints/${earlier.id}`);
    await page.locator('[data-testid="timeline"] [data-kind="call_recorded"]').waitFor();
    const text = await page.locator('[data-testid="timeline"] [data-kind="call_recorded"]').innerText();
    expect(text).toContain('Call recorded: Reached, 3 min');
    expect(text.split('\n')[0]).not.toMatch(/[：，]/); // the entry's own words; the note is the caller's
    await shot(page, 'hotline-05-complaint-en');
    await page.context().close();

    await (await apiClient(server.url, AGENT.email, PASSWORD)).patch('/auth/me', { locale: 'en' });
    const intake = await pageAs(AGENT, 'en');
    await intake.goto(`${server.url}/intake`);
    const lookup = intake.getByRole('searchbox', { name: 'Tracking number' });
    await lookup.fill(earlier.trackingNo);
    await lookup.press('Enter');
    await intake.locator('[data-testid="tracking-found"]').waitFor();
    const screen = await intake.locator('main, .ant-layout-content').first().innerText();
    expect(screen).toContain('1 complaint(s) found by number');
    expect(screen).toContain('Resolve on the call');
    // Only the complaint's own words are Chinese; every label is English.
    const labels = screen.replace(SUBJECT, '').replace(/[\u4e00-\u9fff]+/g, (m) => (m === '王受理' ? '' : m));
    expect(labels).not.toMatch(/[\u4e00-\u9fff]/);
    await shot(intake, 'hotline-06-intake-en');
    await intake.context().close();
  });

  it('raised no dialogs and logged no console errors', () => {
    expect(watch.dialogs).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});
