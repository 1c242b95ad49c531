// Content Security Policy: Chromium loads every screen with the server's CSP on and reports no
// violation — no securitypolicyviolation event and no "Refused to …" console error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, apiClient, launch, newContext, signInContext, startServer, type Server, type Watch } from './harness.js';

let server: Server;
let browser: Browser;
const watch: Watch = { consoleErrors: [], dialogs: [] };
const ids = { complaint: '', cluster: '', plan: '', incident: '' };

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
  const dept = await admin.post('/departments', { nameZh: '供水服务科', nameEn: 'Water services' });
  await admin.post('/categories', { code: 'water', nameZh: '供水', nameEn: 'Water supply', defaultDepartmentId: dept.id, keywords: ['停水', '水压'] });
  for (let i = 0; i < 3; i++) {
    const c = await admin.post('/complaints', { subject: '幸福小区停水两天', description: `幸福小区3号楼停水两天，至今没有通知（第${i + 1}位来电）。`, channel: 'phone', level: 3, location: { text: '幸福小区' } }, { 'Idempotency-Key': `csp-${i}` });
    ids.complaint ||= c.id;
  }
  const clusters = await admin.get<{ items: { id: string }[] }>('/clusters');
  ids.cluster = clusters.items[0]?.id ?? '';
  const plans = await admin.get<{ items: { id: string }[] }>('/contingency/plans');
  ids.plan = plans.items[0]!.id;
  ids.incident = (await admin.post('/incidents', { planId: ids.plan, level: 3, title: '幸福小区停水' })).id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Records CSP violations in the page, from before any of its scripts run. */
async function cspPage(signedIn: boolean): Promise<Page> {
  const ctx = await newContext(browser, watch, 'zh-CN');
  await ctx.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  if (signedIn) await signInContext(ctx, server.url, ADMIN.email, ADMIN.password);
  return ctx.newPage();
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

describe('Content Security Policy', () => {
  it('the server sends a CSP with no inline or eval’d script, frame-ancestors none and a Referrer-Policy', async () => {
    const r = await fetch(`${server.url}/login`);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('every screen loads with the CSP on and no violation', async () => {
    const found: string[] = [];
    const login = await cspPage(false);
    await login.goto(`${server.url}/login`);
    await login.waitForSelector('button[type="submit"]');
    found.push(...(await violations(login)).map((v) => `login: ${v}`));
    // The public notice page: no sign-in.
    await login.goto(`${server.url}/notices`);
    await login.waitForSelector('h1');
    await login.waitForLoadState('networkidle');
    found.push(...(await violations(login)).map((v) => `notices: ${v}`));

    const page = await cspPage(true);
    const screens = [
      '/inbox',
      '/intake',
      `/complaints/${ids.complaint}`,
      '/dashboard',
      '/clusters',
      ...(ids.cluster ? [`/clusters/${ids.cluster}`] : []),
      '/profile',
      '/admin/users',
      '/admin/departments',
      '/admin/categories',
      '/admin/templates',
      '/admin/triage',
      '/admin/sla',
      '/admin/webhooks',
      '/admin/jobs',
      '/admin/tokens',
      '/admin/audit',
      '/plans',
      `/plans/${ids.plan}`,
      '/incidents',
      `/incidents/${ids.incident}`,
      '/resources',
      '/oncall',
    ];
    for (const p of screens) {
      await page.goto(`${server.url}${p}`);
      await page.waitForSelector('[data-testid="user-menu"]');
      await page.waitForLoadState('networkidle');
      found.push(...(await violations(page)).map((v) => `${p}: ${v}`));
    }
    const refused = watch.consoleErrors.filter((m) => /Content Security Policy|Refused to/i.test(m));
    expect([...found, ...refused]).toEqual([]);
    // The recorder itself works: an inline script is refused and reported.
    await page.addScriptTag({ content: 'window.__inlineRan = true' }).catch(() => undefined);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    expect((await violations(page)).some((v) => v.startsWith('script-src'))).toBe(true);
  });
});
