// The public portal (issue 14) on a phone: a complainant submits in Chinese and gets a tracking number
// and access code; staff find the complaint in the workspace and reply; the complainant tracks it with
// the code, sees the reply and answers the follow-up survey; staff see the survey's result.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, apiClient, launch, observe, pickOption, shot, signInContext, startServer, type Server, type Watch } from './harness.js';

const PASSWORD = 'e2e-password-123';
const AGENT = { email: 'portal-agent@e2e.test', name: '孙受理', roles: ['intake_agent'] };
const HANDLER = { email: 'portal-handler@e2e.test', name: '钱承办', roles: ['handler'] };
const DESCRIPTION = '我家楼下的路灯已经坏了两个星期，晚上回家很黑，老人孩子出行不安全，希望尽快修理。';
const REPLY = '您好，路灯已于今日更换灯泡并恢复照明，感谢您的反映。';
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let server: Server;
let browser: Browser;
let receiver: http.Server;
const hooks: unknown[] = [];
const watch: Watch = { consoleErrors: [], dialogs: [] };
let submitted: { trackingNo: string; accessCode: string };

async function phone(locale = 'zh-CN'): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ ...PHONE, locale });
  ctx.on('page', (p) => observe(p, watch));
  return { ctx, page: await ctx.newPage() };
}

async function staff(who: { email: string }): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  ctx.on('page', (p) => observe(p, watch));
  await signInContext(ctx, server.url, who.email, PASSWORD);
  const page = await ctx.newPage();
  await page.goto(`${server.url}/`);
  await page.waitForSelector('[data-testid="user-menu"]');
  return page;
}

async function statusIs(page: Page, status: string) {
  await page.locator(`[data-testid="complaint-page"] [data-status="${status}"]`).first().waitFor({ timeout: 20_000 });
}

