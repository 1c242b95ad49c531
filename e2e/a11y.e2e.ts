// Accessibility: axe-core (WCAG 2.0 A/AA, 2.1 AA) on every screen in both languages, and a keyboard-only journey.
// A serious or critical violation anywhere fails the suite; the report names the screen, rule and elements.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, apiClient, launch, observe, root, shot, signInContext, startServer, type Server, type Watch } from './harness.js';

const PASSWORD = 'e2e-password-123';
const AXE = path.join(root, 'node_modules/axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'];
type Lang = 'zh-CN' | 'en';
const USERS: Record<Lang, { email: string; name: string }> = {
  'zh-CN': { email: 'a11y-zh@e2e.test', name: '林审阅' },
  en: { email: 'a11y-en@e2e.test', name: 'Alex Reviewer' },
};

let server: Server;
let browser: Browser;
const watch: Watch = { consoleErrors: [], dialogs: [] };
const ids = { detail: '', cluster: '', subject: '', overdue: '', plan: '', incident: '' };

interface Finding {
  screen: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page; returns its serious and critical violations. */
async function axe(page: Page, screen: string): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (tags) => {
    const w = window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 6).map((n) => n.target.join(' ')) }));
  }, TAGS);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, rule: v.id, impact: v.impact, help: v.help, targets: v.targets }));
}

/**
 * A browser context like the harness's, but one that lets axe-core be injected: the app's Content
 * Security Policy (script-src 'self') refuses the inline script tag otherwise.
 */
async function newContext(b: Browser, w: Watch, locale: Lang) {
  const ctx = await b.newContext({ viewport: { width: 1366, height: 768 }, locale, bypassCSP: true });
  ctx.on('page', (p) => observe(p, w));
  return ctx;
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Every in-app screen: where it lives and what shows that its data has arrived. */
function screens(): { name: string; path: string; ready: string; then?: (p: Page) => Promise<void> }[] {
  return [
    { name: 'inbox', path: '/inbox', ready: '[data-testid="inbox-row"]' },
    { name: 'intake', path: '/intake', ready: 'form' },
    { name: 'complaint', path: `/complaints/${ids.detail}`, ready: '[data-testid="sla-card"] [data-sla-kind]' },
    { name: 'complaint-overdue', path: `/complaints/${ids.overdue}`, ready: '[data-testid="complaint-page"]' },
    { name: 'dashboard', path: '/dashboard', ready: 'canvas' },
    { name: 'clusters', path: '/clusters', ready: '[data-testid="cluster-row"]' },
    { name: 'cluster', path: `/clusters/${ids.cluster}`, ready: '[data-testid="cluster-member"]' },
    { name: 'admin-users', path: '/admin/users', ready: '.ant-table-row' },
    { name: 'admin-departments', path: '/admin/departments', ready: '.ant-table-row, .ant-tree-treenode' },
    { name: 'admin-categories', path: '/admin/categories', ready: '.ant-table-row' },
    { name: 'admin-templates', path: '/admin/templates', ready: 'h1' },
    { name: 'admin-triage', path: '/admin/triage', ready: '[data-testid="rules-version"]' },
    { name: 'admin-sla', path: '/admin/sla', ready: 'h1' },
    {
      name: 'admin-sla-calendar',
      path: '/admin/sla',
      ready: '[role="tab"]',
      then: async (p) => {
        await p.locator('[role="tab"]').nth(1).click();
        await p.locator('[data-testid="calendar-month"] [data-kind="workday"]').first().waitFor();
      },
    },
    { name: 'admin-webhooks', path: '/admin/webhooks', ready: 'h1' },
    { name: 'admin-jobs', path: '/admin/jobs', ready: 'h1' },
    { name: 'admin-imports', path: '/admin/imports', ready: '.ant-upload-drag' },
    { name: 'admin-tokens', path: '/admin/tokens', ready: 'h1' },
    { name: 'admin-audit', path: '/admin/audit', ready: '.ant-table-row' },
    { name: 'profile', path: '/profile', ready: '[data-testid="notification-preferences"] .ant-checkbox' },
    { name: 'plans', path: '/plans', ready: '[data-testid="plan-row"]' },
    { name: 'plan', path: `/plans/${ids.plan}`, ready: '[data-testid="plan-view"]' },
    { name: 'incidents', path: '/incidents', ready: '[data-testid="incident-row"]' },
    { name: 'incident', path: `/incidents/${ids.incident}`, ready: '[data-testid="task-row"]' },
    { name: 'resources', path: '/resources', ready: '[data-testid="resources-page"] .ant-table' },
    { name: 'oncall', path: '/oncall', ready: '[data-testid="oncall-page"] h1' },
    { name: 'notices', path: '/notices', ready: 'h1' },
  ];
}

async function signedIn(lang: Lang): Promise<Page> {
  const ctx = await newContext(browser, watch, lang);
  await signInContext(ctx, server.url, USERS[lang].email, PASSWORD);
  const page = await ctx.newPage();
  await page.goto(`${server.url}/`);
  await page.waitForSelector('[data-testid="user-menu"]');
  return page;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  try {
    await seed();
  } catch (e) {
    console.error(server.log());
    throw e;
  }
});

