// The emergency module's write screens, as an administrator uses them: a new plan opens on its
// draft's editor (a taken key is refused on the dialog), a complaint category gets a plan and a
// response strategy (应对策略), a resource is added and found by a Chinese substring, an on-call
// schedule is created and shows who is on call now (an override takes over and is removed again).
// Every dialog is photographed in zh-CN and en; the English ones carry no Chinese but typed names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { ADMIN, apiClient, launch, newContext, pickOption, shot, signInContext, startServer, type Server, type Watch } from './harness.js';

const PASSWORD = 'e2e-password-123';
const ADMIN_EN = { email: 'admin-en@e2e.test', name: 'Ada Admin', roles: ['admin'] };
const DUTY = [
  { email: 'duty-wang@e2e.test', name: '王值班', roles: ['handler'] },
  { email: 'duty-li@e2e.test', name: '李值班', roles: ['handler'] },
  { email: 'duty-zhao@e2e.test', name: '赵替班', roles: ['handler'] },
];
const PLAN = { key: 'staff_canteen_hygiene', zh: '职工食堂卫生应急预案', en: 'Staff canteen hygiene plan' };
const CATEGORY = { code: 'canteen', nameZh: '食堂餐饮', nameEn: 'Canteen' };
const STRATEGY = { zh: '先封存留样，再通知市场监管部门。', en: 'Seal the food samples first, then notify the market regulator.' };
const RESOURCE = { name: '一次性医用口罩', description: '食堂应急储备', tag: '防疫', unit: '盒' };
const SCHEDULE = '食堂应急值班';

let server: Server;
let browser: Browser;
const watch: Watch = { consoleErrors: [], dialogs: [] };
let takenKey = '';
let categoryId = '';
let admin: Awaited<ReturnType<typeof apiClient>>;

async function pageAs(who: { email: string; password: string }, locale = 'zh-CN'): Promise<Page> {
  const ctx = await newContext(browser, watch, locale);
  await signInContext(ctx, server.url, who.email, who.password);
  return ctx.newPage();
}
const zhAdmin = () => pageAs(ADMIN);

/** The OK button of the dialog holding `form` (other dialogs stay mounted, hidden, on the same page). */
const okOf = (page: Page, form: Locator) => page.locator('.ant-modal', { has: form }).locator('.ant-modal-footer .ant-btn-primary');

