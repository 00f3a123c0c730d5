/**
 * Progress on stderr: a bar redrawn in place when stderr is a terminal, plain lines otherwise (every
 * 10 % and at the end), so logs in CI stay readable.
 */
export class Progress {
  private lastPct = 0;
  private lastDraw = 0;
  private readonly started = performance.now();

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    private readonly label = '处理',
  ) {}

  update(done: number, total: number): void {
    const pct = total ? Math.floor((done * 100) / total) : 100;
    const secs = (performance.now() - this.started) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    if (this.tty) {
      const now = performance.now();
      if (done < total && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      const width = 30;
      const filled = total ? Math.floor((done * width) / total) : width;
      this.write(
        `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${pct}% ${rate}/秒` +
          (done === total ? '\n' : ''),
      );
      return;
    }
    const step = Math.floor(pct / 10) * 10;
    if (step > this.lastPct || done === total) {
      if (done === total && this.lastPct === 100) return;
      this.lastPct = done === total ? 100 : step;
      this.write(`${this.label}：${done}/${total}（${pct}%，${rate} 个/秒）\n`);
    }
  }
}

/** A progress display for a command: the bar on a terminal's stderr, else plain lines through `err`. */
export function progressOn(io: { err(text: string): void }, label: string): Progress {
  const tty = process.stderr.isTTY === true;
  return new Progress(tty ? (t) => process.stderr.write(t) : (t) => io.err(t.replace(/\n$/, '')), tty, label);
}
