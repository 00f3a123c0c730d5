// Worker thread entry: runs a worker module: the batch worker, or another given as workerData.entry
// (a file URL: the chart thread, the scale benchmark). From the sources (a checkout) the module is
// TypeScript and this registers tsx in this thread first (on Node 20, a .ts worker given
// `execArgv: ['--import', 'tsx']` could start before the loader was in place); from the built package
// (dist/, no worker.ts beside this file) it is plain JavaScript and tsx is not loaded.
import { existsSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

const sources = new URL('./worker.ts', import.meta.url);
const entry =
  workerData?.entry ?? (existsSync(sources) ? sources : new URL('./worker.js', import.meta.url)).href;
if (entry.endsWith('.ts')) (await import('tsx/esm/api')).register();
await import(entry);