/** Two administrators (one per language), a handler, complaints of every level and several states, a mass cluster. */
async function seed() {
  const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
  const parent = await admin.post('/departments', { nameZh: '城市管理局', nameEn: 'City management' });
  const dept = await admin.post('/departments', { nameZh: '物业服务科', nameEn: 'Property services', parentId: parent.id });
  for (const lang of ['zh-CN', 'en'] as const) {
    await admin.post('/users', { email: USERS[lang].email, name: USERS[lang].name, password: PASSWORD, roles: ['admin'], departmentIds: [dept.id], locale: lang });
  }
  const handler = await admin.post('/users', { email: 'a11y-handler@e2e.test', name: '李承办', password: PASSWORD, roles: ['handler'], departmentIds: [dept.id] });
  await admin.post('/categories', { code: 'property', nameZh: '物业管理', nameEn: 'Property management', defaultDepartmentId: dept.id, keywords: ['电梯', '物业'] });

  // Level Ⅳ first response within one minute: one complaint is overdue by the time the later screens are checked.
  const policies = await admin.get<{ policies: any[]; version: number }>('/sla/policies');
  const next = structuredClone(policies.policies);
  const l4 = next.find((p: any) => p.match?.levels?.length === 1 && p.match.levels[0] === 4 && !p.match.categoryIds && !p.match.channels);
  l4.targets.firstResponse = { value: 1, unit: 'minutes', mode: 'natural', warnRatio: 0.5 };
  await admin.put('/sla/policies', { policies: next, version: policies.version });
  const overdue = await admin.post('/complaints', { subject: '小区路灯不亮', description: '小区门口路灯连续三晚不亮。', channel: 'web', level: 4 }, { 'Idempotency-Key': 'a11y-overdue' });
  ids.overdue = overdue.id;

  // One complaint per level and several states, so every tag colour is on screen.
  const made: any[] = [];
  const texts = ['电梯停运三天无人维修', '楼道堆放杂物存在火灾隐患', '物业费上涨未公示', '地下车库漏水'];
  for (let level = 1; level <= 4; level++) {
    made.push(await admin.post('/complaints', { subject: texts[level - 1], description: `${texts[level - 1]}，请物业尽快处理。`, channel: level % 2 ? 'phone' : 'web', level, location: { text: '幸福小区3号楼' } }, { 'Idempotency-Key': `a11y-${level}` }));
  }
  await admin.post(`/complaints/${made[3].id}/actions`, { action: 'assign', departmentId: dept.id });
  await admin.post(`/complaints/${made[2].id}/actions`, { action: 'assign', departmentId: dept.id, ownerId: handler.id });
  const handlerApi = await apiClient(server.url, 'a11y-handler@e2e.test', PASSWORD);
  await handlerApi.post(`/complaints/${made[2].id}/actions`, { action: 'sign' });
  ids.detail = made[2].id;
  ids.subject = made[2].subject;

  // A mass cluster: three calls about one water problem.
  await admin.put('/triage/settings', { massSize: 3 });
  for (let i = 0; i < 3; i++) {
    await admin.post('/complaints', { subject: '幸福小区自来水发黄无法饮用', description: `幸福小区自来水连续两天发黄有异味，全楼居民无法饮用，请尽快处理。住户${i + 1}`, channel: 'phone', level: 4 }, { 'Idempotency-Key': `a11y-mass-${i}` });
  }
  const cluster = await until('a mass cluster', async () => (await admin.get<{ items: { id: string; size: number }[] }>('/clusters?mass=1')).items.find((x) => x.size >= 3));
  ids.cluster = cluster.id;

  // An emergency plan activated by hand: the plan and incident command screens have data.
  const plans = await admin.get<{ items: { id: string }[] }>('/contingency/plans');
  ids.plan = plans.items[0]!.id;
  ids.incident = (await admin.post('/incidents', { planId: ids.plan, level: 3, title: '幸福小区自来水发黄' })).id;
}

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('accessibility (axe-core: wcag2a, wcag2aa, wcag21aa)', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`has no serious or critical violation on the login screen (${lang})`, async () => {
      const ctx = await newContext(browser, watch, lang);
      await ctx.addInitScript((l) => {
        if (location.protocol.startsWith('http')) localStorage.setItem('redress.locale', l);
      }, lang);
      const page = await ctx.newPage();
      await page.goto(`${server.url}/login`);
      await page.locator('h1').waitFor();
      await page.waitForTimeout(400);
      const found = await axe(page, `login (${lang})`);
      await shot(page, `a11y-${lang}-login`);
      await ctx.close();
      expect(found).toEqual([]);
    });

    it(`has no serious or critical violation on any in-app screen (${lang})`, async () => {
      const page = await signedIn(lang);
      const found: Finding[] = [];
      const noH1: string[] = [];
      const nativeDates: string[] = [];
      for (const s of screens()) {
        await page.goto(`${server.url}${s.path}`);
        await page.locator(s.ready).first().waitFor({ timeout: 30_000 });
        if (s.then) await s.then(page);
        await page.waitForTimeout(500); // antd's entrance animations: axe must see final colours
        if ((await page.locator('main h1, #main h1').count()) !== 1) noH1.push(s.name);
        if (await page.locator('input[type="date"], input[type="datetime-local"]').count()) nativeDates.push(s.name);
        found.push(...(await axe(page, `${s.name} (${lang})`)));
        await shot(page, `a11y-${lang}-${s.name}`);
      }
      await page.context().close();
      expect({ screensWithoutOneH1: noH1, screensWithNativeDateInputs: nativeDates, violations: found }).toEqual({ screensWithoutOneH1: [], screensWithNativeDateInputs: [], violations: [] });
    });
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`has no serious or critical violation on the public portal's screens, on a phone (${lang})`, async () => {
      const ctx = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, locale: lang, bypassCSP: true });
      // A wrong code and an unknown survey link answer 404 by design, which the browser logs: watched apart.
      const portalWatch: Watch = { consoleErrors: [], dialogs: [] };
      ctx.on('page', (p) => observe(p, portalWatch));
      await ctx.addInitScript((l) => {
        if (location.protocol.startsWith('http')) localStorage.setItem('redress.portal.locale', l);
      }, lang);
      const page = await ctx.newPage();
      const found: Finding[] = [];
      const check = async (name: string) => {
        await page.mouse.move(0, 0); // no hover state left where the last tap was
        await page.waitForTimeout(500); // antd's entrance animations: axe must see final colours
        expect((await page.locator('main h1').count()), `${name}: one h1`).toBe(1);
        found.push(...(await axe(page, `portal-${name} (${lang})`)));
        await shot(page, `a11y-${lang}-portal-${name}`);
      };
      await page.goto(`${server.url}/portal`);
      await page.locator('[data-testid="portal-home"]').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      await check('home');
      await page.goto(`${server.url}/portal/submit`);
      await page.locator('[data-testid="portal-submit-button"]').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await check('submit-errors');
      await page.locator('#portal_description').fill(lang === 'en' ? 'The street light outside building 3 has been out for a week.' : '3号楼外的路灯坏了一个星期。');
      await page.locator('[data-testid="portal-consent"]').click();
      await page.locator('[data-testid="portal-submit-button"]').click();
      await page.locator('[data-testid="portal-result"]').waitFor({ timeout: 60_000 });
      await check('result');
      const trackingNo = (await page.locator('[data-testid="portal-tracking-no"]').innerText()).trim();
      const accessCode = (await page.locator('[data-testid="portal-access-code"]').innerText()).trim();
      await page.goto(`${server.url}/portal/track`);
      await page.locator('#track_trackingNo').fill(trackingNo);
      await page.locator('#track_accessCode').fill('WRONG');
      await page.locator('[data-testid="portal-track-submit"]').click();
      await page.locator('[data-testid="portal-error"]').waitFor();
      await check('track-error');
      // Staff reply, so the tracked view shows a reply and the open survey.
      const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
      const c = (await admin.get<{ items: { id: string; trackingNo: string }[] }>(`/complaints?q=${encodeURIComponent(trackingNo)}`)).items.find((x) => x.trackingNo === trackingNo)!;
      const handlerId = (await admin.get<{ items: { id: string; email: string }[] }>('/users')).items.find((u) => u.email === 'a11y-handler@e2e.test')!.id;
      const dept = (await admin.get<{ items: { id: string; nameZh: string }[] }>('/departments')).items.find((d) => d.nameZh === '物业服务科')!;
      await admin.post(`/complaints/${c.id}/actions`, { action: 'assign', departmentId: dept.id, ownerId: handlerId });
      const handlerApi = await apiClient(server.url, 'a11y-handler@e2e.test', PASSWORD);
      await handlerApi.post(`/complaints/${c.id}/actions`, { action: 'sign' });
      await handlerApi.post(`/complaints/${c.id}/actions`, { action: 'reply', message: lang === 'en' ? 'The light was repaired today.' : '路灯已于今日修复。' });
      await page.locator('#track_accessCode').fill(accessCode);
      await page.locator('[data-testid="portal-track-submit"]').click();
      await page.locator('[data-testid="portal-track-survey"]').waitFor({ timeout: 20_000 });
      await check('tracked');
      await page.locator('[data-testid="portal-survey-submit"]').click();
      await page.locator('[data-testid="portal-track-survey"] .ant-form-item-explain-error').first().waitFor();
      await page.locator('[data-testid="portal-track-survey"]').scrollIntoViewIfNeeded();
      await check('survey-errors');
      await page.goto(`${server.url}/portal/survey/no-such-survey-token-0123456789`);
      await page.locator('[data-testid="portal-error"]').waitFor();
      await check('survey-link-error');
      await ctx.close();
      expect(found).toEqual([]);
      expect(portalWatch.dialogs).toEqual([]);
      expect(portalWatch.consoleErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    });
  }

  it('marks mass-complaint members in the inbox and links each to its cluster', async () => {
    const page = await signedIn('zh-CN');
    await page.goto(`${server.url}/inbox`);
    await page.locator('[data-testid="inbox-row"]').first().waitFor();
    const marks = page.locator(`[data-testid="inbox-cluster"][data-mass="1"][href="/clusters/${ids.cluster}"]`);
    await marks.first().waitFor();
    expect(await marks.count()).toBe(3);
    expect(await marks.first().innerText()).toBe('群体');
    await marks.first().click();
    await page.locator('[data-testid="cluster-page"]').waitFor();
    await page.context().close();
  });

  it('filters the inbox by received date with an Ant Design range picker in the UI language', async () => {
    for (const [lang, start] of [['zh-CN', '开始日期'], ['en', 'Start date']] as const) {
      const page = await signedIn(lang);
      await page.goto(`${server.url}/inbox`);
      await page.locator('[data-testid="inbox-row"]').first().waitFor();
      const from = page.locator('.ant-picker-range input').first();
      expect(await from.getAttribute('placeholder')).toBe(start);
      await from.click();
      await from.fill('2020-01-01');
      await from.press('Enter');
      const to = page.locator('.ant-picker-range input').nth(1);
      await to.fill('2020-01-31');
      await to.press('Enter');
      await until('the range in the URL', async () => new URL(page.url()).searchParams.get('createdTo'));
      const url = new URL(page.url());
      expect(new Date(url.searchParams.get('createdFrom')!).getFullYear()).toBe(2020);
      await until('an empty list', async () => (await page.locator('[data-testid="inbox-row"]').count()) === 0);
      await page.context().close();
    }
  });

  it('shows an overdue deadline as days or hours overdue, not a negative countdown', async () => {
    const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
    await until('the overdue clock', async () => {
      const sla = await admin.get<{ items: { kind: string; status: string }[] }>(`/complaints/${ids.overdue}/sla`);
      return sla.items.some((k) => k.status === 'breached');
    }, 90_000);
    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await signedIn(lang);
      await page.goto(`${server.url}/inbox`);
      const badge = page.locator('[data-testid="inbox-row"]', { hasText: '小区路灯不亮' }).locator('[data-sla="breached"]');
      await badge.waitFor();
      const text = await badge.locator('[aria-hidden="true"]').innerText();
      expect(text).toMatch(lang === 'en' ? /^Overdue \d+ (min|h|day)/ : /^超期 \d+ (分钟|小时|天)$/);
      expect(text).not.toContain('-');
      expect(await axe(page, `inbox with overdue (${lang})`)).toEqual([]);
      await shot(page, `a11y-${lang}-inbox-overdue`);
      await page.context().close();
    }
  });

  it('can be used with the keyboard alone: sign in, skip to content, search, open a complaint', async () => {
    const ctx = await newContext(browser, watch, 'zh-CN');
    const page = await ctx.newPage();
    await page.goto(`${server.url}/login`);
    await page.locator('input[autocomplete="username"]').waitFor();
    // The e-mail field has focus on arrival; Tab reaches the password; Enter submits.
    await page.keyboard.type(USERS['zh-CN'].email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="inbox-row"]').first().waitFor();

    // First Tab: the skip link; Enter moves focus into the main region.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // "/" focuses the search; the subject finds the one complaint; Escape leaves the field; Enter opens it.
    await page.keyboard.press('/');
    await page.keyboard.type(ids.subject);
    await page.keyboard.press('Enter');
    await until('one row', async () => (await page.locator('[data-testid="inbox-row"]').count()) === 1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="complaint-page"]').waitFor();
    expect(page.url()).toContain(`/complaints/${ids.detail}`);

    // Every Tab stop on the complaint page is visible, named and outside aria-hidden content.
    const stops: { tag: string; name: string; hidden: boolean; visible: boolean }[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      stops.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          // A styled radio or checkbox is a zero-size input inside the label that is seen (and named by it).
          const label = el.closest('label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
          const r = (el.tagName === 'INPUT' && label ? label : el).getBoundingClientRect();
          const name = (el.getAttribute('aria-label') || el.innerText || el.getAttribute('title') || (el as HTMLInputElement).placeholder || label?.textContent || el.getAttribute('aria-labelledby') || '').trim();
          return { tag: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`, name, hidden: !!el.closest('[aria-hidden="true"]'), visible: r.width > 0 && r.height > 0 };
        }),
      );
    }
    expect(stops.filter((s) => s.hidden || !s.visible || !s.name)).toEqual([]);
    await ctx.close();
  });

  it('raised no dialogs and logged no console errors', () => {
    expect(watch.dialogs).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});
