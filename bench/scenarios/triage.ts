import fs from 'node:fs';
import path from 'node:path';
import { ROOT, resultLine, type BenchArgs } from '../lib.js';

/** Delegates to bench/triage-engine.ts (the triage engineer's duplicate-index benchmark) when it exists. */
export async function triage(args: BenchArgs, print: (s: string) => void) {
  const file = path.join(ROOT, 'bench', 'triage-engine.ts');
  if (!fs.existsSync(file)) return { skipped: 'bench/triage-engine.ts does not exist yet' };
  const mod = (await import('../triage-engine.js')) as unknown as { benchTriageEngine?: (o: { earlier?: number; queries?: number; log?: (s: string) => void }) => Record<string, number> };
  if (!mod.benchTriageEngine) return { skipped: 'bench/triage-engine.ts exports no benchTriageEngine' };
  const earlier = args.size ?? 50_000;
  const r = mod.benchTriageEngine({ earlier, queries: Math.max(1000, Math.round(earlier / 10)), log: print });
  return { data: r, line: resultLine('triage', { earlier: r.earlier, queries: r.queries, index_per_s: Math.round(r.indexPerSec), query_per_s: Math.round(r.queryPerSec), p50_ms: r.medianMs, p99_ms: r.p99Ms }) };
}
