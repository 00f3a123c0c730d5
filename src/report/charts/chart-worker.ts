/**
 * The chart thread's code (see thread.ts): draws each job's charts and posts their PNGs back. When the
 * process exposes the garbage collector (node --expose-gc, as the memory test runs), it collects after
 * each job, so that what is left is what a job keeps.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useCutFontDir } from './font.ts';
import { drawChartPngs } from './render.ts';
import type { ChartJob, ChartReply } from './thread.ts';

const port = parentPort!;
useCutFontDir((workerData as { fontDir: string }).fontDir);
port.on('message', (job: ChartJob) => {
  const collect = (globalThis as { gc?: () => void }).gc;
  drawChartPngs(job.charts, job.scale)
    .finally(() => setImmediate(() => collect?.()))
    .then(
      (pngs) => port.postMessage({ id: job.id, pngs } satisfies ChartReply),
      (e: Error & { code?: string }) =>
        port.postMessage({
          id: job.id,
          error: { message: String(e?.message ?? e), code: e?.code, name: e?.name },
        } satisfies ChartReply),
    );
});
