// A client generated from /openapi.json (openapi-typescript + openapi-fetch) must type-check a small
// program that signs in, creates, lists, searches and acts on a complaint — with its typed response
// fields — and that program must work against the running server.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from './test/harness.js';

const PROGRAM = `
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export async function run(baseUrl: string, email: string, password: string, departmentId: string) {
  const client = createClient<paths>({ baseUrl });
  const login = await client.POST('/api/v1/auth/login', { body: { email, password } });
  if (!login.data) throw new Error('login failed: ' + login.response.status);
  const csrfToken: string = login.data.csrfToken;
  const userId: string = login.data.user.id;
  const cookie = (login.response.headers.get('set-cookie') ?? '').split(';')[0];
  const session: Middleware = {
    onRequest({ request }) {
      request.headers.set('cookie', cookie);
      request.headers.set('x-csrf-token', csrfToken);
      return request;
    },
  };
  client.use(session);

  const created = await client.POST('/api/v1/complaints', {
    body: { subject: '食堂饭菜有异味', description: '学生反映食堂午餐饭菜有异味，多人要求学校给出说法。', channel: 'phone', complainant: { name: '张三', phone: '13812345678' } },
  });
  if (!created.data) throw new Error('create failed: ' + JSON.stringify(created.error));
  const id: string = created.data.id;
  const trackingNo: string = created.data.trackingNo;
  const level: number = created.data.level;

  const list = await client.GET('/api/v1/complaints', { params: { query: { limit: 20 } } });
  if (!list.data) throw new Error('list failed');
  const listed: string[] = list.data.items.map((c) => c.id);
  const nextCursor: string | null = list.data.nextCursor;

  const search = await client.GET('/api/v1/complaints', { params: { query: { q: '食堂' } } });
  if (!search.data) throw new Error('search failed');
  const found: string[] = search.data.items.map((c) => c.trackingNo);

  const acted = await client.POST('/api/v1/complaints/{id}/actions', { params: { path: { id } }, body: { action: 'assign', departmentId } });
  if (!acted.data) throw new Error('assign failed: ' + JSON.stringify(acted.error));
  const status: string = acted.data.status;
  const version: number = acted.data.version;
  const assignedTo: string | null = acted.data.departmentId;

  const missing = await client.GET('/api/v1/complaints/{id}', { params: { path: { id: 'no-such-complaint' } } });
  const errorCode: string | undefined = missing.error?.code;

  return { userId, id, trackingNo, level, listed, nextCursor, found, status, version, assignedTo, errorCode };
}

const [baseUrl, email, password, departmentId] = process.argv.slice(2);
if (baseUrl) run(baseUrl, email, password, departmentId).then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });
`;

/** Type errors of `file` under strict settings (the compiler API; the same as `tsc --noEmit --strict`). */
function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('a client generated from /openapi.json', () => {
  let env: TestEnv;
  let dir: string;
  let departmentId: string;
  let email: string;
  beforeAll(async () => {
    env = await createTestEnv();
    departmentId = await env.department();
    ({ email } = await env.client(['intake_agent', 'coordinator'], [departmentId]));
    // Inside node_modules so the program resolves openapi-fetch and @types/node from the repository.
    dir = fs.mkdtempSync(path.join(process.cwd(), 'node_modules', '.openapi-client-'));
    const doc = (await env.app.inject({ method: 'GET', url: '/openapi.json' })).json() as OpenAPI3;
    fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(doc, null, 2));
    fs.writeFileSync(path.join(dir, 'schema.d.ts'), astToString(await openapiTS(doc)));
    fs.writeFileSync(path.join(dir, 'program.ts'), PROGRAM);
  }, 60_000);
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await env.close();
  });

  it('type-checks a program that signs in, creates, lists, searches and assigns a complaint', () => {
    expect(typeErrors(path.join(dir, 'program.ts'))).toEqual([]);
  }, 60_000);

  it('fails the type-check when the program reads a field the API does not answer', () => {
    const wrong = PROGRAM.replace('const trackingNo: string = created.data.trackingNo;', 'const trackingNo: string = created.data.trackingNumber;');
    fs.writeFileSync(path.join(dir, 'wrong.ts'), wrong);
    expect(typeErrors(path.join(dir, 'wrong.ts')).join('\n')).toMatch(/trackingNumber/);
  }, 60_000);

  it('runs against the listening server', async () => {
    const js = ts.transpileModule(PROGRAM, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    fs.writeFileSync(path.join(dir, 'program.mjs'), js);
    const address = await env.app.listen({ port: 0, host: '127.0.0.1' });
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(dir, 'program.mjs'), address, email, TEST_PASSWORD, departmentId], { timeout: 30_000 });
    const r = JSON.parse(stdout);
    expect(r.trackingNo).toMatch(/^TS\d{8}-\d{6}$/);
    expect(r.listed).toContain(r.id);
    expect(r.found).toContain(r.trackingNo);
    expect(r).toMatchObject({ status: 'assigned', assignedTo: departmentId, errorCode: 'not_found' });
    expect(env.app.responseContract?.violations).toEqual([]);
  }, 60_000);
});
