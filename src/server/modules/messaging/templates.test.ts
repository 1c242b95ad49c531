// Pure parts of messaging: defaults, templates, and the gateway configuration check.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { defaultChannel, detectLanguage } from './prefs.js';
import { renderMessage, textToHtml } from './templates.js';

describe('preferences', () => {
  it('default the channel from the contact left, and the language from the text', () => {
    expect(defaultChannel('phone', { phone: '13900000000', email: 'a@b.cn' })).toBe('sms');
    expect(defaultChannel('email', { phone: '13900000000', email: 'a@b.cn' })).toBe('email');
    expect(defaultChannel('web', { phone: '13900000000', email: 'a@b.cn' })).toBe('email');
    expect(defaultChannel('letter', { phone: '13900000000' })).toBe('sms');
    expect(defaultChannel('phone', {})).toBe('portal');
    expect(detectLanguage('小区垃圾站异味严重')).toBe('zh-CN');
    expect(detectLanguage('The street light on Elm Road is broken')).toBe('en');
    expect(detectLanguage('Wi-Fi 路由器坏了，无法上网')).toBe('zh-CN');
    expect(detectLanguage('12345', 'en')).toBe('en');
  });
});

describe('templates', () => {
  it('fill the variables in the complainant’s language', () => {
    const zh = renderMessage('reply', 'zh-CN', { trackingNo: 'TS20261205-000001', department: '市容环境科', text: '已清运。' });
    expect(zh.subject).toBe('【答复】您的投诉 TS20261205-000001 已有答复');
    expect(zh.body).toContain('市容环境科已答复如下：\n\n已清运。');
    const en = renderMessage('extension', 'en', { trackingNo: 'TS1', department: 'City', dueAt: '2026-12-08 18:00' });
    expect(en.body).toBe('Hello, the deadline for handling your complaint TS1 has been extended to 2026-12-08 18:00.');
    expect(renderMessage('progress', 'en', { trackingNo: 'TS1', department: '', action: 'request_info', text: 'Which building?' }).body).toBe('Hello, your complaint TS1 needs more information from you: Which building?');
    expect(renderMessage('survey', 'zh-CN', { trackingNo: 'TS1', department: '', surveyUrl: 'https://x/portal/survey/t' }).body).toContain('https://x/portal/survey/t');
    expect(textToHtml('a<b>\n\nc')).toContain('<p>a&lt;b&gt;</p><p>c</p>');
  });
});

describe('gateway configuration', () => {
  it('needs an http(s) URL and a secret of at least 16 characters', () => {
    expect(() => loadConfig({ REDRESS_MESSAGE_GATEWAY_URL: 'ftp://gw', REDRESS_MESSAGE_GATEWAY_SECRET: 'x'.repeat(20) })).toThrow(ConfigError);
    expect(() => loadConfig({ REDRESS_MESSAGE_GATEWAY_URL: 'https://gw.example.org/send' })).toThrow(/REDRESS_MESSAGE_GATEWAY_SECRET/);
    expect(loadConfig({ REDRESS_MESSAGE_GATEWAY_URL: 'https://gw.example.org/send', REDRESS_MESSAGE_GATEWAY_SECRET: 's'.repeat(16) }).messageGatewayUrl).toBe('https://gw.example.org/send');
  });
});
