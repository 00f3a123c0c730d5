/**
 * Chart text as drawn (issue 15): on every chart of the seed report, its monitoring report and three
 * synthetic departments, no two texts of the drawn SVG overlap, no label sits on a line's marker, and
 * no text is smaller than 15 px (≈ 10 pt printed at the chart's width in the report). Text boxes are
 * taken from the SVG's positions and anchors, each character a full em wide if Chinese, 0.62 em if
 * not (an over-estimate of Noto Sans's figures, so touching boxes count as a collision).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFramework } from '../../src/adapters/files.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import { monitor } from '../../src/core/monitoring/monitor.ts';
import { score } from '../../src/core/score.ts';
import { chartSvg } from '../../src/report/charts/render.ts';
import { buildReportModel } from '../../src/report/model/build.ts';
import { buildMonitoringModel } from '../../src/report/model/monitoring.ts';
import type { ChartBlock, ReportModel } from '../../src/report/model/types.ts';
import { synthDepartment } from '../../src/synth/generate.ts';
import { seedInputs } from './helpers.ts';

interface Box {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The unrotated texts of an SVG as boxes. */
export function textBoxes(svg: string): Box[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].flatMap(([, attrs, text]) => {
    if (!text!.trim()) return [];
    const t = attrs!.match(/transform="translate\(([-\d.]+) ([-\d.]+)\)"/);
    if (!t) return []; // rotated (long category names): not measured here
    const size = Number(attrs!.match(/font-size:([\d.]+)px/)![1]);
    const x = Number(t[1]) + Number(attrs!.match(/\bx="([-\d.]+)"/)?.[1] ?? 0);
    const y = Number(t[2]) + Number(attrs!.match(/\by="([-\d.]+)"/)?.[1] ?? 0);
    const width = [...text!].reduce((w, ch) => w + (ch > '\u2e7f' ? size : 0.62 * size), 0);
    const anchor = attrs!.match(/text-anchor="(\w+)"/)?.[1] ?? 'start';
    const x0 = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x;
    const central = /dominant-baseline="central"/.test(attrs!);
    const y0 = central ? y - size / 2 : y - size;
    return [{ text: text!, x0, x1: x0 + width, y0, y1: y0 + size }];
  });
}

/** A line series' markers (circles drawn as scaled unit arcs) as boxes. */
function markerBoxes(svg: string): Box[] {
  return [
    ...svg.matchAll(
      /<path d="M1 0A1 1 0 1 1[^"]*" transform="matrix\(([\d.]+),0,0,[\d.]+,([-\d.]+),([-\d.]+)\)"/g,
    ),
  ].map(([, r, x, y]) => ({
    text: '（折线标记）',
    x0: Number(x) - Number(r),
    x1: Number(x) + Number(r),
    y0: Number(y) - Number(r),
    y1: Number(y) + Number(r),
  }));
}

const overlap = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

function collisions(svg: string): string[] {
  const texts = textBoxes(svg);
  const out: string[] = [];
  const all = [...texts, ...markerBoxes(svg)];
  texts.forEach((a, i) =>
    all.slice(i + 1).forEach((b) => {
      if (overlap(a, b)) out.push(`“${a.text}” × “${b.text}”`);
    }),
  );
  return out;
}

function projectFramework() {
  const fw = loadFramework('mof-project-2020');
  if (!fw.ok) throw new Error('mof-project-2020 does not load');
  return fw.value;
}

const models: [string, () => ReportModel][] = [
  [
    'the seed report',
    () => {
      const { dataset, framework } = seedInputs();
      return buildReportModel(dataset, framework, score(dataset, framework), {
        projectFramework: projectFramework(),
      });
    },
  ],
  [
    'the seed monitoring report',
    () => {
      const { dataset } = seedInputs();
      return buildMonitoringModel(dataset, monitor(dataset)!);
    },
  ],
  ...[3, 41, 77].map((index): [string, () => ReportModel] => [
    `synthetic department ${index}`,
    () => {
      const parsed = parseDataset(synthDepartment(index, { seed: 15 }).dataset);
      if (!parsed.ok) throw new Error(`synthetic department ${index} does not parse`);
      const { framework } = seedInputs();
      return buildReportModel(parsed.value, framework, score(parsed.value, framework));
    },
  ]),
];

describe('chart text as drawn', () => {
  for (const [name, model] of models) {
    it(`${name}: no text overlaps another or a marker, none under 15 px`, () => {
      const charts = model().blocks.filter((b): b is ChartBlock => b.kind === 'chart');
      assert.ok(charts.length > 0);
      for (const c of charts) {
        const svg = chartSvg(c.spec);
        assert.deepEqual(collisions(svg), [], `${c.number} ${c.title}`);
        const sizes = [...svg.matchAll(/font-size:([\d.]+)px/g)].map((m) => Number(m[1]));
        assert.ok(Math.min(...sizes) >= 15, `${c.number}: text of ${Math.min(...sizes)} px`);
        // Every label the model gives is drawn.
        for (const s of c.spec.series) for (const l of s.labels) if (l) assert.ok(svg.includes(`>${l}<`), l);
      }
    });
  }
});
