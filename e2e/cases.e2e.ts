// Case library end to end: an analyst turns a closed complaint into a case from its page, looks at the
// redaction preview (each redaction highlighted), un-ticks one, approves, and a handler of another
// department finds the case by a two-character search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, apiClient, launch, newContext, shot, signInContext, startServer, type Server, type Watch } from './harness.js';

let server: Server;
let browser: Browser;
let complaintId: string;
const watch: Watch = { consoleErrors: [], dialogs: [] };
const PASSWORD = 'e2e-cases-password-1';
const users = {
  analyst: { email: 'analyst@e2e.test', name: '孙分析', roles: ['analyst'] },
  handler: { email: 'handler2@e2e.test', name: '吴承办', roles: ['handler'] },
  english: { email: 'reader@e2e.test', name: 'Ann Reader', roles: ['auditor'] },
};
const DESCRIPTION = '我叫李秀英，住在岳麓区麓山南路32号枫林小区5栋2单元301室。楼下餐馆油烟扰民，电话13912345678，身份证号430104198503127511。车牌湘A7K235的货车每天占道卸货，物业王建华经理不管。';
const PII = ['李秀英', '13912345678', '430104198503127511', '麓山南路32号', '王建华'];

async function pageAs(email: string, password: string, locale = 'zh-CN'): Promise<Page> {
  const ctx = await newContext(browser, watch, locale);
  await signInContext(ctx, server.url, email, password);
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`${server.url}/`);
  await page.waitForSelector('[data-testid="user-menu"]');
  return page;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
  const dept = await admin.post('/departments', { nameZh: '环境保护部', nameEn: 'Environment' });
  const other = await admin.post('/departments', { nameZh: '物业服务部', nameEn: 'Property services' });
  await admin.post('/users', { ...users.analyst, password: PASSWORD, departmentIds: [] });
  await admin.post('/users', { ...users.handler, password: PASSWORD, departmentIds: [other.id] });
  await admin.post('/users', { ...users.english, password: PASSWORD, departmentIds: [], locale: 'en' });
  const c = await admin.post('/complaints', { subject: '餐馆油烟扰民', description: DESCRIPTION, channel: 'phone', departmentId: dept.id, complainant: { name: '李秀英', phone: '13912345678' } });
  complaintId = c.id;
  for (const body of [{ action: 'assign', ownerId: undefined }, { action: 'sign' }, { action: 'reply', message: '已联系李秀英女士，执法人员责令餐馆加装油烟净化器。' }, { action: 'close' }]) {
    await admin.post(`/complaints/${c.id}/actions`, body);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('case library', () => {
  it('an analyst makes a case from a closed complaint, approving the redactions', async () => {
    const page = await pageAs(users.analyst.email, PASSWORD);
    await page.goto(`${server.url}/complaints/${complaintId}`);
    await page.getByTestId('make-case').click();
    const preview = page.getByTestId('case-preview');
    await preview.waitFor();
    const marks = preview.getByTestId('redaction');
    await marks.first().waitFor();
    const found = await marks.allTextContents();
    for (const item of PII) expect(found.join(' ')).toContain(item);
    await shot(page, 'cases-01-preview');
    // The plate is a company truck: the analyst un-ticks it.
    await preview.locator('[data-testid="redaction"][data-kind="plate"]').click();
    expect(await preview.locator('[data-testid="redaction"][data-kind="plate"]').getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('title-en').fill('Restaurant fumes disturbing residents');
    await page.locator('#tags').fill('环保');
    await page.locator('#tags').press('Enter');
    await page.getByTestId('case-lessons').fill('先联系执法部门现场取证。');
    await shot(page, 'cases-02-approve');
    await page.getByTestId('approve-case').click();
    await page.getByTestId('case-page').waitFor();
    const text = (await page.getByTestId('case-page').textContent()) ?? '';
    for (const item of PII) expect(text).not.toContain(item);
    expect(text).toContain('湘A7K235');
    expect(text).toContain('【电话】');
    await shot(page, 'cases-03-case');
    await page.context().close();
  });

  it('a handler of another department finds it by a two-character search', async () => {
    const page = await pageAs(users.handler.email, PASSWORD);
    await page.locator('a[href="/cases"]').click();
    await page.getByTestId('cases-page').waitFor();
    const search = page.getByRole('searchbox', { name: '搜索案例（标题、标签、经验、正文）' });
    await search.fill('火锅');
    await search.press('Enter');
    await page.getByText('暂无案例').waitFor();
    await search.fill('油烟');
    await search.press('Enter');
    await page.getByRole('link', { name: '餐馆油烟扰民' }).click();
    await page.getByTestId('case-page').waitFor();
    const text = (await page.getByTestId('case-page').textContent()) ?? '';
    expect(text).toContain('先联系执法部门现场取证');
    expect(text).not.toContain(complaintId); // no link to a complaint this handler cannot see
    await shot(page, 'cases-04-found');
    await page.context().close();
  });

  it('the library in English for a user who reads English (an auditor): English titles, English screen', async () => {
    const page = await pageAs(users.english.email, PASSWORD, 'en');
    await page.goto(`${server.url}/cases?q=fumes`);
    await page.getByRole('heading', { name: 'Case library' }).waitFor();
    await page.getByRole('link', { name: 'Restaurant fumes disturbing residents' }).waitFor();
    await shot(page, 'cases-05-list-en');
    await page.context().close();
  });

  it('raised no dialogs and logged no console errors', () => {
    expect(watch.dialogs).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});
