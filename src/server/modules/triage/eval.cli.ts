/**
 * `redress triage eval|train …` — called by the main CLI with the arguments after
 * `triage`. Returns the process exit code.
 */
import { runTriageEval, runTriageTrain } from './evaluate.js';
import type { NbVariant } from './classifier.js';

const USAGE = `usage:
  redress triage eval  --train A.csv [--test B.csv] --text COL[,COL] --label COL [--seed N] [--variant svm|logistic|complement|multinomial]
  redress triage train --train A.csv --text COL[,COL] --label COL --out model.json
Without --test, eval uses a deterministic 80/20 split of --train (seed 42 unless --seed).`;

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

export async function triageCli(
  argv: string[],
  io: { log: (line: string) => void; error: (line: string) => void } = { log: console.log, error: console.error },
): Promise<number> {
  const [cmd, ...rest] = argv[0] === 'triage' ? argv.slice(1) : argv;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    io.log(USAGE);
    return cmd === undefined ? 2 : 0;
  }
  try {
    const flags = parseFlags(rest);
    const need = (k: string): string => {
      const v = flags.get(k);
      if (!v) throw new Error(`--${k} is required`);
      return v;
    };
    const text = need('text')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const variant = flags.get('variant') as NbVariant | undefined;
    if (variant && !['svm', 'logistic', 'complement', 'multinomial'].includes(variant)) {
      throw new Error('--variant must be svm, logistic, complement or multinomial');
    }
    const options = variant ? { variant } : {};
    if (cmd === 'eval') {
      const seed = flags.has('seed') ? Number(flags.get('seed')) : undefined;
      runTriageEval({ train: need('train'), test: flags.get('test'), text, label: need('label'), seed, options, log: io.log });
      return 0;
    }
    if (cmd === 'train') {
      runTriageTrain({ file: flags.get('train') ?? need('file'), text, label: need('label'), out: need('out'), options, log: io.log });
      return 0;
    }
    io.error(`unknown triage command "${cmd}"\n${USAGE}`);
    return 2;
  } catch (err) {
    io.error(`triage ${cmd}: ${(err as Error).message}`);
    return 1;
  }
}
