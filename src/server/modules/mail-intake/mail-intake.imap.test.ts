import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type AppContext } from '../../context.js';
import type { Config } from '../../config.js';
import { testConfig, usingPostgres } from '../../test/harness.js';
import { waitFor } from '../notifications/notify.testkit.js';
import { DOVECOT, failInboundMailWrites, startDovecot, type Dovecot } from './mail.testkit.js';
import { parseImapUrl, pollMailbox } from './mail.imap.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function rawMail(o: { id: string; from: string; subject: string; text: string; attachment?: { name: string; type: string; content: Buffer } }): Buffer {
  const enc = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;
  const head = [`From: ${o.from}`, 'To: complaints@redress.example', `Subject: ${enc(o.subject)}`, `Message-ID: <${o.id}>`, 'Date: Sat, 05 Dec 2026 09:00:00 +0800', 'MIME-Version: 1.0'];
  const text = ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', Buffer.from(o.text).toString('base64')];
  if (!o.attachment) return Buffer.from([...head, ...text, ''].join('\r\n'));
  const b = 'b-' + crypto.randomBytes(6).toString('hex');
  const att = [`Content-Type: ${o.attachment.type}`, `Content-Disposition: attachment; filename="${o.attachment.name}"`, 'Content-Transfer-Encoding: base64', '', o.attachment.content.toString('base64')];
  return Buffer.from([...head, `Content-Type: multipart/mixed; boundary="${b}"`, '', `--${b}`, ...text, `--${b}`, ...att, `--${b}--`, ''].join('\r\n'));
}

if (!DOVECOT) {
  // CI installs dovecot-imapd (.ci/run); elsewhere the suite says why it did not run.
  if (process.env.CI) throw new Error('dovecot is not installed: CI must have it (apt-get install dovecot-imapd)');
  console.warn('mail-intake.imap.test.ts: SKIPPED — no dovecot binary (apt-get install -y dovecot-imapd to run the IMAP polling test)');
}

describe.skipIf(!DOVECOT)('email intake by IMAP polling (real Dovecot)', () => {
  let dovecot: Dovecot;
  let config: Config;
  let dataDir: string;
  const schema = usingPostgres() ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
  let ctx: AppContext | undefined;
  let imap: ImapFlow;

  const open = async () => {
    ctx = await createContext(config, { log: pino({ level: 'silent' }), schema, jobs: { maxIdleMs: 100 } });
    ctx.jobs.start();
    return ctx;
  };
  const emailComplaints = (c: AppContext) => c.db.selectFrom('complaints').select(['id', 'subject']).where('channel', '=', 'email').orderBy('id').execute();
  const append = (m: Parameters<typeof rawMail>[0]) => imap.append('INBOX', rawMail(m));

  beforeAll(async () => {
    dovecot = await startDovecot();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-imap-'));
    config = testConfig(dataDir);
    config.mail = { ...config.mail, imapUrl: dovecot.url, imapIntervalSeconds: 1 };
    imap = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.pass }, logger: false });
    await imap.connect();
  });
  afterAll(async () => {
    await imap?.logout().catch(() => undefined);
    await ctx?.close();
    await dovecot?.stop();
    if (schema) {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('new mail becomes a complaint once, is marked \\Seen, and a restarted poller imports nothing twice', async () => {
    await append({ id: 'imap-1@example.cn', from: '刘先生 <liu@example.cn>', subject: '公交站台顶棚破损', text: '解放路公交站台顶棚破了一个大洞，下雨天无法候车。', attachment: { name: 'roof.png', type: 'image/png', content: PNG } });
    await append({ id: 'imap-2@example.com', from: 'Ann <ann@example.com>', subject: 'Overflowing bins', text: 'The bins on Elm Street have not been emptied for a week.' });

    // The poll job, armed at start-up on the one scheduler, picks both up.
    const c1 = await open();
    const first = await waitFor(async () => ((await emailComplaints(c1)).length >= 2 ? emailComplaints(c1) : undefined), 'two complaints from IMAP');
    expect(first.map((c) => c.subject)).toEqual(['公交站台顶棚破损', 'Overflowing bins']);
    const atts = await c1.db.selectFrom('attachments').select(['filename', 'complaint_id']).execute();
    expect(atts).toEqual([{ filename: 'roof.png', complaint_id: first[0]!.id }]);
    const target = parseImapUrl(dovecot.url);
    // The poll records each UID after marking it \Seen: wait for the second.
    const lastUid = async (c: AppContext) => Number((await c.db.selectFrom('mail_imap_state').select('last_uid').where('mailbox', '=', target.key).executeTakeFirst())?.last_uid ?? 0);
    await waitFor(async () => (await lastUid(c1)) === 2, 'progress recorded up to UID 2');
    await imap.mailboxOpen('INBOX');
    const flags: Array<[number, boolean]> = [];
    for await (const m of imap.fetch('1:*', { flags: true, uid: true })) flags.push([m.uid, !!m.flags?.has('\\Seen')]);
    expect(flags).toEqual([[1, true], [2, true]]);

    // Restart: the process stops; meanwhile one mail is marked unread again and a new one arrives.
    await c1.close();
    ctx = undefined;
    await imap.messageFlagsRemove('1', ['\\Seen'], { uid: true });
    await append({ id: 'imap-3@example.cn', from: 'zhou@example.cn', subject: '小区电梯经常故障', text: '3号楼电梯本月已停运四次。' });
    const c2 = await open();
    const after = await waitFor(async () => ((await emailComplaints(c2)).length >= 3 ? emailComplaints(c2) : undefined), 'the third complaint after the restart');
    expect(after.map((c) => c.subject)).toEqual(['公交站台顶棚破损', 'Overflowing bins', '小区电梯经常故障']);
    await waitFor(async () => (await lastUid(c2)) === 3, 'progress recorded up to UID 3');
    await c2.jobs.stop(); // the polls below run alone
    // Another poll finds nothing new; the unread mail 1 is not taken in again.
    expect((await pollMailbox(c2, target)).outcomes).toEqual([]);

    // A mailbox rebuilt (UIDVALIDITY changes, progress lost): Message-IDs keep it from importing twice.
    await c2.db.deleteFrom('mail_imap_state').execute();
    const again = await pollMailbox(c2, target);
    expect(again.outcomes.map((o) => o.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await emailComplaints(c2)).toHaveLength(3);

    // A failing write stops the poll before the message: it stays unread and unrecorded, and the next poll takes it.
    await append({ id: 'imap-4@example.cn', from: 'sun@example.cn', subject: '路面塌陷', text: '建设路中段路面塌陷。' });
    const undo = await failInboundMailWrites(c2.db, usingPostgres());
    await expect(pollMailbox(c2, target)).rejects.toThrow(/injected failure/);
    await undo();
    expect(await emailComplaints(c2)).toHaveLength(3);
    expect(await lastUid(c2)).toBe(3);
    expect((await pollMailbox(c2, target)).outcomes.map((o) => o.status)).toEqual(['created']);
    expect((await emailComplaints(c2)).map((c) => c.subject)).toContain('路面塌陷');
  });
});
