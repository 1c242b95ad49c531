// Prints the anonymiser's figures on fixtures/anonymiser/eval.jsonl:  npx tsx bench/anonymiser.ts [--verbose]
import { loadEvalSet, scoreAnonymiser } from '../src/server/modules/cases/anonymise.eval.js';

const s = scoreAnonymiser(loadEvalSet());
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log(`texts: ${s.texts}`);
console.log('| kind | gold items | found | recall |');
console.log('|---|---:|---:|---:|');
for (const [kind, k] of Object.entries(s.byKind)) console.log(`| ${kind} | ${k.gold} | ${k.found} | ${pct(k.recall)} |`);
console.log(`precision: ${s.correct}/${s.redactions} = ${pct(s.precision)}`);
if (process.argv.includes('--verbose')) {
  for (const m of s.misses) console.log('MISS', m.id, m.kind, m.text);
  for (const f of s.falsePositives) console.log('FP  ', f.id, f.kind, f.text);
}
const k = s.byKind;
console.log(`RESULT anonymiser texts=${s.texts} phone=${pct(k.phone?.recall ?? 1)} id_number=${pct(k.id_number?.recall ?? 1)} name=${pct(k.name?.recall ?? 1)} address=${pct(k.address?.recall ?? 1)} precision=${pct(s.precision)}`.replace(/ %/g, '%'));
