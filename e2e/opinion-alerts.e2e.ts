// Public-opinion alert journey: a gateway pushes two hours of a watchlist's mentions (a steady
// baseline, then a burst of negative posts in the last closed window); the debounced evaluation raises
// an alert; the PR officer sees it on 舆情预警, opens its mentions, promotes one to a complaint, and the
// complaint's page shows the linked mention (the public conversation about it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, apiClient, launch, newContext, shot, signInContext, startServer, type Server, type Watch } from './harness.js';
import { sign } from '../src/server/platform/notify/webhooks.js';

let server: Server;
let browser: Browser;
const watch: Watch = { consoleErrors: [], dialogs: [] };
const PASSWORD = 'e2e-opinion-password-1';
const PR = { email: 'pr@e2e.test', name: '周公关', roles: ['pr_officer'] };
const W = 5 * 60_000;

async function pageAs(email: string, password: string): Promise<Page> {
  const ctx = await newContext(browser, watch, 'zh-CN');
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
  await admin.post('/users', { ...PR, password: PASSWORD, departmentIds: [] });
  const pr = await apiClient(server.url, PR.email, PASSWORD);
  const source = await pr.post('/opinion/sources', { name: '微博网关', kind: 'push' });
  await pr.post('/opinion/watchlists', { name: '城南工地', definition: { subjects: ['工地'] } });
  const lastClosed = Math.floor(Date.now() / W) * W - W;
  const mentions: unknown[] = [];
  let n = 0;
  for (let k = 20; k >= 1; k--) {
    for (let j = 0; j < 12; j++) mentions.push({ url: `https://weibo.example/e2e/${++n}`, author: `路人${n}`, publishedAt: new Date(lastClosed - k * W + j * 1000).toISOString(), text: `城南工地今天照常施工（${n}）` });
  }
  for (let j = 0; j < 60; j++) mentions.push({ url: `https://weibo.example/e2e/${++n}`, author: `业主${n}`, publishedAt: new Date(lastClosed + j * 1000).toISOString(), text: `城南工地凌晨还在打桩，噪音太大，投诉多次没人管，太过分了（${n}）`, metrics: { reposts: 100 + j, comments: 10, likes: 50 } });
  const raw = JSON.stringify({ mentions });
  const ts = String(Math.floor(Date.now() / 1000));
  const r = await fetch(`${server.url}/api/v1/opinion/mentions`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'x-redress-source': source.id, 'x-redress-timestamp': ts, 'x-redress-signature': sign(source.secret, ts, raw) } });
  expect(r.status, await r.clone().text()).toBe(200);
  // The debounced evaluation (10 s after the batch) raises the alert.
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if ((await pr.get('/opinion/alerts')).items.length) break;
    await new Promise((res) => setTimeout(res, 1000));
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('opinion alert journey', () => {
  it('the PR officer sees the alert, opens its mentions, promotes one, and the complaint shows it', async () => {
    const page = await pageAs(PR.email, PASSWORD);
    await page.getByRole('link', { name: '舆情预警' }).click();
    await page.getByTestId('opinion-alerts-page').waitFor();
    await page.getByRole('button', { name: '城南工地' }).click();
    const first = page.getByTestId('alert-mention').first();
    await first.waitFor();
    expect(await first.textContent()).toContain('打桩');
    await shot(page, 'opinion-01-alert');
    await first.getByRole('button', { name: '转为投诉' }).click();
    const link = first.getByRole('link', { name: /转为投诉/ });
    await link.waitFor();
    await link.click();
    const conv = page.getByTestId('complaint-conversation');
    await conv.waitFor();
    expect(await conv.textContent()).toContain('打桩');
    expect(await page.getByTestId('complaint-description').textContent()).toContain('https://weibo.example/e2e/');
    await shot(page, 'opinion-02-complaint');
    expect(watch.consoleErrors).toEqual([]);
  }, 120_000);
});
