// The incident command journey (issue 13): a leader activates the customer-complaint plan by hand,
// fills a role and completes a task; a PR officer drafts and submits a public statement, the PR
// officer and then the leader approve it, the PR officer publishes it and it appears on the public
// notice page, signed out, in the visitor's language. Screenshots of every screen in zh-CN and en.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, apiClient, launch, newContext, pickOption, shot, signInContext, startServer, type Server, type Watch } from './harness.js';

const PASSWORD = 'e2e-password-123';
const LEADER = { email: 'incident-leader@e2e.test', name: '陈领导', roles: ['leader'] };
const PR = { email: 'incident-pr@e2e.test', name: '林公关', roles: ['pr_officer'] };
const LEAD = { email: 'incident-lead@e2e.test', name: '赵调查', roles: ['dept_head'] };
const TITLE = '幸福小区物业服务集中投诉';
const SCHEDULE = '新闻发言人值班';
const NOTICE = { zh: '关于幸福小区物业服务问题的情况通报', en: 'Update on the Xingfu estate property service complaints' };

let server: Server;
let browser: Browser;
const watch: Watch = { consoleErrors: [], dialogs: [] };
let incidentId = '';
let planId = '';
let complaint = { id: '', trackingNo: '' };

async function pageAs(who: { email: string } | null, locale = 'zh-CN'): Promise<Page> {
  const ctx = await newContext(browser, watch, locale);
  if (who) await signInContext(ctx, server.url, who.email, PASSWORD);
  return ctx.newPage();
}

