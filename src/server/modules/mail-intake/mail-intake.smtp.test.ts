import crypto from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, usingPostgres, type TestEnv } from '../../test/harness.js';
import { startSmtp, waitFor, type ReceivedMail } from '../notifications/notify.testkit.js';
import { openAttachment } from '../complaints/attachment.storage.js';
import { loadConfig } from '../../config.js';
import { buildApp } from '../../app.js';
import net from 'node:net';
import path from 'node:path';
import { startSmtpListener, type SmtpListener } from './mail.smtp.js';
import { processMail } from './mail.intake.js';
import { PYTHON_AVAILABLE, failInboundMailWrites, startPythonSender, type PythonSender } from './mail.testkit.js';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const FROM = 'Redress 投诉受理 <desk@redress.example>';

describe.skipIf(!PYTHON_AVAILABLE)('email intake over SMTP (python smtplib → listener → complaint; acknowledgement → sink)', () => {
  let env: TestEnv;
  let sink: Awaited<ReturnType<typeof startSmtp>>;
  let listener: SmtpListener;
  let py: PythonSender;
  const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
  const emailComplaints = () => env.ctx.db.selectFrom('complaints').selectAll().where('channel', '=', 'email').orderBy('id').execute();
  const timeline = (id: string, kind: string) => env.ctx.db.selectFrom('timeline').selectAll().where('complaint_id', '=', id).where('kind', '=', kind).orderBy('id').execute();
  const ackTo = (addr: string) => waitFor(() => sink.mails.find((m: ReceivedMail) => m.to.includes(addr)), `acknowledgement to ${addr}`);
  let first: { id: string; trackingNo: string; messageId: string; ackMessageId: string; accessCode: string };

  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    sink = await startSmtp();
    env.ctx.notify.configure({ smtpUrl: sink.url, mailFrom: FROM });
    listener = await startSmtpListener(env.ctx, { port: 0, host: '127.0.0.1', maxBytes: 2_000_000 });
    py = startPythonSender();
  });
  afterAll(async () => {
    await py?.close();
    await listener?.close();
    await sink?.close();
    await env?.close();
  });

  it('a GB2312 mail with a Chinese subject and attachments becomes one email complaint; a forbidden attachment is dropped with a note', async () => {
    const [r] = await py.send(listener.port, [
      {
        from: '王女士 <wang@example.cn>',
        subject: '小区楼下烧烤店油烟扰民',
        text: '楼下烧烤店每天营业到凌晨两点，油烟和噪音严重影响休息，请相关部门处理。',
        charset: 'gb2312',
        attachments: [
          { filename: '现场照片.png', contentType: 'image/png', content: PNG },
          { filename: 'setup.exe', contentType: 'application/x-msdownload', content: Buffer.from('MZ not really') },
        ],
      },
    ]);
    expect(r!.code).toBe(250);
    const rows = await emailComplaints();
    expect(rows).toHaveLength(1);
    const c = rows[0]!;
    expect(c.subject).toBe('小区楼下烧烤店油烟扰民');
    expect(c.description).toContain('油烟和噪音严重影响休息');
    expect(c.tracking_no).toMatch(/^TS\d{8}-\d{6}$/);
    const atts = await env.ctx.db.selectFrom('attachments').selectAll().where('complaint_id', '=', c.id).execute();
    expect(atts.map((a) => [a.filename, a.mime, Number(a.size)])).toEqual([['现场照片.png', 'image/png', PNG.length]]);
    const chunks: Buffer[] = [];
    for await (const chunk of openAttachment(env.dataDir, atts[0]!.storage_path, env.ctx.fieldCrypto.attachmentKeys)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(PNG)).toBe(true);
    const dropped = await timeline(c.id, 'attachment_dropped');
    expect(dropped.map((d) => [d.body, JSON.parse(d.data).reason])).toEqual([['setup.exe', 'attachment_type_not_allowed']]);
    const created = await timeline(c.id, 'created');
    expect(JSON.parse(created[0]!.data)).toMatchObject({ channel: 'email' });
    const complainant = await env.ctx.db.selectFrom('complainants').selectAll().where('id', '=', c.complainant_id!).executeTakeFirstOrThrow();
    expect(env.ctx.fieldCrypto.decrypt(complainant.email_enc)).toBe('wang@example.cn');
    expect(env.ctx.fieldCrypto.decrypt(complainant.name_enc)).toBe('王女士');

    // The acknowledgement: Chinese, our From, a plain-text part, threaded on the sender's mail.
    const ack = await ackTo('wang@example.cn');
    const parsed = await simpleParser(ack.raw);
    expect(parsed.from?.value[0]?.address).toBe('desk@redress.example');
    expect(parsed.from?.value[0]?.name).toBe('Redress 投诉受理');
    expect(parsed.subject).toContain(c.tracking_no);
    expect(ack.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    expect(parsed.text).toContain(`受理编号：${c.tracking_no}`);
    const code = /查询码：([A-Z2-9]{10})/.exec(parsed.text ?? '')?.[1];
    expect(code && sha(code)).toBe(c.access_code_hash);
    expect(parsed.inReplyTo).toBe(r!.messageId);
    const ackMessageId = parsed.messageId!;
    const stored = await env.ctx.db.selectFrom('mail_messages').selectAll().where('complaint_id', '=', c.id).orderBy('direction').execute();
    expect(stored.map((m) => [m.direction, m.kind, m.language])).toEqual([['in', 'complaint', 'zh-CN'], ['out', 'ack', 'zh-CN']]);
    expect(`<${stored[1]!.message_id}>`).toBe(ackMessageId);
    await waitFor(async () => (await timeline(c.id, 'mail_ack_sent')).length === 1, 'ack on the timeline');
    // Replies reach the complainant by email, in the mail's language (the messages module's preferences).
    const prefs = await env.ctx.db.selectFrom('complaint_contact_prefs').select(['channel', 'language']).where('complaint_id', '=', c.id).executeTakeFirstOrThrow();
    expect(prefs).toEqual({ channel: 'email', language: 'zh-CN' });
    first = { id: c.id, trackingNo: c.tracking_no, messageId: r!.messageId, ackMessageId, accessCode: code! };
  });

  it('replies join the complaint as public complainant additions: by tracking number in the subject and by In-Reply-To', async () => {
    const [bySubject, byHeader] = await py.send(listener.port, [
      { from: 'wang@example.cn', subject: `Re: 【已受理 ${first.trackingNo}】补充`, text: '补充一下：今晚十一点又开始了。' },
      { from: 'Wang <wang@example.cn>', subject: '还有一张照片', text: '附上昨晚拍的照片。', charset: 'gbk', headers: { 'In-Reply-To': first.ackMessageId, References: `${first.messageId} ${first.ackMessageId}` }, attachments: [{ filename: 'night.png', contentType: 'image/png', content: PNG }] },
    ]);
    expect([bySubject!.code, byHeader!.code]).toEqual([250, 250]);
    expect(await emailComplaints()).toHaveLength(1);
    const additions = await timeline(first.id, 'complainant_info');
    expect(additions.map((a) => [a.body, a.visibility, JSON.parse(a.data).senderVerified])).toEqual([
      ['补充一下：今晚十一点又开始了。', 'public', true],
      ['附上昨晚拍的照片。', 'public', true],
    ]);
    const atts = await env.ctx.db.selectFrom('attachments').select('filename').where('complaint_id', '=', first.id).orderBy('id').execute();
    expect(atts.map((a) => a.filename)).toEqual(['现场照片.png', 'night.png']);
  });

  it('an answer to a staff reply sent by the messages module (its Message-ID in References) joins the complaint too', async () => {
    const now = Date.now();
    const staffId = `<staff-reply-1@redress.example>`;
    await env.ctx.db
      .insertInto('outbound_messages')
      .values({ id: crypto.randomUUID(), complaint_id: first.id, source_key: `test:${now}`, channel: 'email', language: 'zh-CN', purpose: 'reply', subject: '答复', body: '已联系城管', destination_enc: null, status: 'sent', attempts: 1, last_error: null, email_message_id: staffId, created_at: now, updated_at: now, sent_at: now, delivered_at: null, failed_at: null })
      .execute();
    const [r, loop] = await py.send(listener.port, [
      { from: 'stranger@example.cn', subject: 'Re: 答复', text: '谢谢，今晚确实安静了。', headers: { 'In-Reply-To': '<unknown@elsewhere.example>', References: `${first.messageId} ${staffId} <unknown@elsewhere.example>` } },
      { from: 'x@example.cn', subject: 'bounce of the staff reply', text: 'x', messageId: staffId },
    ]);
    expect([r!.code, loop!.code]).toEqual([250, 250]);
    const additions = await timeline(first.id, 'complainant_info');
    expect(additions.map((a) => [a.body, JSON.parse(a.data).senderVerified])).toContainEqual(['谢谢，今晚确实安静了。', false]);
    expect(additions).toHaveLength(3);
    expect(await emailComplaints()).toHaveLength(1);
  });

  it('auto-replies, list mail, bounces and our own mail coming back are accepted and ignored', async () => {
    const before = (await emailComplaints()).length;
    const results = await py.send(listener.port, [
      { from: 'wang@example.cn', subject: '自动回复：我正在休假', text: '我正在休假。', headers: { 'Auto-Submitted': 'auto-replied' } },
      { from: 'news@example.cn', subject: 'Weekly digest', text: 'News', headers: { Precedence: 'bulk' } },
      { from: 'MAILER-DAEMON@example.cn', subject: 'Undelivered Mail Returned to Sender', text: 'failed', envelopeFrom: '' },
      { from: FROM, subject: '【已受理】loop', text: 'our own' },
      { from: 'x@example.cn', subject: 'loop', text: 'again', messageId: first.ackMessageId },
    ]);
    expect(results.map((r) => r.code)).toEqual([250, 250, 250, 250, 250]);
    expect(await emailComplaints()).toHaveLength(before);
    expect(await timeline(first.id, 'complainant_info')).toHaveLength(3);
  });

  it('a stranger who knows the tracking number cannot write onto the complaint: the mail becomes a new complaint, linked for staff only', async () => {
    const before = (await emailComplaints()).length;
    const additionsBefore = await timeline(first.id, 'complainant_info');
    const [byNumber, byTheirThread] = await py.send(listener.port, [
      { from: 'Mallory <mallory@example.net>', subject: `Re: 【已受理 ${first.trackingNo}】补充`, text: '烧烤店已经整改完毕，投诉人同意撤诉，请直接办结。' },
      // Naming only the complainant's own mail (not one we sent) proves nothing either.
      { from: 'mallory@example.net', subject: '再补充', text: '请尽快办结此件。', headers: { 'In-Reply-To': first.messageId } },
    ]);
    expect([byNumber!.code, byTheirThread!.code]).toEqual([250, 250]);
    // Nothing reached the named complaint: no addition, no note, nothing on its (public or staff) timeline.
    expect(await timeline(first.id, 'complainant_info')).toEqual(additionsBefore);
    const firstTimeline = await env.ctx.db.selectFrom('timeline').select(['kind', 'body']).where('complaint_id', '=', first.id).execute();
    expect(firstTimeline.filter((t) => /撤诉|尽快办结|mallory/.test(`${t.body ?? ''}`) || t.kind === 'mail_names_other_complaint')).toEqual([]);

    const rows = await emailComplaints();
    expect(rows).toHaveLength(before + 2);
    const made = rows.filter((c) => c.description.includes('撤诉') || c.description.includes('尽快办结'));
    expect(made.map((c) => c.tracking_no)).not.toContain(first.trackingNo);
    for (const [c, by] of [[made.find((x) => x.description.includes('撤诉'))!, 'tracking_number'], [made.find((x) => x.description.includes('尽快办结'))!, 'thread']] as const) {
      const link = await timeline(c.id, 'mail_names_other_complaint');
      expect(link.map((l) => [l.visibility, l.body, JSON.parse(l.data)])).toEqual([['internal', first.trackingNo, { trackingNo: first.trackingNo, by }]]);
      const complainant = await env.ctx.db.selectFrom('complainants').select('email_enc').where('id', '=', c.complainant_id!).executeTakeFirstOrThrow();
      expect(env.ctx.fieldCrypto.decrypt(complainant.email_enc)).toBe('mallory@example.net');
    }
    // The stranger is acknowledged with the new complaint's number, never told about the one named.
    const ack = await simpleParser((await waitFor(() => (sink.mails.filter((m: ReceivedMail) => m.to.includes('mallory@example.net')).length === 2 ? sink.mails.find((m: ReceivedMail) => m.to.includes('mallory@example.net')) : undefined), 'acks to the stranger')).raw);
    expect(ack.text).not.toContain(first.trackingNo);
  });

  it('the complainant joins from their own address (any case), from another address by answering our mail, or with the access code', async () => {
    const [own, answer, withCode] = await py.send(listener.port, [
      { from: '王女士 <WANG@Example.CN>', subject: `关于 ${first.trackingNo} 的进展`, text: '今晚又开始烧烤了。' },
      // Written from the office address, answering our acknowledgement: only its recipient knows that Message-ID.
      { from: 'wang.office@work.example', subject: 'Re: 回执', text: '这是我单位的邮箱，也可以联系这里。', headers: { 'In-Reply-To': first.ackMessageId } },
      { from: 'wang.phone@mobile.example', subject: `${first.trackingNo} 补充`, text: `查询码 ${first.accessCode.toLowerCase()}，店主说明天停业。` },
    ]);
    expect([own!.code, answer!.code, withCode!.code]).toEqual([250, 250, 250]);
    const additions = (await timeline(first.id, 'complainant_info')).slice(-3);
    expect(additions.map((a) => [a.body, a.visibility, JSON.parse(a.data).senderVerified, JSON.parse(a.data).joinedBy])).toEqual([
      ['今晚又开始烧烤了。', 'public', true, 'sender'],
      ['这是我单位的邮箱，也可以联系这里。', 'public', false, 'thread'],
      // The code opened the complaint; the timeline does not keep it.
      ['查询码 ***，店主说明天停业。', 'public', false, 'access_code'],
    ]);
    expect((await emailComplaints()).filter((c) => /烧烤了|单位的邮箱|明天停业/.test(c.description))).toEqual([]);
  });

  it('the same mail delivered twice makes one complaint', async () => {
    const mail = { from: 'li@example.cn', subject: '路灯不亮', text: '幸福路三号路灯坏了一周。', messageId: '<dup-1@example.cn>' };
    const [a, b] = await py.send(listener.port, [mail, mail]);
    expect([a!.code, b!.code]).toEqual([250, 250]);
    const rows = (await emailComplaints()).filter((c) => c.subject === '路灯不亮');
    expect(rows).toHaveLength(1);
    await ackTo('li@example.cn');
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.mails.filter((m) => m.to.includes('li@example.cn'))).toHaveLength(1);
  });

  it('an HTML-only English mail becomes text and gets an English acknowledgement', async () => {
    const [r] = await py.send(listener.port, [
      { from: 'Sam <sam@example.com>', subject: 'Broken traffic light', html: '<html><body><p>The traffic light at <b>Main St &amp; 5th</b> has been dark since Monday.</p></body></html>' },
    ]);
    expect(r!.code).toBe(250);
    const c = (await emailComplaints()).find((x) => x.subject === 'Broken traffic light')!;
    expect(c.description).toContain('The traffic light at Main St & 5th has been dark since Monday.');
    expect(c.description).not.toContain('<');
    const ack = await simpleParser((await ackTo('sam@example.com')).raw);
    expect(ack.text).toContain(`registered it as complaint ${c.tracking_no}`);
    expect(ack.text).toMatch(/Access code: [A-Z2-9]{10}/);
    const prefs = await env.ctx.db.selectFrom('complaint_contact_prefs').select(['channel', 'language']).where('complaint_id', '=', c.id).executeTakeFirstOrThrow();
    expect(prefs).toEqual({ channel: 'email', language: 'en' });
  });

  it('a failing database write answers 451 and leaves nothing behind; the sender’s retry creates the complaint once, with a working access code', async () => {
    const undo = await failInboundMailWrites(env.ctx.db, usingPostgres());
    const mail = { from: 'zhao@example.cn', subject: '井盖丢失', text: '人民路口井盖丢失，很危险。', messageId: '<retry-1@example.cn>' };
    const [failed] = await py.send(listener.port, [mail]);
    expect(failed!.code).toBe(451);
    // One transaction: the complaint did not stay behind without its mail record.
    expect((await emailComplaints()).filter((c) => c.subject === '井盖丢失')).toHaveLength(0);
    await undo();
    const [ok] = await py.send(listener.port, [mail]);
    expect(ok!.code).toBe(250);
    const rows = (await emailComplaints()).filter((c) => c.subject === '井盖丢失');
    expect(rows).toHaveLength(1);
    const ack = await simpleParser((await ackTo('zhao@example.cn')).raw);
    const code = /查询码：([A-Z2-9]{10})/.exec(ack.text ?? '')?.[1];
    expect(code && sha(code)).toBe(rows[0]!.access_code_hash);
  });

  it('an over-size message gets 552; a processing failure 451 and nothing is stored', async () => {
    const small = await startSmtpListener(env.ctx, { port: 0, host: '127.0.0.1', maxBytes: 4096 });
    const broken = await startSmtpListener(env.ctx, { port: 0, host: '127.0.0.1', maxBytes: 4096, process: () => Promise.reject(new Error('database is down')) });
    try {
      const before = (await emailComplaints()).length;
      const [big] = await py.send(small.port, [{ from: 'a@example.cn', subject: '大附件', text: 'x', attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', content: crypto.randomBytes(8192) }] }]);
      expect(big!.code).toBe(552);
      const [down] = await py.send(broken.port, [{ from: 'a@example.cn', subject: '数据库故障', text: 'x' }]);
      expect(down!.code).toBe(451);
      expect(await emailComplaints()).toHaveLength(before);
    } finally {
      await small.close();
      await broken.close();
    }
  });

  it('processMail directly: a Message-ID-less mail is still idempotent (hash of the message)', async () => {
    const raw = Buffer.from('From: chen@example.cn\r\nTo: c@redress.example\r\nSubject: no id\r\n\r\nbody without id\r\n');
    const a = await processMail(env.ctx, raw);
    const b = await processMail(env.ctx, raw);
    expect(a.status).toBe('created');
    expect(b).toEqual({ status: 'duplicate', complaintId: 'complaintId' in a ? a.complaintId : null });
  });

  it('processMail directly: Auto-Submitted: no is a person; X-Autoreply and a no-reply sender are machines', async () => {
    const mail = (headers: string, from = 'qian@example.cn') => Buffer.from(`From: ${from}\r\nSubject: =?UTF-8?B?${Buffer.from('垃圾清运不及时').toString('base64')}?=\r\nMessage-ID: <${crypto.randomUUID()}@example.cn>\r\n${headers}\r\n垃圾三天没人收。\r\n`);
    expect((await processMail(env.ctx, mail('Auto-Submitted: no\r\n'))).status).toBe('created');
    expect(await processMail(env.ctx, mail('X-Autoreply: yes\r\n'))).toMatchObject({ status: 'ignored', reason: 'x-autoreply: yes' });
    expect(await processMail(env.ctx, mail('', 'no-reply@shop.example'))).toMatchObject({ status: 'ignored' });
  });

  it('the listener opens and closes with the HTTP server when REDRESS_MAIL_SMTP_PORT is set', async () => {
    const free = await startSmtpListener(env.ctx, { port: 0, host: '127.0.0.1', maxBytes: 1024 });
    const port = free.port;
    await free.close();
    env.ctx.config.mail = { ...env.ctx.config.mail, smtpPort: port, smtpHost: '127.0.0.1' };
    const app = await buildApp(env.ctx, { logger: false, webDir: path.join(env.dataDir, 'no-web') });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      // onListen hooks run after listen() resolves: wait for the port.
      const accepts = () => new Promise<boolean>((resolve) => net.connect(port, '127.0.0.1', function (this: net.Socket) { this.destroy(); resolve(true); }).on('error', () => resolve(false)));
      await waitFor(accepts, 'the SMTP listener');
      const [r] = await py.send(port, [{ from: 'he@example.cn', subject: '经由服务器监听', text: '通过 redress serve 的监听端口发送。' }]);
      expect(r!.code).toBe(250);
      expect((await emailComplaints()).some((c) => c.subject === '经由服务器监听')).toBe(true);
    } finally {
      await app.close();
      env.ctx.config.mail = { ...env.ctx.config.mail, smtpPort: undefined };
    }
    await expect(py.send(port, [{ from: 'he@example.cn', subject: 'closed', text: 'x' }])).rejects.toThrow(/Connection refused/);
  });

  it('configuration: the listener is off by default and bad values are reported', () => {
    expect(loadConfig({}).mail.smtpPort).toBeUndefined();
    expect(loadConfig({}).mail.imapUrl).toBeUndefined();
    expect(() => loadConfig({ REDRESS_MAIL_SMTP_PORT: '99999', REDRESS_MAIL_IMAP_URL: 'http://x', REDRESS_MAIL_IMAP_INTERVAL_SECONDS: '0', REDRESS_MAIL_MAX_BYTES: 'big' })).toThrow(
      /REDRESS_MAIL_SMTP_PORT[\s\S]*REDRESS_MAIL_MAX_BYTES[\s\S]*REDRESS_MAIL_IMAP_INTERVAL_SECONDS[\s\S]*REDRESS_MAIL_IMAP_URL/,
    );
    expect(loadConfig({ REDRESS_MAIL_SMTP_PORT: '2525', REDRESS_MAIL_IMAP_URL: 'imaps://u:p@imap.example.org/INBOX' }).mail).toMatchObject({ smtpPort: 2525, imapUrl: 'imaps://u:p@imap.example.org/INBOX', imapIntervalSeconds: 60 });
  });
});
