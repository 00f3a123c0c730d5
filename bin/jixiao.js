#!/usr/bin/env node
// The jixiao command. In a checkout (src/ beside bin/) it runs the TypeScript sources through tsx, so
// the checkout's CLI is always its current code; an installed package has no src/ and runs the built
// JavaScript in dist/ without loading tsx. JIXIAO_BUILT=1 runs dist/ in a checkout too (the bench, after
// `npm run build`).
import { existsSync } from 'node:fs';
import module from 'node:module';

// A closed pipe (jixiao … | head) ends the output quietly, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const sources = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (process.env.JIXIAO_BUILT !== '1' && existsSync(sources)) {
  (await import('tsx/esm/api')).register();
  ({ main } = await import(sources.href));
} else {
  // Node ≥ 22.1 keeps the compiled code of the modules between runs (in the system's temp folder, as
  // Node's NODE_COMPILE_CACHE would): a later start skips compiling yaml, zod and the CLI itself.
  module.enableCompileCache?.();
  ({ main } = await import('../dist/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
