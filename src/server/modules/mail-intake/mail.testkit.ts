// Test helpers for email intake: mail sent by Python's smtplib (an SMTP client outside Node) and a
// throwaway Dovecot IMAP server on a loopback port. Not a test file itself.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.js';

export interface PyMail {
  from: string;
  to?: string;
  subject: string;
  text?: string;
  html?: string;
  /** Body and subject in this charset, the way older Chinese clients send them (compat32 MIME classes). */
  charset?: 'utf-8' | 'gb2312' | 'gbk';
  messageId?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; contentType: string; content: Buffer }>;
  /** SMTP MAIL FROM; "" sends the null sender <> of a bounce. */
  envelopeFrom?: string;
}

export interface PyResult {
  code: number;
  messageId: string;
  error?: string;
}

const SCRIPT = String.raw`
import base64, json, smtplib, sys
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid, parseaddr

def send(spec):
    out = []
    s = smtplib.SMTP('127.0.0.1', spec['port'], timeout=20)
    for m in spec['messages']:
        cs = m.get('charset') or 'utf-8'
        if m.get('html') is not None and m.get('text') is None:
            body = MIMEText(m['html'], 'html', cs)
        else:
            body = MIMEText(m.get('text') or '', 'plain', cs)
        if m.get('attachments'):
            msg = MIMEMultipart()
            msg.attach(body)
            for a in m['attachments']:
                mt, st = a['contentType'].split('/')
                part = MIMEApplication(base64.b64decode(a['base64']), _subtype=st)
                part.replace_header('Content-Type', a['contentType'])
                part.add_header('Content-Disposition', 'attachment', filename=(cs, '', a['filename']) if any(ord(c) > 127 for c in a['filename']) else a['filename'])
                msg.attach(part)
        else:
            msg = body
        name, addr = parseaddr(m['from'])
        msg['From'] = formataddr((name, addr), charset=cs) if name else addr
        msg['To'] = m.get('to') or 'complaints@redress.example'
        msg['Subject'] = Header(m['subject'], cs)
        msg['Date'] = formatdate(localtime=True)
        msg['Message-ID'] = m.get('messageId') or make_msgid(domain='python.example')
        for k, v in (m.get('headers') or {}).items():
            msg[k] = v
        env_from = m.get('envelopeFrom')
        if env_from is None:
            env_from = m['from'].split('<')[-1].rstrip('>').strip()
        try:
            s.sendmail(env_from, [msg['To']], msg.as_bytes())
            out.append({'code': 250, 'messageId': msg['Message-ID']})
        except smtplib.SMTPResponseException as e:
            out.append({'code': e.smtp_code, 'error': e.smtp_error.decode(errors='replace'), 'messageId': msg['Message-ID']})
    s.quit()
    return out

# One JSON request per line, one JSON answer per line: a single python3 serves a whole test file.
for line in sys.stdin:
    try:
        print(json.dumps({'ok': send(json.loads(line))}), flush=True)
    except Exception as e:
        print(json.dumps({'error': repr(e)}), flush=True)
`;

export interface PythonSender {
  /** Sends the mails over one SMTP session with python3's smtplib; the server's answer to each. */
  send(port: number, messages: PyMail[]): Promise<PyResult[]>;
  close(): Promise<void>;
}

/** One python3 process (started once per test file: its start-up is most of a send's cost). */
export function startPythonSender(): PythonSender {
  const child = spawn('python3', ['-u', '-c', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting: Array<{ resolve: (r: PyResult[]) => void; reject: (e: Error) => void }> = [];
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const w = waiting.shift();
    const answer = JSON.parse(line) as { ok?: PyResult[]; error?: string };
    if (answer.ok) w?.resolve(answer.ok);
    else w?.reject(new Error(`python3 smtplib failed: ${answer.error}`));
  });
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`python3 exited (${code}): ${stderr}`));
  });
  return {
    send(port, messages) {
      const spec = { port, messages: messages.map((m) => ({ ...m, attachments: m.attachments?.map((a) => ({ ...a, content: undefined, base64: a.content.toString('base64') })) })) };
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin!.write(JSON.stringify(spec) + '\n');
      });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.end();
      await exited;
    },
  };
}

