import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { effectivePreferences, mergePreferences } from './preferences.js';
import { render } from './templates.js';
import { matchesEventType, sign, verify } from '../../platform/notify/webhooks.js';
import { checkWebhookUrl } from '../../platform/notify/webhook-target.js';

describe('notification templates, preferences and webhook rules (pure)', () => {
  const vars = { trackingNo: 'TS20261127-000123', subject: '某高校食堂饭菜质量引发学生投诉', level: 1, kind: 'resolution', dueAt: Date.UTC(2026, 10, 27, 10, 0) };

  it('renders the escalation in Chinese and English with tracking number, level and local due time', () => {
    expect(render('sla.escalated', vars, 'zh-CN', 'Asia/Shanghai').subject).toBe('【超时升级】TS20261127-000123 某高校食堂饭菜质量引发学生投诉（Ⅰ级，办结时限 2026-11-27 18:00）');
    expect(render('sla.escalated', vars, 'en', 'Asia/Shanghai').subject).toBe('[Escalated] TS20261127-000123 某高校食堂饭菜质量引发学生投诉 (Level Ⅰ, resolution due 2026-11-27 18:00)');
    const zh = render('sla.escalated', vars, 'zh-CN', 'Asia/Shanghai', '王领导').text;
    expect(zh.startsWith('王领导，您好：')).toBe(true);
    expect(zh).toContain('等级：Ⅰ级');
    expect(render('plan.decided', { ...vars, decision: 'approved' }, 'zh-CN', 'UTC').title).toContain('【方案已批准】');
    expect(render('sla.extension_decided', { ...vars, decision: 'rejected' }, 'en', 'UTC').title).toContain('[Extension refused]');
    expect(render('complaint.assigned', { ...vars, subject: 'x'.repeat(100), dueAt: null }, 'en', 'UTC').title).toContain('…');
  });

  it('fills missing preferences with defaults and merges changes per channel', () => {
    expect(effectivePreferences('{}')['sla.warning']).toEqual({ inApp: true, email: false });
    expect(effectivePreferences('not json')['sla.escalated']).toEqual({ inApp: true, email: true });
    const stored = { theme: 'dark', notifications: { 'sla.warning': { email: true } } };
    const merged = mergePreferences(stored, { 'sla.warning': { inApp: false }, 'plan.submitted': { email: false } });
    expect(merged).toEqual({ 'sla.warning': { email: true, inApp: false }, 'plan.submitted': { email: false } });
    const eff = effectivePreferences({ notifications: merged });
    expect(eff['sla.warning']).toEqual({ inApp: false, email: true });
    expect(eff['plan.submitted']).toEqual({ inApp: true, email: false });
  });

  it('matches event type patterns and signs over timestamp and body', () => {
    expect(matchesEventType(['sla.*'], 'sla.escalated')).toBe(true);
    expect(matchesEventType(['sla.*'], 'slack.x')).toBe(false);
    expect(matchesEventType(['*'], 'anything')).toBe(true);
    expect(matchesEventType(['plan.decided'], 'plan.submitted')).toBe(false);
    const s = sign('secret', 1764237600, '{"a":1}');
    expect(s).toBe('sha256=' + crypto.createHmac('sha256', 'secret').update('1764237600.{"a":1}').digest('hex'));
    expect(verify('secret', '1764237600', '{"a":1}', s)).toBe(true);
    expect(verify('secret', '1764237601', '{"a":1}', s)).toBe(false);
    expect(checkWebhookUrl('https://hooks.example.com/x?y=1', { allowPrivate: false })).toBeUndefined();
    // On-premises receivers only when the operator allows private addresses.
    expect(checkWebhookUrl('http://10.0.0.5:8080/hook', { allowPrivate: false })?.code).toBe('webhook_url_unsafe_host');
    expect(checkWebhookUrl('http://10.0.0.5:8080/hook', { allowPrivate: true })).toBeUndefined();
    expect(checkWebhookUrl('http://169.254.169.254/', { allowPrivate: true })?.code).toBe('webhook_url_unsafe_host');
  });
});
