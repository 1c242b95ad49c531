import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { createBackup } from './backup.js';
import { BackupError } from './manifest.js';
import { restoreBackup } from './restore.js';

/** Where a command reads its configuration and prints (tests pass their own). */
export interface CliIo {
  env?: NodeJS.ProcessEnv;
  print?: (line: string) => void;
  printErr?: (line: string) => void;
}

/** `redress backup [--out FILE]` (a positional FILE is accepted too, as before). */
export async function backupCli(args: string[], { env = process.env, print = console.log, printErr = console.error }: CliIo = {}): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
  try {
    const r = await createBackup(loadConfig(env), values.out ?? positionals[0]);
    const m = r.manifest;
    print(`Backup written to ${r.file} (${(r.bytes / 1024 / 1024).toFixed(1)} MB, ${r.ms} ms)`);
    print(`  database: ${m.database.kind}, schema ${m.database.migrations.at(-1) ?? 'none'}; ${m.counts.complaints} complaints, ${m.counts.users} users, ${m.counts.auditEntries} audit entries`);
    print(`  attachments: ${m.attachments.count} files`);
    print(`  key: NOT in the archive. It is ${r.keyLocation} (fingerprint ${m.key.fingerprint}).`);
    print('       Back it up separately, and keep it apart from this archive: restoring needs both.');
    return 0;
  } catch (e) {
    if (e instanceof BackupError) {
      printErr(`backup failed: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

/** `redress restore FILE [--force]`: exit 0 only when the restore and every check succeeded. */
export async function restoreCli(args: string[], { env = process.env, print = console.log, printErr = console.error }: CliIo = {}): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { force: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) {
    printErr('restore needs one backup file: redress restore <file> [--force]');
    return 2;
  }
  try {
    const s = await restoreBackup(loadConfig(env), positionals[0]!, { force: values.force });
    const m = s.manifest;
    print(`Restored ${positionals[0]} (made ${m.createdAt}, ${m.database.kind}, schema ${m.database.migrations.at(-1) ?? 'none'}) in ${s.ms} ms`);
    if (s.migrated.length) print(`  migrated to this version: ${s.migrated.join(', ')}`);
    print(`  ${s.complaints} complaints, ${s.users} users`);
    print(`  attachments: ${s.attachments.verified}/${s.attachments.restored} files match the manifest; ${s.attachments.rowsChecked} attachment rows decrypt to their recorded hash`);
    print(`  key: fingerprint ${m.key.fingerprint} matches; personal data of ${s.personalDataChecked} complainants decrypts`);
    print(`  audit chain: ${s.audit.ok ? `intact, ${s.audit.checked} entries verified` : `BROKEN at ${s.audit.broken}`}`);
    for (const p of s.problems) printErr(`  problem: ${p}`);
    if (!s.ok) printErr(`restore finished with ${s.problems.length} problem(s)`);
    return s.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof BackupError) {
      printErr(`restore failed: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
