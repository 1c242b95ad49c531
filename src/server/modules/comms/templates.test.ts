import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';

describe('reply templates', () => {
  let env: TestEnv;
  let coordinator: TestClient;
  let handler: TestClient;
  beforeAll(async () => {
    env = await createTestEnv();
    [coordinator, handler] = await Promise.all([env.client(['coordinator']), env.client(['handler'])]);
  });
  afterAll(() => env.close());

  const template = { nameZh: '初次答复', nameEn: 'First reply', kind: 'reply', bodyZh: '您好，您的投诉 {{trackingNo}} 已受理。', bodyEn: 'Hello, your complaint {{trackingNo}} has been received.' };

  it('a coordinator creates a bilingual template that handlers can use but not change', async () => {
    const created = await coordinator.post('/api/v1/reply-templates', template);
    expect(created.statusCode).toBe(201);
    const list = (await handler.get('/api/v1/reply-templates')).json().items;
    expect(list).toEqual([expect.objectContaining({ nameZh: '初次答复', bodyEn: template.bodyEn, active: true })]);
    expect((await handler.patch(`/api/v1/reply-templates/${created.json().id}`, { nameZh: '改' })).statusCode).toBe(403);
    expect((await handler.post('/api/v1/reply-templates', template)).statusCode).toBe(403);
  });

  it('a deactivated template leaves the composer list but stays for managers', async () => {
    const id = (await coordinator.post('/api/v1/reply-templates', { ...template, nameZh: '旧模板' })).json().id;
    expect((await coordinator.patch(`/api/v1/reply-templates/${id}`, { active: false })).json().active).toBe(false);
    expect((await handler.get('/api/v1/reply-templates')).json().items.map((t: { id: string }) => t.id)).not.toContain(id);
    expect((await coordinator.get('/api/v1/reply-templates?all=true')).json().items.map((t: { id: string }) => t.id)).toContain(id);
  });

  it('rejects bad input with a problem and writes nothing', async () => {
    const before = await env.count('reply_templates');
    const bad = await coordinator.post('/api/v1/reply-templates', { ...template, kind: 'sms' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    expect((await coordinator.post('/api/v1/reply-templates', { ...template, categoryId: 'nope' })).json().code).toBe('unknown_category');
    expect(await env.count('reply_templates')).toBe(before);
  });
});
