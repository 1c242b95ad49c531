// Corrections in the workspace: the four serious-circumstance flags on a complaint, and the SLA
// policies in the structured editor (new versions through the form, the server's problems listed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, apiClient, launch, newContext, pickOption, shot, signInContext, startServer, type Server, type Watch } from './harness.js';

const PASSWORD = 'e2e-password-123';
const users = {
  coordinator: { email: 'fix-coord@e2e.test', name: '钱协调', roles: ['coordinator'] },
  handler: { email: 'fix-handler@e2e.test', name: '孙承办', roles: ['handler'] },
};

let server: Server;
let browser: Browser;
const watch: Watch = { consoleErrors: [], dialogs: [] };
let complaintId = '';

async function pageAs(email: string, password: string, locale = 'zh-CN'): Promise<Page> {
  const ctx = await newContext(browser, watch, locale);
  await signInContext(ctx, server.url, email, password);
  const page = await ctx.newPage();
  await page.goto(`${server.url}/`);
  await page.waitForSelector('[data-testid="user-menu"]');
  return page;
}

/** Lets a dialog's opening animation finish before a screenshot. */
const settle = (page: Page) => page.waitForTimeout(400);

/** Chromium logs each failed request as a console error; drop the one a test provoked on purpose. */
function expectFailedRequest(status: number) {
  const i = watch.consoleErrors.findIndex((m) => m.includes('Failed to load resource') && m.includes(String(status)));
  if (i >= 0) watch.consoleErrors.splice(i, 1);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
  const dept = await admin.post('/departments', { nameZh: '市容管理部', nameEn: 'City appearance' });
  for (const u of Object.values(users)) {
    await admin.post('/users', { email: u.email, name: u.name, password: PASSWORD, roles: u.roles, departmentIds: [dept.id] });
  }
  await admin.post('/categories', { code: 'roads', nameZh: '道路设施', nameEn: 'Roads', keywords: ['井盖', '路面'] });
  const c = await admin.post('/complaints', { subject: '人行道井盖缺失 <b>无人处理</b>', description: '学校门口人行道井盖缺失三天，只放了一个纸箱。', channel: 'phone', level: 4, departmentId: dept.id }, { 'Idempotency-Key': 'e2e-flags-1' });
  complaintId = c.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('correcting the serious-circumstance flags', () => {
  it('is not offered to a role that may not edit complaints', async () => {
    const page = await pageAs(users.handler.email, PASSWORD);
    await page.goto(`${server.url}/complaints/${complaintId}`);
    await page.locator('[data-testid="flags-card"] [data-flag="personalSafety"][data-on="0"]').waitFor();
    expect(await page.locator('[data-testid="flags-edit"]').count()).toBe(0);
    await page.context().close();
  });

  it('lets a coordinator set personal safety, raise the level the rules give, and keeps it after a reload', async () => {
    const page = await pageAs(users.coordinator.email, PASSWORD);
    await page.goto(`${server.url}/complaints/${complaintId}`);
    const card = page.locator('[data-testid="flags-card"]');
    await card.locator('[data-flag="personalSafety"][data-on="0"]').waitFor();
    expect(await page.locator('[data-testid="complaint-subject"]').innerText()).toContain('<b>');
    await card.locator('[data-testid="flags-edit"]').click();
    const dialog = page.locator('.ant-modal:has([data-testid="flags-dialog"])');
    expect(await dialog.locator('#flags-save').isDisabled()).toBe(true);
    await dialog.locator('[data-testid="flag-switch-personalSafety"]').click();
    // The severity rules with the new flag: personal safety is at least Level Ⅲ (the complaint is Ⅳ).
    await dialog.locator('[data-testid="flags-preview-level"][data-level="3"]').waitFor();
    expect(await dialog.locator('[data-testid="flags-apply-level"] input').isChecked()).toBe(true);
    await dialog.locator('[data-testid="flags-reason"]').fill('现场核实：井盖缺失处有学生经过，存在坠落风险');

    // A failed save shows the problem's detail and keeps the dialog open.
    await page.route(`**/api/v1/complaints/${complaintId}`, (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({ status: 409, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Conflict', status: 409, code: 'stale_version', detail: 'The complaint changed meanwhile; reload and try again' }) })
        : route.continue(),
    );
    await dialog.locator('#flags-save').click();
    await dialog.locator('[data-testid="flags-error"]', { hasText: 'The complaint changed meanwhile' }).waitFor();
    await settle(page);
    await shot(page, 'flags-01-dialog-error');
    expectFailedRequest(409);
    await page.unroute(`**/api/v1/complaints/${complaintId}`);

    await dialog.locator('#flags-save').click();
    await dialog.waitFor({ state: 'detached' });
    await card.locator('[data-flag="personalSafety"][data-on="1"]').waitFor();
    await page.locator('[data-testid="complaint-page"] [data-level="3"]').first().waitFor();
    const entry = page.locator('[data-testid="timeline"] [data-kind="updated"]');
    await entry.waitFor();
    expect(await entry.innerText()).toContain('涉及人身安全 否 → 是');
    expect(await entry.innerText()).toContain('等级 Ⅳ → Ⅲ');
    await shot(page, 'flags-02-saved');

    await page.reload();
    await card.locator('[data-flag="personalSafety"][data-on="1"]').waitFor();
    await card.locator('[data-flag="propertyLoss"][data-on="0"]').waitFor();
    await page.locator('[data-testid="complaint-page"] [data-level="3"]').first().waitFor();
    await page.context().close();

    const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
    const after = await admin.get(`/complaints/${complaintId}`);
    expect(after.flags).toEqual({ personalSafety: true, propertyLoss: false, mediaAttention: false, vulnerableGroup: false });
    expect(after.level).toBe(3);
  });

  it('reads well in English', async () => {
    const api = await apiClient(server.url, users.coordinator.email, PASSWORD);
    await api.patch('/auth/me', { locale: 'en' });
    try {
      const page = await pageAs(users.coordinator.email, PASSWORD, 'en');
      await page.goto(`${server.url}/complaints/${complaintId}`);
      const card = page.locator('[data-testid="flags-card"]');
      await card.getByText('Personal safety').waitFor();
      await page.locator('[data-testid="timeline"] [data-kind="updated"]', { hasText: 'Personal safety No → Yes' }).waitFor();
      await card.locator('[data-testid="flags-edit"]').click();
      const dialog = page.locator('.ant-modal:has([data-testid="flags-dialog"])');
      await dialog.locator('[data-testid="flag-switch-mediaAttention"]').click();
      await dialog.locator('[data-testid="flags-severity"] [data-testid="flags-preview-level"]').waitFor();
      await settle(page);
      await shot(page, 'flags-03-dialog-en');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.context().close();
    } finally {
      await api.patch('/auth/me', { locale: 'zh-CN' });
    }
  });
});

describe('SLA policies in the structured editor', () => {
  const row = (page: Page, id: string) => page.locator(`[data-testid="sla-policies"] tr[data-policy-id="${id}"]`);
  const versionIs = (page: Page, v: string) => page.locator('[data-testid="sla-config-version"]', { hasText: v }).waitFor();

  it('adds a channel policy, moves it first, saves a version and edits it', async () => {
    const page = await pageAs(ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/admin/sla`);
    await row(page, 'default-level-4').waitFor();
    await versionIs(page, '内置默认');
    await shot(page, 'sla-policies-01-table');

    await page.locator('[data-testid="policy-add"]').click();
    const dialog = page.locator('.ant-modal:has([data-testid="policy-form"])');
    await dialog.locator('#policy_name').fill('电话来件 Ⅲ级首次响应');
    await pickOption(page, dialog.locator('.ant-form-item:has(#policy_levels) .ant-select'), 'Ⅲ级 较大');
    await page.keyboard.press('Escape');
    await pickOption(page, dialog.locator('.ant-form-item:has(#policy_channels) .ant-select'), '电话');
    await page.keyboard.press('Escape');
    const first = dialog.locator('[data-kind="firstResponse"]');
    await first.locator('label.ant-radio-button-wrapper:has(input[value="set"])').click();
    // Set without a duration: the form says so next to the field.
    await dialog.locator('#policy-ok').click();
    await dialog.getByText('请填写时长').waitFor();
    await page.locator('#policy_targets_firstResponse_value').fill('2');
    await pickOption(page, dialog.locator('.ant-form-item:has(#policy_targets_firstResponse_unit) .ant-select'), '小时');
    await settle(page);
    await shot(page, 'sla-policies-02-form');
    const id = await dialog.locator('#policy_id').inputValue();
    await dialog.locator('#policy-ok').click();
    await dialog.waitFor({ state: 'detached' });
    await row(page, id).waitFor();
    await page.locator('[data-testid="policies-dirty"]').waitFor();
    // Last of five: move it to the top so it wins for Level Ⅲ phone complaints.
    for (let i = 0; i < 4; i++) await row(page, id).locator('[data-testid="policy-up"]').click();
    expect(await page.locator('[data-testid="sla-policies"] tbody tr[data-policy-id]').first().getAttribute('data-policy-id')).toBe(id);
    await page.locator('[data-testid="policies-save"]').click();
    await versionIs(page, '1');
    expect(await page.locator('[data-testid="policies-dirty"]').count()).toBe(0);

    const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
    let saved = await admin.get('/sla/policies');
    expect(saved.version).toBe(1);
    expect(saved.policies[0]).toEqual({ id, name: '电话来件 Ⅲ级首次响应', match: { levels: [3], channels: ['phone'] }, targets: { firstResponse: { value: 2, unit: 'hours', mode: 'natural' } } });
    expect(saved.policies).toHaveLength(5);

    // After a reload: edit it to 90 working minutes with a warning at 80 %.
    await page.reload();
    await versionIs(page, '1');
    await row(page, id).locator('[data-testid="policy-edit"]').click();
    await dialog.locator('#policy_id').waitFor();
    expect(await dialog.locator('#policy_id').isDisabled()).toBe(true);
    await page.locator('#policy_targets_firstResponse_value').fill('90');
    await pickOption(page, dialog.locator('.ant-form-item:has(#policy_targets_firstResponse_unit) .ant-select'), '分钟');
    await pickOption(page, dialog.locator('.ant-form-item:has(#policy_targets_firstResponse_mode) .ant-select'), '工作时间');
    await page.locator('#policy_targets_firstResponse_warnPct').fill('80');
    await dialog.locator('#policy-ok').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await row(page, id).innerText()).toContain('90 分钟');
    await page.locator('[data-testid="policies-save"]').click();
    await versionIs(page, '2');
    saved = await admin.get('/sla/policies');
    expect(saved.policies[0].targets).toEqual({ firstResponse: { value: 90, unit: 'minutes', mode: 'working', warnRatio: 0.8 } });
    await shot(page, 'sla-policies-03-saved');
    await page.context().close();
  });

  it('lists the server’s problems when a save is refused, and discards the draft', async () => {
    const page = await pageAs(ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/admin/sla`);
    await versionIs(page, '2');
    await row(page, 'default-level-4').locator('[data-testid="policy-delete"]').click();
    await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
    await page.locator('[data-testid="policies-uncovered"]').waitFor();
    await page.locator('[data-testid="policies-save"]').click();
    await page.locator('[data-testid="policies-problems"]', { hasText: 'level Ⅳ has no fallback policy' }).waitFor();
    expectFailedRequest(400);
    expect(await page.locator('[data-testid="policies-discard"]').isDisabled()).toBe(false);
    await shot(page, 'sla-policies-04-problems');
    await page.locator('[data-testid="policies-discard"]').click();
    await row(page, 'default-level-4').waitFor();
    await versionIs(page, '2');
    await page.context().close();
  });

  it('edits the business calendar as a form: a bad time is caught, a day off is saved and shown in the month', async () => {
    const page = await pageAs(ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/admin/sla`);
    await page.getByRole('tab', { name: '工作日历' }).click();
    await page.locator('[data-testid="sla-calendar-version"]', { hasText: '内置默认' }).waitFor();
    await page.locator('[data-testid="calendar-month"] [data-kind="workday"]').first().waitFor();
    const date = `${await page.locator('[data-testid="calendar-month-label"]').innerText()}-15`;
    await page.locator('#calendar_workingHours_1_end').fill('25:00');
    await page.locator('[data-testid="calendar-add-override"]').click();
    await page.locator('#calendar_overrides_0_date').click();
    await page.locator('#calendar_overrides_0_date').fill(date);
    await page.keyboard.press('Enter');
    expect(await page.locator('#calendar_overrides_0_date').inputValue()).toBe(date);
    await page.locator('#calendar_overrides_0_note').fill('停电检修');
    await page.locator('[data-testid="calendar-save"]').click();
    await page.locator('[data-testid="calendar-hours"]').getByText('请填写 HH:MM 格式的时间').waitFor();
    await page.locator('#calendar_workingHours_1_end').fill('18:00');
    await page.locator('[data-testid="calendar-save"]').click();
    await page.locator('[data-testid="sla-calendar-version"]', { hasText: '1' }).waitFor();
    await page.locator(`[data-testid="calendar-month"] [data-day="${date}"][data-kind="override-off"]`).waitFor();
    await shot(page, 'sla-calendar-01-saved');
    const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
    const saved = await admin.get('/sla/calendar');
    expect(saved.version).toBe(1);
    expect(saved.calendar.overrides).toEqual([{ date, kind: 'holiday', note: '停电检修' }]);
    expect(saved.calendar.workingHours).toEqual([{ start: '09:00', end: '12:00' }, { start: '13:30', end: '18:00' }]);
    expect(saved.calendar.holidays).toEqual({ country: 'CN' });
    await page.context().close();
  });

  it('reads well in English', async () => {
    const admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
    await admin.patch('/auth/me', { locale: 'en' });
    try {
      const page = await pageAs(ADMIN.email, ADMIN.password, 'en');
      await page.goto(`${server.url}/admin/sla`);
      await row(page, 'default-level-1').waitFor();
      await page.getByRole('button', { name: /Save as new version/ }).waitFor();
      await shot(page, 'sla-policies-05-table-en');
      await row(page, 'default-level-2').locator('[data-testid="policy-edit"]').click();
      const dialog = page.locator('.ant-modal:has([data-testid="policy-form"])');
      await dialog.getByText('Targets').first().waitFor();
      await settle(page);
      await shot(page, 'sla-policies-06-form-en');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('tab', { name: 'Business calendar' }).click();
      await page.locator('[data-testid="calendar-month"] [data-kind="override-off"]').waitFor();
      await shot(page, 'sla-calendar-02-en');
      await page.context().close();
    } finally {
      await admin.patch('/auth/me', { locale: 'zh-CN' });
    }
  });

  it('raised no dialogs and logged no console errors', () => {
    expect(watch.dialogs).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});
