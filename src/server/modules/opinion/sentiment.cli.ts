/**
 * `redress opinion sentiment eval|train …` — called by the main CLI with the arguments after
 * `opinion`. Returns the process exit code.
 */
import { runSentimentEval } from './sentiment.eval.js';
import { readLabelledCsv } from './sentiment.data.js';
import { SentimentModel } from './sentiment.model.js';
import { writeModel } from './sentiment.bundled.js';

const USAGE = `usage:
  redress opinion sentiment eval  --train A.csv [--test B.csv] --text COL --label COL [--sample N] [--seed N]
  redress opinion sentiment train --train A.csv[,B.csv] --text COL --label COL --out model.json.gz
Labels: 1/positive/pos and 0/negative/neg. Without --test, eval uses a seeded 80/20 split of --train.
eval's last line is "accuracy=… macro_f1=… n=…" (binary, neutral band off).`;

function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"`);
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`missing value for ${a}`);
      flags.set(a.slice(2), v);
      i++;
    }
  }
  return flags;
}

function count(flags: Map<string, string>, k: string): number | undefined {
  if (!flags.has(k)) return undefined;
  const n = Number(flags.get(k));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${k} must be a positive whole number`);
  return n;
}

export async function opinionCli(argv: string[], io: { log: (line: string) => void; error: (line: string) => void } = { log: console.log, error: console.error }): Promise<number> {
  const [area, cmd, ...rest] = argv[0] === 'opinion' ? argv.slice(1) : argv;
  if (area !== 'sentiment' || cmd === undefined || cmd === 'help' || cmd === '--help') {
    io.log(USAGE);
    return area === 'sentiment' && cmd !== undefined ? 0 : 2;
  }
  try {
    const flags = parseFlags(rest);
    const need = (k: string): string => {
      const v = flags.get(k);
      if (!v) throw new Error(`--${k} is required`);
      return v;
    };
    if (cmd === 'eval') {
      runSentimentEval({ train: need('train'), test: flags.get('test'), text: need('text'), label: need('label'), sample: count(flags, 'sample'), seed: count(flags, 'seed'), log: io.log });
      return 0;
    }
    if (cmd === 'train') {
      const rows = need('train')
        .split(',')
        .flatMap((f) => readLabelledCsv(f.trim(), need('text'), need('label')));
      const m = SentimentModel.train(rows);
      const bytes = writeModel(need('out'), m);
      io.log(`trained on ${rows.length} rows; wrote ${need('out')} (${bytes} bytes)`);
      return 0;
    }
    io.error(`unknown opinion sentiment command "${cmd}"\n${USAGE}`);
    return 2;
  } catch (err) {
    io.error(`opinion sentiment ${cmd}: ${(err as Error).message}`);
    return 1;
  }
}
