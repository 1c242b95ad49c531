// What a route downloads before it renders: the entry chunk, the route's lazy chunk, and their static imports.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export function routeBytes(webDir: string, routeSrc: string, entryHtml = 'index.html'): { files: string[]; raw: number; gzip: number } {
  const manifest = JSON.parse(fs.readFileSync(path.join(webDir, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
  // Two entries (the workspace's index.html and the portal's portal.html): the one asked for.
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry && k === entryHtml)!;
  const routeKey = Object.keys(manifest).find((k) => k.endsWith(routeSrc));
  if (!entryKey || !routeKey) throw new Error(`No chunk for ${entryHtml} or ${routeSrc} in the manifest`);
  const seen = new Set<string>();
  const visit = (k: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const i of manifest[k].imports ?? []) visit(i);
  };
  visit(entryKey);
  visit(routeKey);
  const files = [...seen].map((k) => manifest[k].file);
  for (const k of seen) for (const c of manifest[k].css ?? []) files.push(c);
  let raw = 0;
  let gzip = 0;
  for (const f of new Set(files)) {
    const buf = fs.readFileSync(path.join(webDir, f));
    raw += buf.length;
    gzip += zlib.gzipSync(buf, { level: 9 }).length;
  }
  return { files, raw, gzip };
}
