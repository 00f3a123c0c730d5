/**
 * Parts other modules provide: the report (src/report: model → .docx / HTML / PDF) and the findings
 * checker (checkDataset), which is looked up on the library entry at run time so the server works
 * before and after it is exported there.
 */
import type { Dataset } from '../core/dataset/schema.ts';
import type { Framework } from '../core/framework/schema.ts';
import type { ScoreResult } from '../core/score.ts';
import * as lib from '../index.ts';
import { PdfError, renderPdf } from '../adapters/pdf.ts';
import { buildReportModel, renderDocx, renderHtml } from '../report/index.ts';
import { projectFrameworkFor } from '../report/project-framework.ts';

export interface FindingView {
  code: string;
  severity?: string;
  path?: string;
  message: string;
  [k: string]: unknown;
}

const entry = lib as unknown as Record<string, unknown>;

export function findingsAvailable(): boolean {
  return typeof entry['checkDataset'] === 'function';
}

export function checkFindings(dataset: Dataset, framework: Framework): FindingView[] | null {
  const fn = entry['checkDataset'];
  if (typeof fn !== 'function') return null;
  const out = (fn as (d: Dataset, f?: Framework) => unknown)(dataset, framework);
  return Array.isArray(out) ? (out as FindingView[]) : null;
}

export function reportAvailable(): boolean {
  return true;
}

export async function renderReport(
  dataset: Dataset,
  framework: Framework,
  result: ScoreResult,
): Promise<Uint8Array> {
  return new Uint8Array(
    await renderDocx(
      buildReportModel(dataset, framework, result, { projectFramework: projectFrameworkFor(dataset) }),
    ),
  );
}

export function renderReportHtml(dataset: Dataset, framework: Framework, result: ScoreResult): string {
  return renderHtml(
    buildReportModel(dataset, framework, result, { projectFramework: projectFrameworkFor(dataset) }),
  );
}

export interface QueueLimits {
  /** Jobs running at once (each PDF is a LibreOffice process of ≈ 150 MB). */
  concurrency: number;
  /** Jobs one user may have running or waiting. */
  perUser: number;
  /** Jobs waiting for a slot, beyond which new ones are refused at once. */
  waiting: number;
}

export const DEFAULT_PDF_LIMITS: QueueLimits = { concurrency: 2, perUser: 1, waiting: 10 };

/** A job refused because its user already has one, or too many are waiting: the message is for users. */
export class QueueBusyError extends Error {}

/**
 * Runs jobs with a cap on how many run at once, a limit per user, and a bounded wait: more jobs are
 * refused with a Chinese message rather than started (six PDF requests from one user started eight
 * LibreOffice processes, ≈ 1 GB).
 */
export class JobQueue {
  private running = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly perUser = new Map<string, number>();

  constructor(
    private readonly limits: QueueLimits,
    private readonly what: string,
  ) {}

  async run<T>(user: string, job: () => Promise<T>): Promise<T> {
    const mine = this.perUser.get(user) ?? 0;
    if (mine >= this.limits.perUser)
      throw new QueueBusyError(
        `您已有 ${mine} 份${this.what}正在生成，请等它完成后再试（每人同时最多 ${this.limits.perUser} 份）`,
      );
    if (this.running >= this.limits.concurrency && this.waiters.length >= this.limits.waiting)
      throw new QueueBusyError(`服务器正忙（正在生成的${this.what}过多），请稍后再试`);
    this.perUser.set(user, mine + 1);
    try {
      if (this.running < this.limits.concurrency) this.running++;
      else await new Promise<void>((resolve) => this.waiters.push(resolve)); // the slot is handed over
      try {
        return await job();
      } finally {
        const next = this.waiters.shift();
        if (next) next();
        else this.running--;
      }
    } finally {
      const left = (this.perUser.get(user) ?? 1) - 1;
      if (left > 0) this.perUser.set(user, left);
      else this.perUser.delete(user);
    }
  }

  /** Jobs running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiters.length };
  }
}

/** The PDF, or the reason it is not made (LibreOffice missing or failing; the user's or the server's queue full). */
export async function renderReportPdf(
  dataset: Dataset,
  framework: Framework,
  result: ScoreResult,
  queue?: { jobs: JobQueue; user: string },
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; busy: boolean; message: string }> {
  const render = async () =>
    renderPdf(
      buildReportModel(dataset, framework, result, { projectFramework: projectFrameworkFor(dataset) }),
    );
  try {
    const pdf = queue ? await queue.jobs.run(queue.user, render) : await render();
    return { ok: true, bytes: new Uint8Array(pdf) };
  } catch (e) {
    if (e instanceof PdfError) return { ok: false, busy: false, message: e.message };
    if (e instanceof QueueBusyError) return { ok: false, busy: true, message: e.message };
    throw e;
  }
}
