/**
 * The chart thread: one worker, started on the first chart the main thread asks for and kept for the
 * process, that draws charts (ECharts SVG, cut font, resvg, PNG: drawChartPngs in chart-worker.ts).
 * The main thread meanwhile builds and compiles the document, so a first .docx costs little more than
 * the document alone. The worker holds the process open only while it has charts to draw.
 *
 * A batch worker draws in its own thread (it is one of several already), and so does everything when
 * JIXIAO_CHART_THREAD=0.
 */
import { isMainThread, Worker } from 'node:worker_threads';
import { ChartFontError, type ChartRequest } from './render.ts';
import { cutFontDir } from './font.ts';

/** A reply of the chart thread: the PNGs of a request, or why they could not be drawn. */
export type ChartReply =
  | { id: number; pngs: Uint8Array[] }
  | { id: number; error: { message: string; code?: string; name?: string } };

export interface ChartJob {
  id: number;
  charts: ChartRequest[];
  scale: number;
}

/** Whether this thread leaves its charts to the chart thread. */
export function useChartThread(): boolean {
  return isMainThread && process.env.JIXIAO_CHART_THREAD !== '0';
}

type Job = { resolve: (pngs: Buffer[]) => void; reject: (e: Error) => void };

/** A chart thread and the jobs it has not answered yet (its own: a thread that ends fails only them). */
interface ChartThread {
  worker: Worker;
  waiting: Map<number, Job>;
}

/** `.ts` when this runs from the sources, `.js` from the built package (dist/). */
const MODULE_EXT = new URL(import.meta.url).pathname.endsWith('.ts') ? '.ts' : '.js';

let current: ChartThread | null = null;
let serial = 0;

function chartThread(): ChartThread {
  if (current) return current;
  const worker = new Worker(new URL('../../batch/worker-entry.mjs', import.meta.url), {
    execArgv: [], // not the parent's (--input-type, -e …); the entry registers tsx itself
    workerData: {
      entry: new URL(`./chart-worker${MODULE_EXT}`, import.meta.url).href,
      fontDir: cutFontDir(),
    },
  });
  const thread: ChartThread = { worker, waiting: new Map() };
  worker.on('message', (reply: ChartReply) => {
    const job = thread.waiting.get(reply.id);
    if (!job) return;
    thread.waiting.delete(reply.id);
    if (!thread.waiting.size) worker.unref();
    if ('pngs' in reply)
      job.resolve(reply.pngs.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
    else job.reject(rebuilt(reply.error));
  });
  const fail = (e: Error) => {
    if (current === thread) current = null;
    for (const job of thread.waiting.values()) job.reject(e);
    thread.waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`图表线程意外退出（退出码 ${code}）`)));
  return (current = thread);
}

/** The thread's error as this thread would have thrown it (ChartFontError by its code). */
function rebuilt(e: { message: string; code?: string; name?: string }): Error {
  if (e.code === 'REPORT_CHART_FONT') return new ChartFontError(e.message);
  return Object.assign(new Error(e.message), e);
}

/**
 * Starts the chart thread now, if this thread uses one, so that it has loaded ECharts and the font
 * tools (≈ 0.3 s) by the time the first charts are wanted: `jixiao report` calls it before reading
 * its input. (The web server does not: its first download pays the start once.) It holds the process
 * open only while it draws.
 */
export function startChartThread(): void {
  if (useChartThread()) chartThread().worker.unref();
}

/** The charts drawn by the chart thread. */
export function drawOnChartThread(charts: ChartRequest[], scale: number): Promise<Buffer[]> {
  const { worker, waiting } = chartThread();
  const id = ++serial;
  worker.ref(); // until the reply: an unref'd worker would let the process end while it draws
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, charts, scale } satisfies ChartJob);
  });
}

/** Ends the chart thread (tests; a later chart starts another). */
export async function stopChartThread(): Promise<void> {
  const thread = current;
  current = null;
  if (thread) await thread.worker.terminate();
}
