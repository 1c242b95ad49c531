import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { BackupError } from './manifest.js';

const run = promisify(execFile);

/** The major version of a PostgreSQL client tool on PATH (pg_dump, pg_restore); a clear error when missing. */
export async function toolVersion(tool: 'pg_dump' | 'pg_restore'): Promise<{ text: string; major: number }> {
  try {
    const { stdout } = await run(tool, ['--version']);
    const m = /(\d+)(?:\.(\d+))?/.exec(stdout);
    if (!m) throw new BackupError(`${tool} --version printed nothing recognisable: ${stdout.trim()}`);
    return { text: stdout.trim(), major: Number(m[1]) };
  } catch (e) {
    if (e instanceof BackupError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BackupError(`${tool} is not installed (or not on PATH); install the PostgreSQL client of the server's major version (e.g. apt install postgresql-client)`);
    }
    throw e;
  }
}

export async function serverVersion(url: string): Promise<{ text: string; major: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ v: string; n: string }>("SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n");
    return { text: r.rows[0]!.v, major: Math.floor(Number(r.rows[0]!.n) / 10000) };
  } finally {
    await client.end();
  }
}

/** pg_dump cannot dump a newer server, and a newer pg_dump writes archives older pg_restores cannot read. */
export async function checkToolMatchesServer(tool: 'pg_dump' | 'pg_restore', url: string): Promise<{ tool: string; server: string }> {
  const [t, s] = await Promise.all([toolVersion(tool), serverVersion(url)]);
  if (t.major !== s.major) {
    throw new BackupError(`${tool} is version ${t.major} but the server is PostgreSQL ${s.major} (${s.text}); use the ${tool} of PostgreSQL ${s.major}`);
  }
  return { tool: t.text, server: s.text };
}

async function runTool(tool: string, args: string[]): Promise<void> {
  try {
    await run(tool, args, { maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as Error & { stderr?: string };
    throw new BackupError(`${tool} failed: ${(err.stderr || err.message).trim()}`);
  }
}

/** The whole database in pg_dump's custom format (compressed, restorable object by object). */
export function pgDump(url: string, file: string): Promise<void> {
  return runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url}`]);
}

/** Restores into the target database, replacing the objects the dump holds, in one transaction. */
export function pgRestore(url: string, file: string): Promise<void> {
  return runTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${url}`, file]);
}
