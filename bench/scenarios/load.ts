import { verifyAudit } from '../../src/server/platform/audit/audit.js';
import { benchContext, loaded, resultLine, round, type BenchArgs } from '../lib.js';

/** Bulk load only (bench/load.ts), then verify the audit chain (of a database shared with other scenarios of the run, if any). */
export async function load(args: BenchArgs, print: (s: string) => void) {
  const size = args.size ?? 100_000;
  const { db, load } = await loaded(args, size, print);
  const ctx = await benchContext(db);
  const t = performance.now();
  const v = await verifyAudit(ctx.db);
  const verifyS = round((performance.now() - t) / 1000);
  await ctx.close();
  print(`loaded ${size} in ${load.seconds} s (${load.perSec}/s)${load.loadedBy !== args.scenario ? ` by ${load.loadedBy}` : ''}; audit chain ${v.ok ? 'intact' : 'BROKEN'} (${v.checked} entries verified in ${verifyS} s)`);
  return { data: { size, load, audit: { ...v, seconds: verifyS } }, line: resultLine('load', { db: args.db, size, per_s: load.perSec, seconds: load.seconds, audit_ok: v.ok ? 1 : 0 }) };
}