/** The survey link a survey_requested event carried (what the SMS or mail to the complainant holds). */
function surveyUrl(): string | undefined {
  const find = (v: unknown): string | undefined => {
    if (!v || typeof v !== 'object') return undefined;
    const o = v as Record<string, unknown>;
    if (typeof o.surveyUrl === 'string') return o.surveyUrl;
    for (const x of Object.values(o)) {
      const f = find(x);
      if (f) return f;
    }
    return undefined;
  };
  for (const h of hooks) {
    const u = find(h);
    if (u) return u;
  }
  return undefined;
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      try {
        hooks.push(JSON.parse(body));
      } catch {
        /* not JSON */
      }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  server = await startServer({ REDRESS_WEBHOOK_ALLOW_PRIVATE: '1' });
  browser = await launch();
  const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
  const dept = await admin.post('/departments', { nameZh: '市政照明管理处', nameEn: 'Street lighting office' });
  await admin.post('/categories', { code: 'streetlight', nameZh: '路灯照明', nameEn: 'Street lighting', keywords: ['路灯'], public: true, defaultDepartmentId: dept.id });
  await admin.post('/categories', { code: 'noise', nameZh: '噪声扰民', nameEn: 'Noise', public: true });
  await admin.post('/categories', { code: 'internal-only', nameZh: '内部类别', nameEn: 'Internal only' });
  for (const u of [AGENT, HANDLER]) await admin.post('/users', { email: u.email, name: u.name, password: PASSWORD, roles: u.roles, departmentIds: u === HANDLER ? [dept.id] : [] });
  await admin.post('/webhooks', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, eventTypes: ['complaint.survey_requested'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((r) => receiver?.close(r));
});

describe('public portal on a phone', () => {
  it('submits a complaint in Chinese and shows the tracking number and access code', async () => {
    const { ctx, page } = await phone();
    await page.goto(`${server.url}/portal`);
    await page.locator('[data-testid="portal-home"]').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    // The portal's own small page: none of the workspace's screens.
    expect(await page.locator('[data-testid="user-menu"]').count()).toBe(0);
    await shot(page, 'portal-01-home');
    await page.locator('[data-testid="portal-go-submit"]').tap();
    await page.locator('[data-testid="portal-submit"]').waitFor();

    // Only public categories are offered (a native select: the phone's own picker).
    const category = page.getByLabel('问题类别');
    await category.locator('option', { hasText: '路灯照明' }).waitFor({ state: 'attached' });
    expect(await category.locator('option').allInnerTexts()).toEqual(['请选择（可不选）', '噪声扰民', '路灯照明']);
    await category.selectOption({ label: '路灯照明' });
    await page.getByLabel('问题描述').fill(DESCRIPTION);
    await page.getByLabel('发生地点').fill('幸福小区3号楼东侧');
    await page.getByLabel('姓名').fill('周女士');
    await page.getByLabel('手机号码').fill('13800138000');
    await page.locator('[data-testid="portal-files"]').setInputFiles({ name: '路灯.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex') });
    await shot(page, 'portal-02-submit-form');

    // Without consent the form says so and sends nothing.
    await page.locator('[data-testid="portal-submit-button"]').tap();
    await page.getByText('请阅读并同意隐私说明').waitFor();
    expect(await page.locator('[data-testid="portal-privacy"]').innerText()).toContain('个人信息');
    await page.locator('[data-testid="portal-consent"]').tap();
    // The bot check is solved in the background: 验证完成 (or still 正在验证…) before the submit.
    await page.locator('[data-testid="portal-pow"]').getByText(/正在验证|验证完成/).waitFor();
    await shot(page, 'portal-03-submit-consent');
    await page.locator('[data-testid="portal-submit-button"]').tap();
    await page.locator('[data-testid="portal-result"]').waitFor({ timeout: 60_000 });
    const trackingNo = (await page.locator('[data-testid="portal-tracking-no"]').innerText()).trim();
    const accessCode = (await page.locator('[data-testid="portal-access-code"]').innerText()).trim();
    expect(trackingNo).toMatch(/^TS\d{8}-\d{6}/);
    expect(accessCode.length).toBeGreaterThanOrEqual(6);
    expect(await page.locator('[data-testid="portal-keep-code"]').innerText()).toContain('查询码');
    expect(await page.locator('[data-testid="portal-result"]').innerText()).toContain('已上传 1 个附件');
    await page.locator('[data-testid="portal-access-code-copy"]').tap();
    await page.locator('[data-testid="portal-access-code-copy"]').getByText('已复制').waitFor();
    await shot(page, 'portal-04-result');
    submitted = { trackingNo, accessCode };

    // "查看进度" opens the complaint without typing the code again.
    await page.locator('[data-testid="portal-result-track"]').tap();
    await page.locator('[data-testid="portal-tracked"]').waitFor();
    expect(await page.locator('[data-testid="portal-status"]').innerText()).toBe('已受理');
    await shot(page, 'portal-05-tracked-new');
    await ctx.close();
  });

  it('a wrong access code reveals nothing and is said in the user’s language', async () => {
    const { ctx, page } = await phone();
    await page.goto(`${server.url}/portal/track`);
    await page.getByLabel('投诉编号').fill(submitted.trackingNo);
    await page.getByLabel('查询码').fill('WRONG-CODE');
    await page.locator('[data-testid="portal-track-submit"]').tap();
    const err = page.locator('[data-testid="portal-error"]');
    await err.waitFor();
    expect(await err.innerText()).toContain('投诉编号或查询码不正确');
    await shot(page, 'portal-06-track-wrong-code');
    // An unknown number gets the very same words.
    await page.getByLabel('投诉编号').fill('TS20000101-999999');
    await page.locator('[data-testid="portal-track-submit"]').tap();
    await page.waitForTimeout(300);
    await err.waitFor();
    expect(await err.innerText()).toContain('投诉编号或查询码不正确');
    await ctx.close();
  });

  it('staff find the complaint in the workspace and reply to it', async () => {
    const agent = await staff(AGENT);
    await agent.goto(`${server.url}/inbox`);
    await agent.locator('[data-testid="inbox-search"] input, input[data-testid="inbox-search"]').first().fill(submitted.trackingNo);
    await agent.keyboard.press('Enter');
    const row = agent.locator('.ant-table-row', { hasText: '路灯' }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.locator('[data-testid="inbox-subject"]').click();
    await agent.locator('[data-testid="complaint-page"]').waitFor();
    const complaintUrl = agent.url().split('?')[0];
    expect(await agent.locator('[data-testid="complaint-page"]').innerText()).toContain(submitted.trackingNo);
    await agent.locator('[data-action="assign"]').click();
    await pickOption(agent, agent.locator('.ant-modal [data-testid="assign-department"]'), '市政照明管理处');
    await agent.locator('#action-confirm').click();
    await statusIs(agent, 'assigned');
    await agent.context().close();

    const handler = await staff(HANDLER);
    await handler.goto(complaintUrl);
    await handler.locator('[data-action="sign"]').click();
    await statusIs(handler, 'in_progress');
    await handler.locator('#composer-text').fill(REPLY);
    await handler.locator('[data-testid="composer-send"]').click();
    await statusIs(handler, 'replied');
    await handler.locator('[data-testid="timeline"] [data-kind="reply"]').waitFor();
    await handler.context().close();
  });

  it('the complainant sees the reply and answers the survey on the tracking page', async () => {
    const { ctx, page } = await phone();
    await page.goto(`${server.url}/portal`);
    await page.locator('[data-testid="portal-go-track"]').tap();
    await page.getByLabel('投诉编号').fill(submitted.trackingNo.toLowerCase());
    await page.getByLabel('查询码').fill(submitted.accessCode);
    await shot(page, 'portal-07-track-form');
    await page.locator('[data-testid="portal-track-submit"]').tap();
    await page.locator('[data-testid="portal-tracked"]').waitFor();
    expect(await page.locator('[data-testid="portal-status"]').innerText()).toBe('已答复');
    const reply = page.locator('[data-testid="portal-timeline"] [data-kind="reply"]');
    await reply.waitFor();
    expect(await reply.innerText()).toContain(REPLY);
    // Staff speak for their department, never by name.
    expect(await reply.innerText()).toContain('市政照明管理处');
    expect(await page.locator('[data-testid="portal-tracked"]').innerText()).not.toContain(HANDLER.name);
    const survey = page.locator('[data-testid="portal-track-survey"]');
    await survey.waitFor({ timeout: 20_000 });
    await shot(page, 'portal-08-tracked-replied');
    await survey.scrollIntoViewIfNeeded();
    await shot(page, 'portal-09-track-survey');

    // Nothing chosen: the form says what is missing.
    await page.locator('[data-testid="portal-survey-submit"]').tap();
    await page.getByText('请选择满意程度').waitFor();
    await page.locator('[data-testid="portal-stars"] [data-star="4"]').tap();
    expect(await page.locator('[data-testid="portal-stars-text"]').innerText()).toBe('满意');
    await page.locator('[data-testid="portal-resolved"]').getByText('已解决').tap();
    await page.getByLabel('意见和建议（选填）').fill('修得很快，谢谢。');
    await page.locator('[data-testid="portal-survey-submit"]').tap();
    // The answer replaces the form: thanks and the result (4 stars: 满意).
    const done = page.locator('[data-testid="portal-survey-done"]');
    await done.waitFor();
    expect(await done.innerText()).toContain('评价结果：满意');
    expect(await page.locator('[data-testid="portal-track-survey"]').count()).toBe(0);
    await done.scrollIntoViewIfNeeded();
    await shot(page, 'portal-10-survey-thanks');

    // Adding information afterwards still works.
    await page.getByLabel('补充信息').fill('另外，旁边一盏路灯也有闪烁。');
    await page.locator('[data-testid="portal-info-submit"]').tap();
    await page.locator('[data-testid="portal-notice"]').getByText('已提交补充信息').waitFor();
    await page.locator('[data-testid="portal-timeline"] [data-kind="complainant_info"]').waitFor();

    // The whole screen in English: no Chinese interface words left.
    await page.locator('[data-testid="portal-lang"]').tap();
    await page.getByRole('heading', { name: 'Track a complaint' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const text = await page.locator('[data-testid="portal-tracked"]').innerText();
    expect(text).toContain('Answered');
    expect(text).toContain('Street lighting office');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'portal-11-tracked-en');
    await ctx.close();
  });

  it('the survey link opens the survey; once answered it says so', async () => {
    const { ctx, page } = await phone();
    for (let i = 0; i < 100 && !surveyUrl(); i++) await new Promise((r) => setTimeout(r, 200));
    const url = surveyUrl();
    expect(url).toMatch(/\/portal\/survey\/[A-Za-z0-9_-]{20,}$/);
    await page.goto(`${server.url}${new URL(url!, server.url).pathname}`);
    await page.getByText('这份评价已经提交过了').waitFor();
    await shot(page, 'portal-12-survey-link-answered');
    await page.goto(`${server.url}/portal/survey/not-a-real-token-0123456789`);
    await page.locator('[data-testid="portal-error"]').getByText('评价链接无效').waitFor();
    await ctx.close();
  });

  it('staff see the survey result on the complaint', async () => {
    const agent = await staff(AGENT);
    await agent.goto(`${server.url}/inbox`);
    await agent.locator('[data-testid="inbox-search"] input, input[data-testid="inbox-search"]').first().fill(submitted.trackingNo);
    await agent.keyboard.press('Enter');
    await agent.locator('.ant-table-row', { hasText: '路灯' }).first().locator('[data-testid="inbox-subject"]').click();
    const entry = agent.locator('[data-testid="timeline"] [data-kind="survey_answered"]');
    await entry.waitFor({ timeout: 20_000 });
    expect(await entry.innerText()).toContain('满意');
    await shot(agent, 'portal-13-staff-survey-result');
    await agent.context().close();
  });

  it('past the per-address limit the tracking page says when to try again, in Chinese', async () => {
    // Guessing codes from one address: after the limit every attempt is 429 with Retry-After.
    let status = 0;
    for (let i = 0; i < 40 && status !== 429; i++) {
      const r = await fetch(`${server.url}/api/v1/portal/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trackingNo: submitted.trackingNo, accessCode: `GUESS${i}` }) });
      status = r.status;
      await r.body?.cancel();
    }
    expect(status).toBe(429);
    const { ctx, page } = await phone();
    await page.goto(`${server.url}/portal/track`);
    await page.getByLabel('投诉编号').fill(submitted.trackingNo);
    await page.getByLabel('查询码').fill(submitted.accessCode);
    await page.locator('[data-testid="portal-track-submit"]').tap();
    const err = page.locator('[data-testid="portal-error"]');
    await err.waitFor();
    expect(await err.innerText()).toMatch(/操作过于频繁，请在 \d+ (分钟|秒)后重试/);
    await shot(page, 'portal-16-rate-limited');
    await ctx.close();
  });

  it('on a desktop the same pages sit in a readable column, in English on request', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en' });
    ctx.on('page', (p) => observe(p, watch));
    const page = await ctx.newPage();
    await page.goto(`${server.url}/portal?lang=en`);
    await page.getByRole('heading', { name: 'Make a complaint' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const box = (await page.locator('main').boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(720);
    await shot(page, 'portal-14-desktop-home-en');
    await page.locator('[data-testid="portal-go-submit"]').click();
    await page.getByLabel('Description').waitFor();
    expect(await page.locator('[data-testid="portal-privacy"]').innerText()).toContain('personal details');
    await shot(page, 'portal-15-desktop-submit-en');
    // The choice sticks: back to Chinese with the switch.
    await page.locator('[data-testid="portal-lang"]').click();
    await page.getByRole('heading', { name: '提交投诉' }).waitFor();
    await ctx.close();
  });

  it('raised no dialogs and logged no console errors', () => {
    expect(watch.dialogs).toEqual([]);
    // A wrong code (404) and the rate limit (429) are answers the browser logs as failed loads.
    expect(watch.consoleErrors.filter((e) => !/status of (404|429)/.test(e))).toEqual([]);
  });
});

describe('portal bundle', () => {
  it('the submit screen loads its own small bundle, none of the workspace’s screens', async () => {
    const { routeBytes } = await import('./bundle.js');
    const { root } = await import('./harness.js');
    const path = await import('node:path');
    const b = routeBytes(path.join(root, 'dist/web'), 'portal/SubmitPage.tsx', 'portal.html');
    console.log(`portal submit route: ${b.files.length} files, ${(b.raw / 1024).toFixed(0)} KB raw, ${(b.gzip / 1024).toFixed(1)} KB gzipped`);
    expect(b.files.join(' ')).not.toMatch(/Inbox|Complaint|Shell|Dashboard|echarts/);
    expect(b.gzip).toBeLessThanOrEqual(300 * 1024);
  });
});
