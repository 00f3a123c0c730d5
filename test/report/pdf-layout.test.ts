/**
 * Reports read page by page as a finance officer reads them (issue 15): each is rendered to PDF by
 * LibreOffice (once per report, all converted in parallel) and its text layer and page images are
 * checked — no number broken across a line end, no page more than 20 % empty unless a section or
 * appendix break follows, every table that runs onto a page repeats its header there, 28 characters
 * on a full body line. The seed report, its monitoring report and three synthetic departments.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { loadFramework } from '../../src/adapters/files.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { monitor } from '../../src/core/monitoring/monitor.ts';
import { score } from '../../src/core/score.ts';
import { buildReportModel } from '../../src/report/model/build.ts';
import { buildMonitoringModel } from '../../src/report/model/monitoring.ts';
import type { ReportModel, TableBlock } from '../../src/report/model/types.ts';
import { findSoffice, renderPdf } from '../../src/adapters/pdf.ts';
import { CHART_SIZE } from '../../src/report/charts/render.ts';
import { synthDepartment } from '../../src/synth/generate.ts';
import { seedInputs } from './helpers.ts';
import {
  blankShare,
  brokenNumbers,
  fullBodyLines,
  lowestInk,
  pageStartsWithRule,
  readPdf,
  tableRules,
  textBlock,
  type PdfPage,
} from './pdf-pages.ts';

function projectFramework() {
  const fw = loadFramework('mof-project-2020');
  if (!fw.ok) throw new Error('mof-project-2020 does not load');
  return fw.value;
}

/** The reports as `jixiao report` builds them (projects scored under the default project framework). */
const REPORTS: { name: string; model: () => ReportModel }[] = [
  {
    name: 'the seed report',
    model: () => {
      const { dataset, framework } = seedInputs();
      return buildReportModel(dataset, framework, score(dataset, framework), {
        projectFramework: projectFramework(),
      });
    },
  },
  {
    name: 'the seed monitoring report',
    model: () => {
      const { dataset } = seedInputs();
      return buildMonitoringModel(dataset, monitor(dataset)!);
    },
  },
  ...[3, 41, 77].map((index) => ({
    name: `synthetic department ${index}`,
    model: () => {
      const parsed = parseDataset(synthDepartment(index, { seed: 15 }).dataset);
      if (!parsed.ok) throw new Error(`synthetic department ${index} does not parse`);
      const { framework } = seedInputs();
      return buildReportModel(parsed.value, framework, score(parsed.value, framework), {
        projectFramework: projectFramework(),
      });
    },
  })),
];

/**
 * Whether a page is followed by a break that may leave it short: the end, a turn to landscape, a 附表,
 * or a section (a 一、 heading, kept with the first lines of its text).
 */
function breakFollows(model: ReportModel, pages: PdfPage[], i: number): boolean {
  const next = pages[i + 1];
  if (!next) return true;
  if (next.width > next.height !== pages[i]!.width > pages[i]!.height) return true;
  const first = [...next.lines].sort((a, b) => a.y0 - b.y0)[0];
  if (!first) return false;
  const sections = model.blocks.flatMap((b) =>
    b.kind === 'heading' && b.level === 1 ? [squeeze(b.text)] : [],
  );
  return /^附表/.test(first.text) || sections.includes(squeeze(first.text));
}

/** Every text the model prints, as written (to tell a break at a space from a broken number). */
function modelText(model: ReportModel): string {
  return model.blocks
    .flatMap((b) => {
      if (b.kind === 'paragraph') return [b.runs.map((x) => x.text).join('')];
      if (b.kind === 'heading') return [b.text];
      if (b.kind === 'table')
        return [...b.header, ...b.rows]
          .flat()
          .flatMap((c) => [c.text, ...(c.lines ?? [])])
          .concat(b.notes ?? []);
      return [];
    })
    .join('\n');
}

/** The PDFs are kept for a person to look at. */
const ARTIFACTS = 'test-artifacts/report';

