/**
 * A batch worker thread: receives chunks of files, answers with one outcome per file. Started by
 * run.ts with the tsx loader (workers run the TypeScript sources, as the CLI does).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Framework } from '../core/framework/schema.ts';
import { findChecker, processFile, type BatchOutcome, type Job, type ReportOptions } from './work.ts';

export interface WorkerInit {
  framework: Framework;
  checks: boolean;
  reports?: ReportOptions;
}
export type WorkerRequest = { jobs: Job[] } | { stop: true };

const init = workerData as WorkerInit;
const check = init.checks ? await findChecker() : null;
const port = parentPort!;
port.on('message', async (msg: WorkerRequest) => {
  if ('stop' in msg) {
    port.close();
    return;
  }
  const out: BatchOutcome[] = [];
  for (const j of msg.jobs) out.push(await processFile(j, init.framework, check, init.reports));
  port.postMessage(out);
});
port.postMessage('ready');
