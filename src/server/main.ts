#!/usr/bin/env node
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { createContext, type AppContext } from './context.js';
import { buildApp } from './app.js';
import { ensureFirstAdmin } from './bootstrap.js';
import { verifyAudit } from './platform/audit/audit.js';
import { readCheckpoints, verifyWithCheckpoints } from './platform/audit/checkpoint.js';
import { loadMasterKey } from './platform/crypto/keys.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { OrgService } from './modules/org/org.service.js';
import { ROLES, type Role } from '../shared/enums.js';

const USAGE = `redress <command>

  serve                                   start the server (default)
  migrate                                 apply database migrations
  user add --email E --name N --role R[,R] [--password P] [--department ID[,ID]]
  token create --email E --name LABEL [--scope S[,S]]   print a new API token (last line)
  audit verify [--checkpoint FILE]        check the audit log's hash chain (and against exported checkpoints)
  backup [--out FILE]                     one archive: database (SQLite online backup / pg_dump), attachments, manifest; never the key
  restore FILE [--force]                  restore an archive into an empty target (--force: overwrite), then verify it
  demo [--locale zh|en] [--size N]       load a demo hotline desk (Chinese 12345 by default; en: a US 311 desk)
  demo check [--user U]                   share of the user's inbox whose source category is in the top-3 suggestions
  triage eval|train …                     classifier on any CSV (redress triage help)
  triage train --db [LIMIT]               train the active model from this database's labelled complaints
  opinion sentiment eval|train …          sentiment model on any labelled CSV (redress opinion sentiment help)

Configuration comes from the environment (see README).`;

async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // One-shot commands print their own results; the service's info logs would only be noise.
  const ctx = await createContext(config, { log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }) });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

