// Worker thread entry: registers tsx in this thread, then runs a TypeScript worker module: the batch
// worker, or another given as workerData.entry (a file URL: the chart thread, the scale benchmark). On Node 20,
// a .ts worker given `execArgv: ['--import', 'tsx']` can start before the loader is in place.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData?.entry ?? './worker.ts');
