// Tests parse /metrics with the Prometheus project's own text-format parser (prometheus_client's
// text_string_to_metric_families, Debian's python3-prometheus-client), not a hand-rolled one: the npm
// parsers tried merge labelled histograms into one. .ci/run installs the package.
import { spawnSync } from 'node:child_process';

export interface ParsedSample {
  /** The sample's own name: `…_bucket`, `…_sum`, `…_count`, `…_total`, or the family's. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  /** prometheus_client's family name (a counter's without `_total`). */
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped' | string;
  help: string;
  samples: ParsedSample[];
}

const SCRIPT = `
import json, math, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for f in text_string_to_metric_families(sys.stdin.read()):
    out.append({"name": f.name, "type": f.type, "help": f.documentation,
                "samples": [{"name": s.name, "labels": s.labels, "value": s.value if math.isfinite(s.value) else str(s.value)} for s in f.samples]})
json.dump(out, sys.stdout)
`;

export const PYTHON = '/usr/bin/python3';

/** Parses a Prometheus text exposition; throws what the parser says when the text is malformed. */
export function parsePrometheusText(text: string): ParsedFamily[] {
  const r = spawnSync(PYTHON, ['-c', SCRIPT], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`Prometheus text parser failed: ${r.stderr}`);
  const families = JSON.parse(r.stdout) as ParsedFamily[];
  for (const f of families) for (const s of f.samples) s.value = Number(s.value);
  return families;
}

/** Whether the parser is installed (python3-prometheus-client). */
export function parserAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import prometheus_client.parser'], { encoding: 'utf8' }).status === 0;
}

/**
 * Whether the parser can run here. A fresh machine with Node alone lacks it, and `npm test` must pass
 * there: those tests are skipped with a notice; under CI (.ci/run installs it) its absence is an error.
 */
export const PARSER_AVAILABLE = (() => {
  const r = spawnSync(PYTHON, ['-c', 'import prometheus_client'], { encoding: 'utf8' });
  if (r.status === 0) return true;
  if (process.env.CI) throw new Error('python3-prometheus-client is not installed: CI must have it (apt-get install python3-prometheus-client)');
  console.warn('skipping the /metrics parse tests: /usr/bin/python3 with prometheus_client is not installed (apt-get install python3-prometheus-client)');
  return false;
})();