async function serve(): Promise<void> {
  const config = loadConfig();
  const ctx = await createContext(config);
  await ensureFirstAdmin(ctx);
  const app = await buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
  ctx.jobs.start();
  console.log(`Redress is serving on http://${config.host}:${config.port} (database: ${ctx.dialect})`);
  const shutdown = async (signal: string) => {
    ctx.log.info({ signal }, 'shutting down');
    await app.close();
    await ctx.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

export async function main(argv: string[]): Promise<number> {
  const [cmd = 'serve', sub, ...rest] = argv;
  switch (cmd) {
    case 'serve':
      await serve();
      return -1; // keep running
    case 'migrate': {
      const config = loadConfig();
      const { createDb } = await import('./platform/db/index.js');
      const handle = await createDb(config.databaseUrl);
      try {
        const applied = await migrateToLatest(handle);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
      } finally {
        await handle.close();
      }
      return 0;
    }
    case 'user': {
      if (sub !== 'add') break;
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, department: { type: 'string' } } });
      if (!values.email || !values.role) throw new UsageError('user add needs --email and --role');
      const roles = values.role.split(',') as Role[];
      const bad = roles.filter((r) => !ROLES.includes(r));
      if (bad.length) throw new UsageError(`Unknown role ${bad.join(', ')}; roles are ${ROLES.join(', ')}`);
      const { generatePassword } = await import('./platform/auth/password.js');
      const password = values.password ?? generatePassword();
      await withContext(async (ctx) => {
        const u = await new OrgService(ctx).createUser(null, { email: values.email!, name: values.name ?? values.email!, password, roles, departmentIds: values.department?.split(',') });
        console.log(`Created ${u.email} (${u.roles.join(', ')})`);
        if (!values.password) console.log(`password: ${password}`);
      });
      return 0;
    }
    case 'token': {
      if (sub !== 'create') break;
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' } } });
      if (!values.email || !values.name) throw new UsageError('token create needs --email and --name');
      await withContext(async (ctx) => {
        const t = await new OrgService(ctx).createToken(null, values.email!, values.name!, values.scope ? values.scope.split(',') : ['*']);
        console.log(`API token "${t.name}" for ${values.email} (scopes: ${t.scopes.join(',')}). Store it now; it is not shown again:`);
        console.log(t.token);
      });
      return 0;
    }
    case 'audit': {
      if (sub !== 'verify') break;
      const { values } = parseArgs({ args: rest, options: { checkpoint: { type: 'string' } } });
      return withContext(async (ctx) => {
        const checkpoints = values.checkpoint ? readCheckpoints(values.checkpoint) : undefined;
        const master = loadMasterKey(ctx.config.secretKey, ctx.config.dataDir);
        const r = checkpoints ? await verifyWithCheckpoints(ctx.db, master, checkpoints) : await verifyAudit(ctx.db);
        const against = checkpoints ? ` against ${checkpoints.length} checkpoint(s)` : '';
        if (r.ok) {
          const legacy = r.keyedFrom && r.keyedFrom > 1 ? ` (rows 1–${r.keyedFrom - 1} are an unkeyed legacy prefix)` : '';
          console.log(`Audit log intact: ${r.checked} entries verified${against}${legacy}`);
          return 0;
        }
        console.error(`Audit log BROKEN at entry ${r.broken!.seq}: ${r.broken!.reason} (${r.checked} entries verified${against})`);
        return 1;
      });
    }
    case 'backup': {
      const { backupCli } = await import('./modules/backup/backup.cli.js');
      return backupCli([sub, ...rest].filter((x): x is string => x !== undefined));
    }
    case 'restore': {
      const { restoreCli } = await import('./modules/backup/backup.cli.js');
      return restoreCli([sub, ...rest].filter((x): x is string => x !== undefined));
    }
    case 'demo': {
      const args = sub && !sub.startsWith('--') ? rest : [sub, ...rest].filter((x): x is string => x !== undefined);
      const { values } = parseArgs({ args, options: { locale: { type: 'string' }, size: { type: 'string' }, user: { type: 'string' } } });
      if (values.locale && values.locale !== 'zh' && values.locale !== 'en') throw new UsageError('demo --locale is zh or en');
      const size = values.size === undefined ? undefined : Number(values.size);
      if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > 5000)) throw new UsageError('demo --size is a whole number 1..5000');
      if (sub === 'check') {
        const { heldOutTopThree, measureSuggestions } = await import('./modules/demo/suggestions.js');
        const { demoLocale } = await import('./modules/demo/demo.js');
        return withContext(async (ctx) => {
          const locale = (values.locale as 'zh' | 'en' | undefined) ?? (await demoLocale(ctx)) ?? 'zh';
          const m = await measureSuggestions(ctx, values.user ?? 'coordinator', locale);
          const h = heldOutTopThree(locale);
          console.log(`${values.user ?? 'coordinator'}'s inbox: ${m.total} complaints, ${m.foreign} not from the ${locale} hotline data; source category among the top three suggestions for ${m.hits} (${(m.share * 100).toFixed(1)} %), ${m.byModel} suggested by a trained model`);
          console.log(`Held out (5-fold over the ${h.n} labelled messages, each predicted by a model that never saw it): top three ${h.hits} (${(h.share * 100).toFixed(1)} %)`);
          return 0;
        });
      }
      if (sub && !sub.startsWith('--')) break;
      const { loadDemo } = await import('./modules/demo/demo.js');
      // The demo creates the first administrator itself, on its simulated clock.
      return withContext((ctx) => loadDemo(ctx, console.log, { locale: values.locale as 'zh' | 'en' | undefined, size }));
    }
    case 'triage': {
      if (sub === 'train' && rest[0] === '--db') {
        // Train from the organisation's own labelled complaints and make it the active model version.
        const { triageService } = await import('./modules/triage/triage.service.js');
        return withContext(async (ctx) => {
          // An operator's explicit command is not rate-limited; a worse model is still not made active.
          const r = await triageService(ctx).train(null, { limit: rest[1] ? Number(rest[1]) : undefined, force: true });
          const c = r.calibration;
          console.log(`Model version ${r.version}${r.accepted ? '' : ' (not used: worse on held-out confirmations than the active one)'}: ${r.examples} complaints + ${r.corpusExamples} corpus examples in ${r.labels} categories (${r.ms} ms); held out ${c.n}, accuracy ${c.accuracy}, auto-apply threshold ${c.threshold ?? 'none'}`);
          return 0;
        });
      }
      const { triageCli } = await import('./modules/triage/eval.cli.js');
      return triageCli([sub, ...rest].filter((x) => x !== undefined));
    }
    case 'opinion': {
      const { opinionCli } = await import('./modules/opinion/sentiment.cli.js');
      return opinionCli([sub, ...rest].filter((x) => x !== undefined));
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
  }
  throw new UsageError(`Unknown command: ${[cmd, sub].filter(Boolean).join(' ')}`);
}

class UsageError extends Error {}

/** Runs a command, printing errors the way an operator can act on them; exits unless serving. */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (err) => {
      if (err instanceof ConfigError) console.error(err.message);
      else if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
      else if (err?.code && err?.status) console.error(`${err.code}: ${err.message}`);
      else console.error(err);
      process.exit(2);
    },
  );
}

if (process.argv[1] && /main\.(ts|js)$/.test(process.argv[1])) runCli(process.argv.slice(2));
