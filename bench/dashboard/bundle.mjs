// First-load size of the built dashboard: the JS and CSS index.html pulls in, gzipped as the
// server sends them (level 9, http/static-files.ts), plus every lazily loaded chunk for reference.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const STATIC_DIR = new URL('../../packages/dashboard/static/', import.meta.url).pathname;

const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;

/** { entry: [{file, bytes, gzip}], lazy: [...] } of the JS and CSS under static/assets. */
export function bundleSizes() {
  const html = readFileSync(join(STATIC_DIR, 'index.html'), 'utf8');
  const referenced = new Set([...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]));
  const files = readdirSync(join(STATIC_DIR, 'assets')).map((name) => {
    const buffer = readFileSync(join(STATIC_DIR, 'assets', name));
    return { file: `assets/${name}`, bytes: buffer.length, gzip: gz(buffer) };
  });
  return {
    entry: files.filter((f) => referenced.has(f.file)),
    lazy: files.filter((f) => !referenced.has(f.file)),
  };
}
