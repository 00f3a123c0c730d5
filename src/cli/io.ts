/** Output helpers and exit codes shared by the CLI commands. */
import type { FieldError } from '../core/dataset/parse.ts';
import { fieldErrorPlace, frameworkErrorPlace } from '../core/labels.ts';

/** Exit codes; `notReport`: the file was read but holds no self-evaluation report (jixiao check, extract). */
export const EXIT = { ok: 0, findings: 1, badInput: 2, internal: 3, notReport: 4 } as const;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};

/**
 * Prints errors in Chinese, one per line, each at its field's Chinese label (a dataset's field paths
 * are never shown), and returns the bad-input exit code. `subject: 'framework'` names a framework
 * file's places from the framework's own labels (“第 1 个一级指标 › 评分规则 › 第 3 档 › 下限”).
 */
export function reportErrors(
  io: Io,
  title: string,
  errors: FieldError[],
  subject: 'dataset' | 'framework' = 'dataset',
): number {
  io.err(`${title}（${errors.length} 处）：`);
  for (const e of errors.slice(0, 50)) {
    const place = subject === 'dataset' ? fieldErrorPlace(e.path) : frameworkErrorPlace(e.path);
    io.err(`  - ${place ? `${place}：` : ''}${e.message}`);
  }
  if (errors.length > 50) io.err(`  ……另有 ${errors.length - 50} 处`);
  return EXIT.badInput;
}

/** Thrown for a wrong command line; main prints it with usage and exits 2. */
export class UsageError extends Error {}

/** A command's module (its name and summary are in commands/index.ts, which loads it on use). */
export interface Command {
  name: string;
  usage: string;
  run(args: string[], io: Io): Promise<number>;
}

/** Pads a string to a display width, counting CJK characters as two columns. */
export function padDisplay(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6“”‘’（）：，。、；]/.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}
