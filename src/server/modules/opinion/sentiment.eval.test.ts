import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../triage/csv.js';
import { opinionCli } from './sentiment.cli.js';
import { bundled, sample, SHOPPING, WAIMAI } from './sentiment.data.js';
import { evaluateSentiment } from './sentiment.eval.js';

describe('cross-domain sentiment (the figure in the README)', () => {
  it('trained on the takeaway reviews, macro-F1 ≥ 0.83 on a fixed 3,000-review sample of the product reviews', () => {
    // Measured 0.853 on this sample and 0.851 on all 19,999 rows (README, Sentiment); binary, neutral band off.
    const r = evaluateSentiment(bundled(WAIMAI), sample(bundled(SHOPPING), 3000, 42));
    expect(r.n).toBe(3000);
    expect(r.macroF1).toBeGreaterThanOrEqual(0.83);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.83);
  });
});

describe('redress opinion sentiment eval', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-sentiment-'));
  const rows = (texts: Array<[string, string]>) => toCsv([['text', 'y'], ...texts.map(([t, y]) => [t, y])]);
  const train = path.join(dir, 'train.csv');
  const test = path.join(dir, 'test.csv');
  fs.writeFileSync(train, rows([...['好吃', '很满意', '服务很好', '物流很快', '质量不错'].map((t): [string, string] => [t, 'positive']), ...['难吃', '很失望', '服务太差', '物流太慢', '质量很差'].map((t): [string, string] => [t, 'negative'])]));
  fs.writeFileSync(test, rows([['味道很好，很满意', '1'], ['太难吃了，失望', '0'], ['质量不错', 'pos'], ['物流太慢', 'neg']]));

  it('prints a report whose last line is accuracy=… macro_f1=… n=…', async () => {
    const out: string[] = [];
    const code = await opinionCli(['opinion', 'sentiment', 'eval', '--train', train, '--test', test, '--text', 'text', '--label', 'y'], { log: (l) => out.push(...l.split('\n')), error: (l) => out.push(l) });
    expect(code).toBe(0);
    expect(out.at(-1)).toMatch(/^accuracy=\d\.\d{3} macro_f1=\d\.\d{3} n=4$/);
    expect(out.at(-1)).toBe('accuracy=1.000 macro_f1=1.000 n=4');
  });

  it('names a missing column and a missing flag', async () => {
    const err: string[] = [];
    const io = { log: () => undefined, error: (l: string) => err.push(l) };
    expect(await opinionCli(['sentiment', 'eval', '--train', train, '--text', 'review', '--label', 'y'], io)).toBe(1);
    expect(err.at(-1)).toContain('no column "review"');
    expect(await opinionCli(['sentiment', 'eval', '--train', train, '--text', 'text'], io)).toBe(1);
    expect(err.at(-1)).toContain('--label is required');
  });
});
