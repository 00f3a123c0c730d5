/**
 * The front end's size as a browser downloads it (gzip): the whole app and what the first page loads,
 * against React and ReactDOM's own production builds gzip-compressed in the same run (the floor any
 * React app pays). Built by Vite from web/vite.config.ts into a temporary folder.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { BenchResult } from './types.ts';

const ROOT = join(import.meta.dirname, '..');
/** kB as Vite reports them (1000 bytes). */
const gz = (file: string) => gzipSync(readFileSync(file)).length / 1000;

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
  isEntry?: boolean;
}

export async function run(): Promise<BenchResult[]> {
  const dist = mkdtempSync(join(tmpdir(), 'jixiao-bench-web-'));
  try {
    await build({
      configFile: join(ROOT, 'web/vite.config.ts'),
      logLevel: 'error',
      build: { outDir: dist, emptyOutDir: true, manifest: true },
    });
    const assets = join(dist, 'assets');
    const total = readdirSync(assets)
      .filter((f) => /\.(js|css)$/.test(f))
      .reduce((s, f) => s + gz(join(assets, f)), 0);
    // The first page: the entry and every chunk it imports statically (lazy pages load later).
    const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<
      string,
      ManifestChunk
    >;
    const first = new Set<string>();
    const visit = (key: string) => {
      const c = manifest[key]!;
      if (first.has(c.file)) return;
      first.add(c.file);
      for (const css of c.css ?? []) first.add(css);
      for (const i of c.imports ?? []) visit(i);
    };
    for (const [key, c] of Object.entries(manifest)) if (c.isEntry) visit(key);
    const firstLoad = [...first].reduce((s, f) => s + gz(join(dist, f)), 0);
    const react = ['react/cjs/react.production.js', 'react-dom/cjs/react-dom-client.production.js']
      .map((f) => gz(join(ROOT, 'node_modules', f)))
      .reduce((a, b) => a + b, 0);
    const round = (n: number) => Math.round(n * 10) / 10;
    return [
      {
        name: '前端总量（gzip）',
        value: round(total),
        unit: 'kB',
        baseline: round(react),
        ratio: total / react,
        target: '≤ 450 kB',
        met: total <= 450,
        note: '全部 JS 与 CSS；基线为 React 与 ReactDOM 生产构建的 gzip 大小',
      },
      {
        name: '前端首屏加载（gzip）',
        value: round(firstLoad),
        unit: 'kB',
        baseline: round(react),
        ratio: firstLoad / react,
        target: null,
        met: null,
        note: '入口及其静态导入；各页面按需加载',
      },
    ];
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}
