#!/usr/bin/env node
// The jixiao command. Runs the TypeScript sources through tsx, so the CLI is always the checkout's code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