/**
 * Whether the page is short because the table row that follows, which does not split, is taller than
 * the space left: the next page continues a table (starts with a rule), and its first row under the
 * repeated header is taller than this page's empty foot.
 */
function rowTooTall(pages: PdfPage[], i: number): boolean {
  const next = pages[i + 1];
  if (!next || !pageStartsWithRule(next)) return false;
  const rules = tableRules(next);
  if (rules.length < 3) return false;
  const b = textBlock(pages[i]!);
  const empty = b.bottom - lowestInk(pages[i]!)!;
  return rules[2]! - rules[1]! > empty;
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

/**
 * Whether the page is short because the chart that follows, which does not split, is taller than the
 * space left: the next page's first text is a chart's caption (the chart above it), and the chart's
 * height is more than this page's empty foot.
 */
function chartTooTall(model: ReportModel, pages: PdfPage[], i: number): boolean {
  const next = pages[i + 1];
  const first = next && [...next.lines].sort((a, b) => a.y0 - b.y0)[0];
  if (!first) return false;
  const captions = model.blocks.flatMap((b) =>
    b.kind === 'chart' ? [squeeze(`${b.number}${b.title}`)] : [],
  );
  if (!captions.includes(squeeze(first.text))) return false;
  const b = textBlock(pages[i]!);
  const height = (b.right - b.left) * 0.95 * (CHART_SIZE.height / CHART_SIZE.width);
  return height > b.bottom - lowestInk(pages[i]!)!;
}

describe(
  'reports read page by page (PDF through LibreOffice)',
  {
    skip: findSoffice() || process.env.CI ? false : 'LibreOffice 未安装（CI 安装 libreoffice-writer-nogui）',
  },
  () => {
    const read = new Map<string, { model: ReportModel; pages: PdfPage[] }>();
    before(async () => {
      await Promise.all(
        REPORTS.map(async (r) => {
          const model = r.model();
          const pdf = await renderPdf(model);
          mkdirSync(ARTIFACTS, { recursive: true });
          writeFileSync(join(ARTIFACTS, `layout-${r.name.replace(/\s+/g, '-')}.pdf`), pdf);
          read.set(r.name, { model, pages: readPdf(pdf) });
        }),
      );
    });

    for (const r of REPORTS) {
      describe(r.name, () => {
        it('breaks no number across a line end', () => {
          const { model, pages } = read.get(r.name)!;
          assert.deepEqual(brokenNumbers(pages, modelText(model)), []);
        });

        it('leaves no page more than 20 % empty, but one before a section or appendix break or a chart taller than the rest', () => {
          const { model, pages } = read.get(r.name)!;
          const short = pages
            .map((p, i) => ({ p, i, share: blankShare(p) }))
            .filter(
              ({ i, share }) =>
                share > 0.2 &&
                !breakFollows(model, pages, i) &&
                !rowTooTall(pages, i) &&
                !chartTooTall(model, pages, i),
            )
            .map(({ p, share }) => `第 ${p.number} 页空 ${Math.round(share * 100)}%`);
          assert.deepEqual(short, []);
        });

        it('draws every chart at its full height above its caption (not cut to a line)', () => {
          const { model, pages } = read.get(r.name)!;
          const charts = model.blocks.filter((b) => b.kind === 'chart');
          const cut = charts.flatMap((c) => {
            const caption = squeeze(`${c.number}${c.title}`);
            const page = pages.find((p) => p.lines.some((l) => squeeze(l.text) === caption));
            if (!page) return [`${c.number}：没有找到图题`];
            const line = page.lines.find((l) => squeeze(l.text) === caption)!;
            const b = textBlock(page);
            // The chart is drawn 95 % of the text block wide, in its own proportions.
            const height = (b.right - b.left) * 0.95 * (CHART_SIZE.height / CHART_SIZE.width);
            const above = Math.max(b.top, ...page.lines.filter((l) => l.y1 <= line.y0).map((l) => l.y1));
            const room = line.y0 - above;
            return room >= 0.9 * height
              ? []
              : [
                  `第 ${page.number} 页 ${c.number}：图题上方只有 ${room.toFixed(0)} pt，图高 ${height.toFixed(0)} pt`,
                ];
          });
          assert.ok(charts.length > 0, 'the report has charts');
          assert.deepEqual(cut, []);
        });

        it('repeats the header of every table that runs onto a page', () => {
          const { model, pages } = read.get(r.name)!;
          const heads = model.blocks
            .filter((b): b is TableBlock => b.kind === 'table' && b.header.length > 0)
            .map((t) => t.header[0]!.map((c) => squeeze(c.text).slice(0, 2)).filter(Boolean));
          const bare = pages.flatMap((p) => {
            const rule = pageStartsWithRule(p);
            if (!rule) return [];
            const below = squeeze(
              p.lines
                .filter((l) => l.y0 > rule.y && l.y0 < rule.y + 60)
                .map((l) => l.text)
                .join(''),
            );
            return heads.some((h) => h.every((cell) => below.includes(cell)))
              ? []
              : [`第 ${p.number} 页：${below.slice(0, 20)}`];
          });
          assert.deepEqual(bare, []);
        });

        it('numbers every page where GB/T 9704 puts it (landscape 附表: §10.2 of 1999, §8 of 2012)', () => {
          const { pages } = read.get(r.name)!;
          const MM = 72 / 25.4;
          const wrong = pages.flatMap((p) => {
            const b = textBlock(p);
            const odd = p.number % 2 === 1;
            const line = p.lines.find((l) => squeeze(l.text) === `—${p.number}—`);
            if (!line) return [`第 ${p.number} 页：没有页码“— ${p.number} —”`];
            const near = (a: number, want: number, tol = 2.5 * MM) => Math.abs(a - want) <= tol;
            if (p.width < p.height) {
              // Portrait: 7 mm below the text block, odd right / even left, one character in.
              const ok =
                line.y0 > b.bottom + 5 * MM &&
                line.y0 < b.bottom + 10 * MM &&
                (odd ? near(line.x1, b.right - 5 * MM, 3 * MM) : near(line.x0, b.left + 5 * MM, 3 * MM));
              return ok ? [] : [`第 ${p.number} 页：页码在 (${line.x0.toFixed(0)}, ${line.y0.toFixed(0)})`];
            }
            // Landscape, turned with its top to the binding: in the left margin, 7 mm from the text
            // block, set top to bottom (taller than wide), at the bottom on odd pages and the top on even.
            const ok =
              line.y1 - line.y0 > line.x1 - line.x0 &&
              near(line.x1, b.left - 7 * MM, 1.5 * MM) &&
              (odd ? near(line.y1, b.bottom - 5.6 * MM) : near(line.y0, b.top + 5.6 * MM));
            return ok
              ? []
              : [
                  `第 ${p.number} 页（横排）：页码在 x ${(line.x0 / MM).toFixed(1)}–${(line.x1 / MM).toFixed(1)} mm、y ${(line.y0 / MM).toFixed(1)}–${(line.y1 / MM).toFixed(1)} mm`,
                ];
          });
          assert.deepEqual(wrong, []);
        });

        it('sets 28 characters on a full body line (GB/T 9704 §7.1)', () => {
          const full = fullBodyLines(read.get(r.name)!.pages);
          if (!full.length) return; // a report with no body paragraph as wide as the line
          const of28 = full.filter((l) => [...l.text].length === 28).length;
          // Line-breaking rules may move one character (no “，” at a line start): 90 % hold exactly 28.
          assert.ok(
            full.length - of28 <= Math.max(1, 0.1 * full.length),
            `${of28} of ${full.length} full lines hold 28 characters`,
          );
          const counts = full.map((l) => [...l.text].length);
          assert.ok(Math.max(...counts) <= 29 && Math.min(...counts) >= 26, `counts ${[...new Set(counts)]}`);
        });
      });
    }
  },
);
