#!/usr/bin/env node
// Builds the server bundle (esbuild) and the web app (Vite) into dist/. Used by `npm run build` and,
// when sources are newer than the last build, by `npm start`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

export async function buildAll({ quiet = false } = {}) {
  const log = quiet ? () => {} : (m) => console.log(m);
  log('Building server…');
  await build({
    entryPoints: [path.join(root, 'src/server/main.ts')],
    outfile: path.join(dist, 'server/main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  if (fs.existsSync(path.join(root, 'vite.config.ts'))) {
    log('Building web app…');
    const vite = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', quiet ? 'error' : 'warn'], { cwd: root, stdio: 'inherit' });
    if (vite.status !== 0) throw new Error('vite build failed');
  }
  fs.writeFileSync(path.join(dist, '.build-stamp'), new Date().toISOString());
  log('Build complete.');
}

/** Newest modification time under the given paths (files the build depends on). */
export function newestSource() {
  let newest = 0;
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const f of fs.readdirSync(p)) walk(path.join(p, f));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['src', 'vite.config.ts', 'package-lock.json', 'index.html']) walk(path.join(root, p));
  return newest;
}

export function isStale() {
  const stamp = path.join(dist, '.build-stamp');
  return !fs.existsSync(stamp) || fs.statSync(stamp).mtimeMs < newestSource();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  buildAll().catch((e) => {
    console.error(e.message ?? e);
    process.exit(1);
  });
}
