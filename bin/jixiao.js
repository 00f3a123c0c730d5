#!/usr/bin/env node
// The jixiao command. Runs the TypeScript sources through tsx, so the CLI is always the checkout's code.
import { register } from 'tsx/esm/api';

// A closed pipe (jixiao … | head) ends the output quietly, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