// ---------------------------------------------------------------- Dovecot

export const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => fs.existsSync(p));

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, log: string): Promise<void> {
  const until = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (child.exitCode !== null || Date.now() > until) throw new Error(`dovecot did not start:\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Dovecot {
  port: number;
  user: string;
  pass: string;
  /** imap://user:pass@127.0.0.1:port/INBOX */
  url: string;
  stop(): Promise<void>;
}

/**
 * Debian's Dovecot as a throwaway instance: its own config, base and state directories, maildir and
 * passwd-file user in a temp directory, IMAP on a free loopback port, no chroots. As root it runs its
 * processes as the package's dovecot/dovenull users (Dovecot refuses mail for uid 0); otherwise all
 * as the caller.
 */
export async function startDovecot(): Promise<Dovecot> {
  if (!DOVECOT) throw new Error('dovecot is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const me = os.userInfo();
  const root = me.uid === 0;
  const mailUser = root ? { uid: Number(await idOf('-u', 'dovecot')), gid: Number(await idOf('-g', 'dovecot')) } : { uid: me.uid, gid: me.gid };
  for (const d of ['run', 'state', 'mail', 'home']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  if (root) for (const d of ['mail', 'home']) fs.chownSync(path.join(dir, d), mailUser.uid, mailUser.gid);
  const user = 'intake';
  const pass = 'intake-secret';
  fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${pass}\n`);
  const log = path.join(dir, 'dovecot.log');
  const groupOf = root ? 'dovecot' : ((await idOf('-gn', me.username)) || me.username);
  fs.writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${log}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:${dir}/mail/%u
default_login_user = ${root ? 'dovenull' : me.username}
default_internal_user = ${root ? 'dovecot' : me.username}
default_internal_group = ${groupOf}
first_valid_uid = 1
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${mailUser.uid} gid=${mailUser.gid} home=${dir}/home/%u
}
`,
  );
  const child = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await waitForPort(port, child, log);
  return {
    port,
    user,
    pass,
    url: `imap://${user}:${pass}@127.0.0.1:${port}/INBOX`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function idOf(flag: string, name: string): Promise<string> {
  return new Promise((resolve) => execFile('id', [flag, name], (err, out) => resolve(err ? '' : out.trim())));
}

// ---------------------------------------------------------------- failure injection

/** Makes recording an inbound mail fail in the database (a trigger) until the returned undo runs. */
export async function failInboundMailWrites(db: Db, postgres: boolean): Promise<() => Promise<void>> {
  if (postgres) {
    await sql`CREATE OR REPLACE FUNCTION fail_mail_in() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER fail_mail_in BEFORE INSERT ON mail_messages FOR EACH ROW WHEN (NEW.direction = 'in') EXECUTE FUNCTION fail_mail_in()`.execute(db);
    return async () => void (await sql`DROP TRIGGER fail_mail_in ON mail_messages`.execute(db));
  }
  await sql`CREATE TRIGGER fail_mail_in BEFORE INSERT ON mail_messages WHEN NEW.direction = 'in' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`.execute(db);
  return async () => void (await sql`DROP TRIGGER fail_mail_in`.execute(db));
}

/**
 * Whether python3 (the SMTP client outside Node) is here. `npm test` must pass on a machine with Node
 * alone, so there the SMTP tests are skipped with a notice; under CI its absence is an error.
 */
export const PYTHON_AVAILABLE = (() => {
  const r = spawnSync('python3', ['-c', 'import smtplib'], { encoding: 'utf8' });
  if (r.status === 0) return true;
  if (process.env.CI) throw new Error('python3 is not installed: CI must have it (the SMTP intake test sends with smtplib)');
  console.warn('skipping the SMTP intake tests: python3 is not installed');
  return false;
})();
