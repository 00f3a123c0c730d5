/**
 * What the server computes so the browser carries no scoring, formula or chart code: each project's
 * table in every evaluation, what each indicator asks the evaluator, and the report's charts as SVG.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Decimal } from '../../src/core/decimal.ts';
import { DEFAULT_PROJECT_FRAMEWORK, scoreProjects } from '../../src/core/projects/project.ts';
import { evaluatorAsks } from '../../src/core/rules/registry.ts';
import type { IndicatorNode } from '../../src/core/framework/schema.ts';
import type { ChartView, FrameworkNodeView, ProjectScoreView } from '../../src/server/api-types.ts';
import { CHARTS } from '../../src/report/model/charts.ts';
import { loadFramework } from '../../src/adapters/files.ts';
import { apiFixture } from './fixture.ts';

let f: Awaited<ReturnType<typeof apiFixture>>;
let a: string;
before(async () => {
  f = await apiFixture();
  a = await f.login('filler-a');
});
after(async () => {
  await f.store.close();
});

const framework = (id: string) => {
  const r = loadFramework(id);
  assert.ok(r.ok);
  return r.value;
};

test('every evaluation carries each project scored by the project framework, as the core scores it', async () => {
  const r = await f.req('POST', `/api/datasets/${f.datasetA}/score`, { cookie: a, body: { data: f.seed } });
  const projects = r.json.projects as ProjectScoreView[];
  const expected = scoreProjects(f.seed, framework(DEFAULT_PROJECT_FRAMEWORK));
  assert.ok(expected.length > 0, 'the seed has projects');
  assert.deepEqual(
    projects.map((p) => [p.project, p.total, p.grade]),
    expected.map((p) => [p.project, p.total, p.grade]),
  );
  // The engine's full result stays on the server.
  assert.ok(projects.every((p) => !('result' in p)));
  // A project's changed figure moves its score in the next answer.
  const data = structuredClone(f.seed);
  const item = data.projects.items!.find((p) => p.executed !== undefined && p.adjustedBudget)!;
  item.executed = new Decimal(item.adjustedBudget!).times('0.5').toFixed(2);
  const moved = await f.req('POST', `/api/datasets/${f.datasetA}/score`, { cookie: a, body: { data } });
  const mine = (moved.json.projects as ProjectScoreView[]).find((p) => p.project === item.name)!;
  assert.equal(
    mine.funds?.rate,
    scoreProjects(data, framework(DEFAULT_PROJECT_FRAMEWORK)).find((p) => p.project === item.name)!.funds
      ?.rate,
  );
  assert.notEqual(mine.total, projects.find((p) => p.project === item.name)!.total);
});

test('a framework comes with what each indicator asks the evaluator, as its rule kind declares it', async () => {
  const r = await f.req('GET', '/api/frameworks/futian-2023', { cookie: a });
  const sent = (r.json.framework as { indicators: FrameworkNodeView[] }).indicators;
  const leaves = <T extends { children?: T[] }>(ns: T[]): T[] =>
    ns.flatMap((n) => (n.children?.length ? leaves(n.children) : [n]));
  const core = leaves(framework('futian-2023').indicators as IndicatorNode[]);
  const byCode = new Map(leaves(sent).map((n) => [n.code, n]));
  let asking = 0;
  for (const n of core) {
    const asks = evaluatorAsks(n.rule!);
    const any = asks.score || asks.deductions || asks.items.length > 0 || asks.events.length > 0;
    assert.deepEqual(byCode.get(n.code)?.asks, any ? asks : undefined, n.code);
    if (any) asking++;
  }
  assert.ok(asking > 0, 'some indicator of the seed framework asks the evaluator');
});

test('the 评分明细 charts are the report’s charts of the input, as SVG with a text alternative', async () => {
  const r = await f.req('POST', `/api/datasets/${f.datasetA}/charts`, { cookie: a, body: { data: f.seed } });
  assert.equal(r.status, 200);
  const charts = r.json.charts as ChartView[];
  assert.deepEqual(
    charts.map((c) => [c.id, c.title]),
    [
      ['scores', CHARTS.scores.title],
      ['execution', CHARTS.execution.title],
    ],
  );
  const scored = await f.req('POST', `/api/datasets/${f.datasetA}/score`, {
    cookie: a,
    body: { data: f.seed },
  });
  const level2 = (
    scored.json.result as { indicators: { children?: { name: string; score: string }[] }[] }
  ).indicators.flatMap((l1) => l1.children ?? []);
  for (const c of charts) assert.match(c.svg, /^<svg[\s\S]*<\/svg>$/);
  for (const n of level2) {
    assert.ok(charts[0]!.svg.includes(n.name), `${n.name} drawn`);
    assert.ok(charts[0]!.alt.includes(`${n.name}`) && charts[0]!.alt.includes(`自评得分 ${n.score}`), n.name);
  }
  assert.match(charts[1]!.alt, /一季度：累计预算执行率 \d+\.\d{2}%，序时进度 25%/);
  // Input with errors draws nothing (the page keeps its last charts).
  const bad = await f.req('POST', `/api/datasets/${f.datasetA}/charts`, {
    cookie: a,
    body: { data: { ...f.seed, satisfaction: { score: '很好' } } },
  });
  assert.deepEqual(bad.json.charts, []);
  // Another department's data is not drawn for this user.
  const other = await f.req('POST', `/api/datasets/${f.datasetB}/charts`, {
    cookie: a,
    body: { data: f.seed },
  });
  assert.equal(other.status, 404);
});

test('历年对比 and the bureau summary carry their charts, drawn from the figures they list', async () => {
  const h = await f.req('GET', `/api/datasets/${f.datasetA}/history`, { cookie: a });
  const years = h.json.years as { year: number; selfScore: string }[];
  const chart = h.json.chart as ChartView;
  assert.equal(chart.title, CHARTS.history.title);
  for (const y of years) assert.ok(chart.alt.includes(`${y.year}年：自评得分 ${y.selfScore}`), chart.alt);
  const reviewer = await f.login('reviewer');
  const s = await f.req('GET', '/api/bureau/summary?year=2023', { cookie: reviewer });
  const distribution = s.json.distribution as { grade: string; count: number }[];
  const d = s.json.chart as ChartView;
  assert.equal(d.title, CHARTS.distribution.title);
  for (const g of distribution) assert.ok(d.alt.includes(`${g.grade}：部门数 ${g.count}`), d.alt);
});