/** Fails on text of the other language on the page: a screen never mixes them. */
async function expectOneLanguage(page: Page, allow: string[]): Promise<void> {
  let text = await page.locator('body').innerText();
  for (const a of [...allow].sort((x, y) => y.length - x.length)) text = text.split(a).join('');
  expect(text.match(/[\u4e00-\u9fff]+/g) ?? []).toEqual([]);
  expect(text).not.toMatch(/ctNew\.|ctMap\.|resEdit\.|oncallEdit\.|ctErrors\./);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  admin = await apiClient(server.url, ADMIN.email, ADMIN.password);
  await admin.post('/departments', { nameZh: '后勤保障科', nameEn: 'Logistics' });
  categoryId = (await admin.post('/categories', { ...CATEGORY, keywords: ['食堂'] })).id;
  for (const u of [ADMIN_EN, ...DUTY]) await admin.post('/users', { email: u.email, name: u.name, password: PASSWORD, roles: u.roles, departmentIds: [] });
  takenKey = (await admin.get<{ items: { key: string }[] }>('/contingency/plans')).items[0]!.key;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('emergency administration', () => {
  it('an admin creates a plan (a taken key is refused) and lands on its draft editor', async () => {
    const page = await zhAdmin();
    await page.goto(`${server.url}/plans`);
    await page.locator('[data-testid="new-plan"]').click();
    const form = page.locator('[data-testid="new-plan-form"]');
    await form.waitFor();
    await form.locator('#key').fill(takenKey);
    await form.locator('#title_zh').fill(PLAN.zh);
    await form.locator('#title_en').fill(PLAN.en);
    await okOf(page, form).click();
    expect(await page.locator('[data-testid="new-plan-error"]').innerText()).toContain('预案编号已被使用');
    await form.locator('#key').fill(PLAN.key);
    await shot(page, 'emergency-admin-01-new-plan-zh');
    await okOf(page, form).click();
    const editor = page.locator('[data-testid="plan-editor"]');
    await editor.waitFor();
    expect(page.url()).toMatch(/\/plans\/[^/?]+\?edit=1$/);
    expect(await editor.locator('#title_zh').inputValue()).toBe(PLAN.zh);
    expect(await page.locator('[data-testid="plan-page"]').innerText()).toContain('草稿');
    await shot(page, 'emergency-admin-02-plan-editor-zh');
    // The starting content is valid as it stands: saving it is accepted.
    await page.locator('[data-testid="save-draft"]').click();
    await editor.waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid="plan-editor-error"]').count()).toBe(0);
    const plan = (await admin.get<{ items: { key: string; latest: { version: number; status: string } }[] }>('/contingency/plans')).items.find((p) => p.key === PLAN.key);
    expect(plan?.latest).toMatchObject({ version: 1, status: 'draft' });
    await page.context().close();
  });

  it('the admin maps a category to the plan with a response strategy', async () => {
    const page = await zhAdmin();
    await page.goto(`${server.url}/plans`);
    await page.getByRole('tab', { name: '类别与预案' }).click();
    const row = page.locator('[data-testid="category-row"]', { hasText: CATEGORY.nameZh });
    await row.locator('[data-testid="edit-mapping"]').click();
    const form = page.locator('[data-testid="mapping-form"]');
    await pickOption(page, form.locator('[data-testid="mapping-plan"]'), PLAN.zh);
    // Half a strategy is refused on the dialog: both languages or neither.
    await form.locator('[data-testid="mapping-strategy-zh"]').fill(STRATEGY.zh);
    await okOf(page, form).click();
    expect(await page.locator('[data-testid="mapping-error"]').innerText()).toContain('中英文');
    await form.locator('[data-testid="mapping-strategy-en"]').fill(STRATEGY.en);
    await shot(page, 'emergency-admin-03-category-plan-zh');
    await okOf(page, form).click();
    await page.locator('[data-testid="category-row"]', { hasText: STRATEGY.zh }).waitFor();
    expect(await row.innerText()).toContain(PLAN.zh);
    const saved = await admin.get<{ planKey: string | null; responseStrategy: { zh: string } | null }>(`/contingency/categories/${categoryId}`);
    expect(saved).toMatchObject({ planKey: PLAN.key, responseStrategy: STRATEGY });
    await shot(page, 'emergency-admin-04-category-plans-zh');
    await page.context().close();
  });

  it('the admin adds an inventory resource and finds it by a Chinese substring', async () => {
    const page = await zhAdmin();
    await page.goto(`${server.url}/resources`);
    await page.locator('[data-testid="resources-page"]').waitFor();
    await page.locator('[data-testid="new-resource"]').click();
    const form = page.locator('[data-testid="resource-form"]');
    // The inventory fields appear once the kind is 物资 (a pick made while the dialog still zooms in can miss: pick again).
    await pickOption(page, form.locator('[data-testid="resource-kind"]'), '物资');
    await form.locator('#quantity').waitFor({ timeout: 3000 }).catch(() => pickOption(page, form.locator('[data-testid="resource-kind"]'), '物资'));
    await form.locator('#name').fill(RESOURCE.name);
    await form.locator('#description').fill(RESOURCE.description);
    await form.locator('[data-testid="resource-tags"] input').fill(RESOURCE.tag);
    await form.locator('[data-testid="resource-tags"] input').press('Enter');
    await form.locator('#quantity').fill('100');
    await form.locator('#unit').fill(RESOURCE.unit);
    await form.locator('#lowStockThreshold').fill('200');
    await form.locator('#contactName').fill('王主管');
    await form.locator('#contactPhone').fill('13900001111');
    await shot(page, 'emergency-admin-05-resource-zh');
    await okOf(page, form).click();
    await form.waitFor({ state: 'hidden' });

    await page.reload();
    await page.getByPlaceholder('搜索名称、说明或标签').fill('医用');
    await page.getByPlaceholder('搜索名称、说明或标签').press('Enter');
    const row = page.locator('[data-testid="resource-row"]', { hasText: RESOURCE.name });
    await row.waitFor();
    expect(await page.locator('[data-testid="resource-row"]').count()).toBe(1);
    expect(await row.innerText()).toContain('库存不足'); // 100 盒 at or below 200
    expect(await row.innerText()).toContain(RESOURCE.tag);
    expect(await row.locator('[data-testid="resource-contact"]').innerText()).not.toContain('13900001111'); // masked
    // Restocked: the edit keeps the hidden contact and the low-stock mark goes.
    await row.locator('[data-testid="edit-resource"]').click();
    await form.locator('#quantity').fill('500');
    await okOf(page, form).click();
    await page.locator('[data-testid="resource-row"]', { hasText: '500' }).waitFor();
    expect(await row.innerText()).not.toContain('库存不足');
    const [stored] = (await admin.get<{ items: { contact: { name: string | null } }[] }>(`/resources?q=${encodeURIComponent('医用')}`)).items;
    expect(stored?.contact.name).toBeTruthy();
    await page.context().close();
  });

  it('the admin creates an on-call schedule and sees who is on call now; a cover takes over and is removed', async () => {
    const page = await zhAdmin();
    await page.goto(`${server.url}/oncall`);
    await page.locator('[data-testid="new-schedule"]').click();
    const form = page.locator('[data-testid="schedule-form"]');
    await form.locator('#name').fill(SCHEDULE);
    await pickOption(page, form.locator('[data-testid="schedule-role"]'), '事件指挥长');
    await form.locator('[data-testid="schedule-participants"]').click();
    for (const u of DUTY.slice(0, 2)) await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: u.name }).click();
    await page.keyboard.press('Escape');
    await form.locator('#startsOn').click();
    await form.locator('#startsOn').fill('2026-01-01');
    await form.locator('#startsOn').press('Enter');
    await shot(page, 'emergency-admin-06-schedule-zh');
    await okOf(page, form).click();
    const card = page.locator('[data-testid="oncall-schedule"]', { hasText: SCHEDULE });
    await card.waitFor();
    const api = (await admin.get<{ items: { name: string; participants: { name: string }[]; onCall: { user: { name: string } } | null }[] }>('/oncall/schedules')).items.find((s) => s.name === SCHEDULE)!;
    expect(api.participants.map((p) => p.name)).toEqual([DUTY[0]!.name, DUTY[1]!.name]); // in the order picked
    expect([DUTY[0]!.name, DUTY[1]!.name]).toContain(api.onCall?.user.name);
    expect(await card.locator('[data-testid="oncall-now"]').innerText()).toContain(api.onCall!.user.name);

    await card.locator('[data-testid="add-override"]').click();
    const cover = page.locator('[data-testid="override-form"]');
    await pickOption(page, cover.locator('[data-testid="override-user"]'), DUTY[2]!.name);
    await shot(page, 'emergency-admin-07-override-zh');
    await okOf(page, cover).click();
    await card.locator('[data-testid="oncall-now"]', { hasText: DUTY[2]!.name }).waitFor();
    expect(await card.locator('[data-testid="oncall-now"]').innerText()).toContain('临时替班');
    await shot(page, 'emergency-admin-08-oncall-zh');
    await card.locator('[data-testid="remove-override"]').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await card.locator('[data-testid="oncall-now"]', { hasText: api.onCall!.user.name }).waitFor();
    expect(await card.locator('[data-testid="oncall-override"]').count()).toBe(0);
    await page.context().close();
  });

  it('every new dialog in English, with no Chinese on it but names people typed', async () => {
    const page = await pageAs({ email: ADMIN_EN.email, password: PASSWORD }, 'en');
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid="user-menu"]');
    await page.locator('[data-testid="language-switcher"]').click();
    await page.locator('.ant-select-item-option', { hasText: 'English' }).click();
    await page.locator('nav', { hasText: 'Incidents' }).waitFor();
    const plans = (await admin.get<{ items: { title: { zh: string } }[] }>('/contingency/plans')).items.map((p) => p.title.zh);
    const typed = [...plans, ...DUTY.map((u) => u.name), RESOURCE.name, RESOURCE.description, RESOURCE.tag, RESOURCE.unit, '王主管', '王', SCHEDULE, '系统管理员'];
    const dialogs: [string, string, string, Locator][] = [
      ['new-plan', '/plans', '[data-testid="new-plan"]', page.locator('[data-testid="new-plan-form"]')],
      ['resource', '/resources', '[data-testid="edit-resource"]', page.locator('[data-testid="resource-form"]')],
      ['schedule', '/oncall', '[data-testid="new-schedule"]', page.locator('[data-testid="schedule-form"]')],
      ['override', '/oncall', '[data-testid="add-override"]', page.locator('[data-testid="override-form"]')],
    ];
    for (const [name, path, button, form] of dialogs) {
      await page.goto(`${server.url}${path}`);
      await page.locator(button).first().click();
      await form.waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500); // the dialog's zoom-in finishes before the photograph
      await shot(page, `emergency-admin-10-${name}-en`);
      await expectOneLanguage(page, typed);
    }
    await page.goto(`${server.url}/plans`);
    await page.getByRole('tab', { name: 'Categories and plans' }).click();
    await page.locator('[data-testid="category-row"]', { hasText: STRATEGY.en }).waitFor();
    await page.waitForTimeout(500); // the tab's slide finishes before the photograph
    await shot(page, 'emergency-admin-11-category-plans-en');
    await expectOneLanguage(page, typed);
    await page.locator('[data-testid="category-row"]', { hasText: CATEGORY.nameEn }).locator('[data-testid="edit-mapping"]').click();
    await page.locator('[data-testid="mapping-form"]').waitFor();
    await page.waitForTimeout(500);
    await shot(page, 'emergency-admin-12-category-plan-en');
    // The strategy's Chinese half is in its own field (typed text); the rest of the dialog is English.
    await expectOneLanguage(page, [...typed, STRATEGY.zh]);
    // The one 409 is the taken key tried on purpose in the first journey; nothing else went wrong.
    expect(watch.consoleErrors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    await page.context().close();
  });
});
