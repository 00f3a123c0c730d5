/**
 * The appendix's 项目支出绩效自评表 and the 绩效运行监控报告 (issue 5):
 * - the seed example's .docx (written by the CLI, which scores projects under mof-project-2020) holds one
 *   table per project with targets, numbered 附表 2-1 … after 附表 1, with 法律维权服务's figures worked
 *   here from the rules (财预〔2020〕10号) and the example's inputs, and the findings as notes;
 * - the monitoring report as of 2023-08-31 holds the execution rate and the red / yellow targets, worked
 *   here from the example's figures and the quarter-end pace, and agreeing with monitor();
 * - a dataset without monitoring is refused with exit 2.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Decimal as BaseDecimal } from 'decimal.js';
import { main } from '../../src/cli/main.ts';
import { monitor } from '../../src/core/monitoring/monitor.ts';
import { loadFramework } from '../../src/adapters/files.ts';
import type { Dataset } from '../../src/core/dataset/schema.ts';
import {
  buildMonitoringModel,
  buildReportModel,
  renderMarkdown,
  renderHtml,
  type TableBlock,
} from '../../src/report/index.ts';
import { docxBody, readZip, seedInputs, tableAfter, type BodyItem } from './helpers.ts';

const D = BaseDecimal.clone({ rounding: BaseDecimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof D>;
const r2 = (x: Dec) => x.toDecimalPlaces(2).toFixed(2);
const pct = (x: Dec) => `${x.times(100).toDecimalPlaces(2).toFixed(2)}%`;
const money = (x: Dec) => {
  const [i, f] = x.toFixed(2).split('.');
  return `${i!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`;
};

const dir = mkdtempSync(join(tmpdir(), 'jixiao-report-issue5-'));
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
};
const seed = seedInputs();

describe('project tables in the appendix of the seed .docx', () => {
  let items: BodyItem[];
  before(async () => {
    const c = capture();
    const file = join(dir, 'seed.docx');
    const code = await main(['report', 'examples/futian-zonggonghui-2023.yaml', '-o', file], c.io);
    assert.equal(code, 0, c.err.join('\n'));
    items = docxBody(readZip(readFileSync(file)).get('word/document.xml')!.toString('utf8'));
  });

  it('numbers the appendix tables uniquely and in order: 附表 1, then 附表 2-1 … one per project with targets', () => {
    const captions = items
      .filter((i): i is { kind: 'p'; text: string } => i.kind === 'p' && /^附表/.test(i.text))
      .map((i) => i.text);
    const withTargets = (seed.dataset.projects.items ?? []).filter((p) => p.targets?.length);
    assert.ok(withTargets.length >= 2);
    assert.deepEqual(captions, [
      captions[0],
      ...withTargets.map((p, i) => `附表 2-${i + 1} ${p.name}项目支出绩效自评表`),
    ]);
    assert.match(captions[0]!, /^附表 1 /);
    assert.equal(new Set(captions.map((c) => c.split(' ')[1])).size, captions.length);
    const text = items.map((i) => (i.kind === 'p' ? i.text : '')).join('\n');
    assert.match(text, /具体评分情况见附表 1。/);
    // Body tables keep their own numbering (表 1-1 …), each once.
    const bodyNumbers = items
      .filter((i): i is { kind: 'p'; text: string } => i.kind === 'p' && /^表 \d+-\d+ /.test(i.text))
      .map((i) => i.text.split(' ').slice(0, 2).join(' '));
    assert.equal(new Set(bodyNumbers).size, bodyNumbers.length);
  });

  it('法律维权服务: funds and every target scored as worked here from the rules, total to the cent', () => {
    const p = seed.dataset.projects.items!.find((x) => x.name === '法律维权服务')!;
    const i = (seed.dataset.projects.items ?? []).filter((x) => x.targets?.length).indexOf(p);
    const t = tableAfter(items, `附表 2-${i + 1}`);
    const rate = new D(p.executed!).dividedBy(p.adjustedBudget!); // 66.50 ÷ 71.00
    const fundScore = new D(r2(rate.times(10))); // 执行率 × 10, to the cent
    const funds = t.rows.find((r) => r[0] === '年度资金总额')!;
    assert.deepEqual(funds, [
      '年度资金总额',
      money(new D(p.initialBudget!)),
      money(new D(p.adjustedBudget!)),
      money(new D(p.executed!)),
      '10',
      pct(rate),
      r2(fundScore),
    ]);
    assert.equal(pct(rate), '93.66%');
    const w = (name: string) => new D(p.targets!.find((x) => x.name === name)!.weight!);
    // Met quantitative targets score their weight (≥3 名: 3 名; ≥5%: 100%; ≤75 万元: 66.50 万元; 90%有效: 100%).
    const expected: Record<string, Dec> = {
      聘请法律顾问人数: w('聘请法律顾问人数'),
      协助诉调室调解成功率: w('协助诉调室调解成功率'),
      法律顾问服务费: w('法律顾问服务费'),
      // Qualitative, graded “partial” with the evaluator's points (15 × 70 %).
      法律顾问服务费支付及时性: new D('10.5'),
      有效化解劳资纠纷: w('有效化解劳资纠纷'),
      // ≥90% not met with 88%: actual ÷ target × weight.
      职工对法律服务的满意度: new D(88).dividedBy(90).times(w('职工对法律服务的满意度')),
    };
    let total = fundScore;
    for (const [name, s] of Object.entries(expected)) {
      const row = t.rows.find((r) => r.includes(name));
      assert.ok(row, name);
      const k = row.indexOf(name);
      assert.equal(row[k + 4], r2(s), `${name} 得分`);
      total = total.plus(new D(r2(s)));
    }
    assert.equal(r2(total), '94.65'); // 9.37 + 45.50 + 30.00 + 9.78, as in test/projects
    const last = t.rows[t.rows.length - 1]!;
    assert.deepEqual(last.slice(0, 3), ['总分', '100', r2(total)]);
    // The one target not met without a reason is said so in its 偏差原因 cell.
    const sat = t.rows.find((r) => r.includes('职工对法律服务的满意度'))!;
    assert.match(sat[sat.length - 1]!, /未达成年度指标值/);
  });

  it('a project with zero initial budget: table written, the finding printed under it as a note', () => {
    const names = (seed.dataset.projects.items ?? []).filter((x) => x.targets?.length).map((x) => x.name);
    const i = names.indexOf('疫情防控临时性工作补助');
    const t = tableAfter(items, `附表 2-${i + 1}`);
    assert.deepEqual(t.rows.find((r) => r[0] === '年度资金总额')!.slice(1, 4), ['0.00', '4.00', '4.00']);
    const at = items.findIndex((x) => x.kind === 'p' && x.text.startsWith(`附表 2-${i + 1} `));
    const after = items
      .slice(at + 2, at + 8)
      .map((x) => (x.kind === 'p' ? x.text : ''))
      .join('\n');
    assert.match(after, /年初预算数为 0/);
    assert.match(after, /示例构造数据/);
  });
});

describe('project findings are notes under the table, never a crash', () => {
  it('a missing actual and a non-numeric actual: scored 0, said under the table; a project without targets: no table', () => {
    const mof = loadFramework('mof-project-2020');
    assert.ok(mof.ok);
    const ds = structuredClone(seed.dataset) as Dataset;
    ds.projects.items = [
      {
        name: '职工书屋建设',
        initialBudget: '10',
        adjustedBudget: '10',
        executed: '9.5',
        targets: [
          { category: '数量指标', name: '建成书屋数量', target: '≥4 个' },
          { category: '质量指标', name: '验收合格率', target: '≥95%', actual: '良好' },
        ],
      },
      { name: '无目标项目', initialBudget: '5', adjustedBudget: '5', executed: '5' },
    ] as Dataset['projects']['items'];
    const model = buildReportModel(ds, seed.framework, undefined, { projectFramework: mof.value });
    const tables = model.blocks.filter((b): b is TableBlock => b.kind === 'table' && /^附表/.test(b.number));
    assert.deepEqual(
      tables.map((t) => t.number),
      ['附表 1', '附表 2-1'],
    );
    const notes = tables[1]!.notes!.join('\n');
    assert.match(notes, /建成书屋数量/);
    assert.match(notes, /验收合格率/);
    const row = (name: string) => tables[1]!.rows.find((r) => r.some((c) => c.text === name))!;
    assert.equal(row('建成书屋数量').at(-2)!.text, '0.00');
    assert.equal(row('验收合格率').at(-2)!.text, '0.00');
    assert.equal(row('建成书屋数量').find((c) => c.text === '—')?.text, '—'); // 实际完成值 not filled
    // 9.5 ÷ 10 = 95.00 % → 9.50 of 10
    const funds = tables[1]!.header.find((r) => r[0]!.text === '年度资金总额')!.map((c) => c.text);
    assert.deepEqual(funds.slice(4), ['10', '95.00%', '9.50']);
  });
});

describe('the monitoring report as of 2023-08-31', () => {
  const ds = seed.dataset;
  const result = monitor(ds, { asOf: '2023-08-31' })!;
  const model = buildMonitoringModel(ds, result);
  const md = renderMarkdown(model);

  // Worked here: budget = Σ initial + Σ adjustments; pace at 08-31 under the quarter-end steps = 50 %.
  const budget = [
    ...Object.values(ds.budget.initial).map((v) => new D(v)),
    ...ds.adjustments.map((a) => new D(a.amount)),
  ].reduce((a, b) => a.plus(b), new D(0));
  const rate = new D(ds.monitoring!.executed).dividedBy(budget);
  const share = (name: string, target: string) =>
    new D(ds.monitoring!.targets.find((t) => t.name === name)!.progress!.match(/[\d.]+/)![0]).dividedBy(
      target,
    );

  it('title and execution rate', () => {
    assert.equal(model.title, `${ds.department.name}2023年度绩效运行监控报告（截至2023年8月31日）`);
    assert.equal(money(budget), '3,184.70');
    assert.equal(pct(rate), `${new D(result.execution.rate!).times(100).toFixed(2)}%`);
    assert.match(
      md,
      new RegExp(`\\| 部门整体 \\| ${money(budget)} \\| 2,398\\.65 \\| ${pct(rate)} \\| 50\\.00% \\|`),
    );
    assert.match(md, new RegExp(`预算执行率${pct(rate)}，序时进度50\\.00%`));
  });

  it('red and yellow targets as worked from the pace, and as monitor() gives them', () => {
    // 定制办公家具数量 0 / 10 台: 50 points behind (> 30) → red; 慰问金发放次数 1 / 3 次: 16.67 behind (> 10) → yellow.
    const furniture = share('定制办公家具数量', '10');
    const visits = share('区退休职工节日慰问金发放次数', '3');
    assert.ok(new D('0.5').minus(furniture).greaterThan('0.3'));
    assert.ok(new D('0.5').minus(visits).greaterThan('0.1') && new D('0.5').minus(visits).lessThan('0.3'));
    const row = (name: string) => md.split('\n').find((l) => l.includes(`| ${name} |`))!;
    assert.match(
      row('定制办公家具数量'),
      new RegExp(`\\| ${pct(furniture)} \\| \\*\\*红\\*\\* \\| 有可能 \\| 硬件条件保障 \\|`),
    );
    assert.match(
      row('区退休职工节日慰问金发放次数'),
      new RegExp(`\\| ${pct(visits)} \\| 黄 \\| 确定能 \\| 其他 \\|`),
    );
    const byMonitor = Object.fromEntries(result.targets.map((t) => [t.name, t.status]));
    assert.equal(byMonitor['定制办公家具数量'], 'red');
    assert.equal(byMonitor['区退休职工节日慰问金发放次数'], 'yellow');
    const reds = result.targets.filter((t) => t.status === 'red').length;
    const yellows = result.targets.filter((t) => t.status === 'yellow').length;
    assert.match(md, new RegExp(`黄色${yellows}项、红色${reds}项`));
  });

  it('the gap warning, corrective actions and problems list', () => {
    assert.match(md, /相差10\.27个百分点（预警界限10个百分点），资金支出快于目标完成，予以预警/);
    assert.match(md, /纠偏措施：9 月底前确认需求并发起采购，12 月前完成验收/);
    const section = md.slice(md.indexOf('## 五、存在问题及预警'));
    for (const w of result.warnings.filter((x) => x.severity === 'warning'))
      assert.ok(section.includes(w.message), w.message);
    assert.match(renderHtml(model), /<h1 class="title">.*绩效运行监控报告（截至2023年8月31日）<\/h1>/);
  });

  it('jixiao report --kind monitoring writes the .docx; a dataset without monitoring exits 2', async () => {
    const c = capture();
    const file = join(dir, 'monitoring.docx');
    const code = await main(
      [
        'report',
        'examples/futian-zonggonghui-2023.yaml',
        '--kind',
        'monitoring',
        '--as-of',
        '2023-08-31',
        '-o',
        file,
      ],
      c.io,
    );
    assert.equal(code, 0, c.err.join('\n'));
    const items = docxBody(readZip(readFileSync(file)).get('word/document.xml')!.toString('utf8'));
    const t = tableAfter(items, '表 3-1');
    assert.ok(t.rows.some((r) => r.includes('定制办公家具数量') && r.includes('红')));
    assert.match(c.out.join('\n'), new RegExp(`预算执行率 ${pct(rate)}，序时进度 50\\.00%`));

    const d = capture();
    assert.equal(
      await main(
        ['report', 'test/fixtures/report/minimal.yaml', '--kind', 'monitoring', '-o', join(dir, 'x.docx')],
        d.io,
      ),
      2,
    );
    assert.match(d.err.join('\n'), /绩效运行监控：没有 monitoring（绩效运行监控）部分/);
    const e = capture();
    assert.equal(
      await main(['report', 'examples/futian-zonggonghui-2023.yaml', '--kind', 'midyear'], e.io),
      2,
    );
  });
});