/** Fails on text of the other language on the page: a screen never mixes them. */
async function expectOneLanguage(page: Page, locale: 'zh-CN' | 'en', allow: string[] = []): Promise<void> {
  let text = await page.locator('body').innerText();
  for (const a of [...allow].sort((x, y) => y.length - x.length)) text = text.split(a).join(''); // longest first
  if (locale === 'en') expect(text.match(/[\u4e00-\u9fff]+/g) ?? []).toEqual([]);
  expect(text).not.toMatch(/\{t\(|ctErrors\.|inc\.|ctPlan\./); // no raw keys or template code (plan templates keep their {{placeholders}})
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
  const dept = await admin.post('/departments', { nameZh: '物业管理科', nameEn: 'Property management' });
  const made: Record<string, string> = {};
  for (const u of [LEADER, PR, LEAD]) made[u.email] = (await admin.post('/users', { email: u.email, name: u.name, password: PASSWORD, roles: u.roles, departmentIds: u === LEAD ? [dept.id] : [] })).id;
  await admin.post('/oncall/schedules', { name: SCHEDULE, roleKey: 'pr_officer', participants: [made[PR.email]], period: 'daily', handoffTime: '09:00', startsOn: '2026-01-01' });
  complaint = await admin.post('/complaints', { subject: '幸福小区电梯困人', description: '3号楼电梯困人半小时，物业迟迟未到。', channel: 'phone', level: 2 }, { 'Idempotency-Key': 'e2e-incident-1' });
  const plans = await admin.get<{ items: { id: string; key: string }[] }>('/contingency/plans');
  planId = plans.items.find((p) => p.key.includes('customer'))!.id;
  await admin.post('/resources', { kind: 'supplier', name: '安心维修服务公司', description: '电梯与水电应急维修', tags: ['维修', '电梯'], contactName: '刘经理', contactPhone: '13800001234' });
  await admin.post('/resources', { kind: 'inventory', name: '应急饮用水', tags: ['物资'], quantity: 20, unit: '箱', lowStockThreshold: 50 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('incident command journey', () => {
  it('a leader activates a plan by hand from the plans list', async () => {
    const page = await pageAs(LEADER);
    await page.goto(`${server.url}/plans`);
    const row = page.locator('[data-testid="plan-row"]', { hasText: '客户投诉应急预案' });
    await row.waitFor();
    await shot(page, 'incident-01-plans-zh');
    await row.locator('[data-testid="activate-plan"]').click();
    const form = page.locator('[data-testid="activate-form"]');
    await form.waitFor();
    await pickOption(page, form.locator('.ant-select').nth(1), '一般');
    await form.getByLabel('事件名称').fill(TITLE);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('[data-testid="incident-page"]').waitFor();
    incidentId = page.url().split('/incidents/')[1]!;
    expect(await page.locator('h1').innerText()).toBe(TITLE);
    expect(await page.locator('[data-testid="incident-plan-link"]').innerText()).toContain('v1');
    expect(await page.locator('[data-testid="task-row"]').count()).toBeGreaterThan(3);
    await page.context().close();
  });

  it('the leader fills a role and completes a task', async () => {
    const page = await pageAs(LEADER);
    await page.goto(`${server.url}/incidents/${incidentId}`);
    const role = page.locator('[data-testid="role-row"][data-role="investigation_lead"]');
    await role.locator('[data-testid="assign-role"]').click();
    await pickOption(page, page.locator('.ant-modal [data-testid="role-user"]'), LEAD.name);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await role.locator('[data-testid="role-holder"]', { hasText: LEAD.name }).waitFor();

    const task = page.locator('[data-testid="task-row"][data-step="notify_leader"]');
    await task.locator('[data-testid="task-done"]').click();
    await page.locator('[data-testid="task-row"][data-step="notify_leader"][data-status="done"]').waitFor();
    // A situation report (the next one's due time moves on) and a compensation proposal.
    await page.locator('[data-testid="add-sitrep"]').click();
    await page.getByLabel('当前情况').fill('已核实12户反映的电梯和保洁问题，物业经理已到场。');
    await page.getByLabel('已采取措施').fill('派维修人员检修电梯，增加保洁频次。');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('[data-testid="sitreps-panel"]', { hasText: '物业经理已到场' }).waitFor();
    await page.locator('[data-testid="compensation-panel"]').getByRole('button', { name: '提出赔偿' }).click();
    await pickOption(page, page.locator('.ant-modal .ant-select').first(), '代金券');
    await page.getByLabel('金额（元）').fill('200');
    await page.getByLabel('理由').fill('电梯停运期间给住户带来不便');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('[data-testid="compensation-panel"] .ant-table-row', { hasText: '待审批' }).waitFor();
    expect(await page.locator('[data-testid="compensation-panel"]').innerText()).toContain('¥200.00');
    await expectOneLanguage(page, 'zh-CN');
    // The timeline tells it, in Chinese.
    await page.locator('[data-testid="incident-timeline"] [data-kind="task_done"]').waitFor();
    await shot(page, 'incident-02-command-zh');
    await page.context().close();
  });

  it('a PR officer drafts, submits and approves a statement; the leader approves; the PR officer publishes', async () => {
    const pr = await pageAs(PR);
    await pr.goto(`${server.url}/incidents/${incidentId}`);
    await pr.locator('[data-testid="statement-draft"]').click();
    const form = pr.locator('[data-testid="statement-form"]');
    await form.locator('#titleZh').fill(NOTICE.zh);
    await form.locator('#titleEn').fill(NOTICE.en);
    await form.locator('#bodyZh').fill('我们已成立工作组，正在逐户核实情况，将于24小时内公布处理进展。');
    await form.locator('#bodyEn').fill('A working group has been formed and is checking every household; progress will be published within 24 hours.');
    await pr.locator('.ant-modal-footer .ant-btn-primary').click();
    const statement = pr.locator('[data-testid="statement"]', { hasText: NOTICE.zh });
    await statement.locator('[data-testid="statement-submit"]').click();
    await pr.locator('[data-testid="statement"][data-status="submitted"]').waitFor();
    await statement.locator('[data-testid="statement-approve"]').click();
    await statement.locator('[data-testid="statement-approval"]', { hasText: PR.name }).waitFor();
    expect(await statement.locator('[data-testid="statement-publish"]').count()).toBe(0); // the leader has not approved yet

    const leader = await pageAs(LEADER);
    await leader.goto(`${server.url}/incidents/${incidentId}`);
    const seen = leader.locator('[data-testid="statement"]', { hasText: NOTICE.zh });
    await seen.locator('[data-testid="statement-approve"]').click();
    await seen.locator('[data-testid="statement-approval"]', { hasText: LEADER.name }).waitFor();
    await leader.context().close();

    await pr.reload();
    await statement.locator('[data-testid="statement-publish"]').click();
    await pr.locator('[data-testid="statement"][data-status="published"]').waitFor();
    await shot(pr, 'incident-03-statement-published-zh');
    await pr.context().close();
  });

  it('the leader reveals a resource contact with a reason; on-call shows who is on call now', async () => {
    const page = await pageAs(LEADER);
    await page.goto(`${server.url}/resources`);
    const row = page.locator('[data-testid="resource-row"]', { hasText: '安心维修服务公司' });
    expect(await row.locator('[data-testid="resource-contact"]').innerText()).not.toContain('13800001234');
    await row.getByRole('button', { name: '查看联系方式' }).click();
    await page.getByLabel('查看原因').fill('联系维修公司处置电梯故障');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await row.locator('[data-testid="resource-contact"]', { hasText: '13800001234' }).waitFor();
    await shot(page, 'incident-06-resources-zh');
    await page.goto(`${server.url}/oncall`);
    const card = page.locator('[data-testid="oncall-schedule"]', { hasText: SCHEDULE });
    expect(await card.innerText()).toContain(PR.name);
    await shot(page, 'incident-07-oncall-zh');
    await page.context().close();
  });

  it('the statement is on the public notice page, signed out, in each language', async () => {
    for (const [locale, title] of [['zh-CN', NOTICE.zh], ['en', NOTICE.en]] as const) {
      const page = await pageAs(null, locale);
      await page.goto(`${server.url}/notices`);
      const item = page.locator('[data-testid="notice"]', { hasText: title });
      await item.waitFor();
      await page.waitForTimeout(400); // the list's loading fade
      await shot(page, `incident-04-notices-${locale}`);
      await item.locator('a').click();
      await page.locator('[data-testid="notice-detail"]').waitFor();
      expect(await page.locator('h1').innerText()).toBe(title);
      await expectOneLanguage(page, locale);
      await shot(page, `incident-05-notice-${locale}`);
      await page.context().close();
    }
  });

  it('the leader revises the plan in the structured editor: a server error lands on its field; compare; a drill starts from the plan', async () => {
    const page = await pageAs(LEADER);
    await page.goto(`${server.url}/plans/${planId}`);
    await page.getByRole('button', { name: '新建修订稿' }).click();
    const editor = page.locator('[data-testid="plan-editor"]');
    await editor.waitFor();
    // Step 2 takes step 1's key: the server refuses (plan_duplicate_key) and says so on that field.
    await editor.locator('#steps_1_key').fill('notify_leader');
    await page.locator('[data-testid="save-draft"]').click();
    const field = editor.locator('.ant-form-item', { has: page.locator('#steps_1_key') });
    await field.locator('.ant-form-item-explain-error', { hasText: '标识重复' }).waitFor();
    expect(await page.locator('[data-testid="plan-editor-error"]').innerText()).toContain('标识重复');
    await field.scrollIntoViewIfNeeded();
    await shot(page, 'incident-08-plan-editor-error-zh');
    await editor.locator('#steps_1_key').fill('form_group');
    await editor.locator('#general_zh').fill('为及时、妥善处置重大客户投诉，制定本预案（第二版）。');
    await editor.locator('#general_en').fill('This plan sets out how serious customer complaints are handled (second edition).');
    await page.locator('[data-testid="save-draft"]').click();
    await page.locator('[data-testid="plan-view"]').waitFor();
    expect(await page.locator('[data-testid="plan-view"]').innerText()).toContain('第二版');

    // The editor in English (the same draft), then back; the Chinese "saved" toast goes first.
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await page.locator('[data-testid="language-switcher"]').click();
    await page.locator('.ant-select-item-option', { hasText: 'English' }).click();
    await page.locator('[data-testid="edit-draft"]').click();
    await editor.waitFor();
    await shot(page, 'incident-08-plan-editor-en');
    // (The zh half of each pair holds Chinese text by design; the labels are English.)
    expect(await editor.locator('label').first().innerText()).toMatch(/^[\x20-\x7e]+$/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-testid="language-switcher"]').click();
    await page.locator('.ant-select-item-option', { hasText: '简体中文' }).click();

    await page.locator('[data-testid="version-row"][data-version="2"]').getByRole('button', { name: '审核通过' }).click();
    await page.locator('[data-testid="version-row"][data-version="2"] [data-plan-status="approved"]').waitFor();
    const compare = page.locator('[data-testid="plan-compare"]');
    expect(await compare.innerText()).toContain('第二版');
    await compare.scrollIntoViewIfNeeded();
    await shot(page, 'incident-09-plan-compare-zh');

    await page.locator('[data-testid="start-drill"]').click();
    await page.locator('[data-testid="activate-form"]').waitFor();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('[data-testid="incident-page"] [data-testid="drill-mark"]').first().waitFor();
    // The stored title carries the server's 【演练】[DRILL] mark; the screen shows it as a tag in its language.
    expect(await page.locator('h1').innerText()).toBe('客户投诉应急预案');
    await shot(page, 'incident-09-drill-zh');
    await page.context().close();
  });

  it('a leader activates a plan from a complaint page; the incident links the complaint', async () => {
    const page = await pageAs(LEADER);
    await page.goto(`${server.url}/complaints/${complaint.id}`);
    await page.locator('[data-testid="complaint-activate-plan"]').click();
    const form = page.locator('[data-testid="activate-form"]');
    await form.waitFor();
    expect(await form.getByLabel('事件名称').inputValue()).toBe('幸福小区电梯困人');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const linked = page.locator('[data-testid="incident-complaints"] a', { hasText: complaint.trackingNo });
    await linked.waitFor();
    await linked.click();
    await page.locator('[data-testid="complaint-page"]').waitFor();
    await page.context().close();
  });

  it('every screen in English, with no Chinese on it (names users typed aside)', async () => {
    const page = await pageAs(LEADER, 'en');
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid="user-menu"]');
    await page.locator('[data-testid="language-switcher"]').click();
    await page.locator('.ant-select-item-option', { hasText: 'English' }).click();
    await page.locator('nav', { hasText: 'Incidents' }).waitFor();
    const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
    const titles = (await admin.get<{ items: { title: string }[] }>('/incidents')).items.flatMap((i) => [i.title, i.title.replace(/^【演练】\[DRILL\]\s*/, '')]);
    const typed = [...titles, LEADER.name, LEAD.name, PR.name, TITLE, '系统管理员', '安心维修服务公司', '电梯与水电应急维修', '维修', '电梯', '刘经理', '刘', SCHEDULE, '已核实12户反映的电梯和保洁问题，物业经理已到场。', '派维修人员检修电梯，增加保洁频次。', '电梯停运期间给住户带来不便', '幸福小区电梯困人', '应急饮用水', '物资', '箱', '物业管理科'];
    const screens: [string, string, string][] = [
      ['plans', '/plans', '[data-testid="plan-row"]'],
      ['plan', `/plans/${planId}`, '[data-testid="plan-page"]'],
      ['incidents', '/incidents', '[data-testid="incident-row"]'],
      ['incident', `/incidents/${incidentId}`, '[data-testid="incident-timeline"]'],
      ['resources', '/resources', '[data-testid="resource-row"]'],
      ['oncall', '/oncall', '[data-testid="oncall-page"]'],
    ];
    for (const [name, path, ready] of screens) {
      await page.goto(`${server.url}${path}`);
      await page.locator(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, `incident-10-${name}-en`);
      await expectOneLanguage(page, 'en', typed);
    }
    await page.locator('[data-testid="language-switcher"]').click();
    await page.locator('.ant-select-item-option', { hasText: '简体中文' }).click();
    for (const [name, path, ready] of screens) {
      await page.goto(`${server.url}${path}`);
      await page.locator(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, `incident-11-${name}-zh`);
    }
    await page.context().close();
    expect(watch.dialogs).toEqual([]);
    // The editor's refused save (400 plan_duplicate_key) is the one expected failed request.
    expect(watch.consoleErrors.filter((m) => !/\/plans\/[^ ]*: Failed to load resource: the server responded with a status of 400/.test(m))).toEqual([]);
  });
});
