/**
 * Progress of a long run (batch, synth) on a terminal: one line on stderr, redrawn in place at most
 * ten times a second, ending with the elapsed time. When stderr is not a terminal (piped, redirected,
 * CI) or the command writes JSON, nothing is shown: the output stays what a script reads.
 */

/** Redraws at most this often (ms): ten times a second. */
export const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 30;
/** Carriage return and erase-to-end-of-line: the bar's line is rewritten, not appended. */
const CLEAR_LINE = '\r\x1b[K';

export interface ProgressSink {
  write(text: string): unknown;
}

export class Progress {
  private lastDraw = -Infinity;
  private drawn = false;
  private finished = false;
  private readonly started: number;

  constructor(
    private readonly sink: ProgressSink | undefined,
    private readonly label: string,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** Whether anything is shown at all. */
  get enabled(): boolean {
    return this.sink !== undefined;
  }

  update(done: number, total: number): void {
    if (!this.sink || this.finished) return;
    const end = done >= total;
    const t = this.now();
    if (!end && t - this.lastDraw < REDRAW_INTERVAL_MS) return;
    this.lastDraw = t;
    const secs = (t - this.started) / 1000;
    const pct = total ? Math.floor((done * 100) / total) : 100;
    const filled = total ? Math.floor((Math.min(done, total) * BAR_WIDTH) / total) : BAR_WIDTH;
    const rate = secs > 0 ? `，${Math.round(done / secs)} 个/秒` : '';
    const elapsed = end ? `，用时 ${secs.toFixed(1)} 秒` : '';
    this.sink.write(
      `${CLEAR_LINE}${this.label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}（${pct}%${rate}${elapsed}）${end ? '\n' : ''}`,
    );
    this.drawn = !end;
    this.finished = end;
  }

  /** Erases the bar so another line (an error) can be printed; the next update draws it again. */
  clear(): void {
    if (!this.sink || !this.drawn) return;
    this.sink.write(CLEAR_LINE);
    this.drawn = false;
    this.lastDraw = -Infinity;
  }
}

/**
 * The progress display of a command: on stderr when it is a terminal, unless `quiet` (--json);
 * otherwise a display that shows nothing.
 */
export function progressOn(
  label: string,
  quiet = false,
  stream: ProgressSink & { isTTY?: boolean } = process.stderr,
): Progress {
  return new Progress(!quiet && stream.isTTY === true ? stream : undefined, label);
}
