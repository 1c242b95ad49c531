// `@redocly/cli lint` with its recommended rules (redocly.yaml) over the document the server
// publishes: no error allowed (warnings are printed, not failed).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: { pointer?: string }[];
}

const CLI = path.join(process.cwd(), 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const CONFIG = path.join(process.cwd(), 'redocly.yaml');

async function lint(file: string): Promise<LintProblem[]> {
  const args = [CLI, 'lint', file, '--config', CONFIG, '--format', 'json'];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, args, { env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }));
  } catch (err) {
    // Exit code 1 when there are errors; the report is still on stdout.
    stdout = (err as { stdout?: string }).stdout ?? '';
    if (!stdout.includes('"problems"')) throw err;
  }
  return (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { problems: LintProblem[] }).problems;
}

const show = (ps: LintProblem[]) => ps.map((p) => `${p.ruleId} ${p.location?.[0]?.pointer ?? ''}: ${p.message}`);

describe('redocly lint of /openapi.json', () => {
  let env: TestEnv;
  let dir: string;
  let doc: { paths: Record<string, Record<string, { summary?: string }>> };
  beforeAll(async () => {
    env = await createTestEnv();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-openapi-lint-'));
    doc = (await env.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await env.close();
  });

  it('finds no error with the recommended rules', async () => {
    const file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const problems = await lint(file);
    expect(show(problems.filter((p) => p.severity === 'error'))).toEqual([]);
    // Warnings are allowed (e.g. operation-4xx-response on public operations that take no input and
    // so answer no 4xx); they are printed so they are seen.
    const warnings = show(problems.filter((p) => p.severity === 'warn'));
    if (warnings.length) console.warn(`redocly lint warnings:\n${warnings.join('\n')}`);
  }, 90_000);

  it('reports an error for a document that breaks a recommended rule', async () => {
    const broken = structuredClone(doc);
    delete broken.paths['/api/v1/complaints'].post.summary;
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, JSON.stringify(broken));
    expect(show((await lint(file)).filter((p) => p.severity === 'error'))).toEqual([expect.stringMatching(/^operation-summary #\/paths\/~1api~1v1~1complaints\/post/)]);
  }, 90_000);
});
