#!/usr/bin/env node
// npm run build (and prepack): the package as installed users get it.
//  - dist/: the JavaScript and declarations of src/ (tsc -p tsconfig.build.json, relative `.ts`
//    import specifiers rewritten to `.js`), plus the files src/ needs at run time that are not
//    TypeScript (worker and child-process entries *.mjs, the chart font), at the same relative paths,
//    so that code locating them from import.meta.url finds them in dist/ as in src/.
//  - web/dist/: the web front end (vite), served by `jixiao serve`.
// frameworks/, examples/ and schema/ ship as they are (package.json "files").
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const only = process.argv[2]; // 'lib' builds dist/ only

function run(script, args) {
  const r = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

rmSync('dist', { recursive: true, force: true });
run('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.build.json']);

// Run-time files that are not TypeScript. Type declarations for untyped modules (src/types) and the
// font's generator script (make-subset.py) are not needed at run time.
const RUNTIME = /\.(mjs|otf|txt)$/;
for (const file of walk('src')) {
  if (!RUNTIME.test(file)) continue;
  const to = join('dist', relative('src', file));
  mkdirSync(dirname(to), { recursive: true });
  cpSync(file, to);
}

// tsc rewrites `.ts` specifiers in the JavaScript but leaves them in the declarations; a consumer's
// TypeScript resolves `./x.ts` to x.d.ts only where it allows .ts imports, so name the .js files.
for (const file of walk('dist')) {
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*?)\.tsx?(['"])/g, '$1$2.js$3');
  if (fixed !== text) writeFileSync(file, fixed);
}

// The built-in frameworks parsed once here, as the CLI would parse them (readDataFile), with the
// SHA-256 of their YAML: the installed CLI reads this JSON instead of parsing YAML on every call, and
// falls back to the YAML if it no longer matches (see loadFrameworkFile).
const files = await import(new URL('../dist/adapters/files.js', import.meta.url).href);
mkdirSync(files.PREPARSED_FRAMEWORKS_DIR, { recursive: true });
for (const name of readdirSync(files.FRAMEWORKS_DIR)) {
  const path = join(files.FRAMEWORKS_DIR, name);
  const raw = files.readDataFile(path);
  if (!raw.ok) throw new Error(`${name}: ${JSON.stringify(raw.errors)}`);
  writeFileSync(
    join(files.PREPARSED_FRAMEWORKS_DIR, `${name}.json`),
    JSON.stringify({ sha256: files.sha256(readFileSync(path)), data: raw.value }),
  );
}

if (only !== 'lib') run('node_modules/vite/bin/vite.js', ['build', 'web', '--logLevel', 'warn']);
