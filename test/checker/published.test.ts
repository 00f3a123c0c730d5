/**
 * Published 自评表 (issue 17): every fixture made by test/fixtures/published/make.ts raises exactly the
 * findings planted in it, its clean twin raises none; each finding says where and what; a file with no
 * table is not “未发现问题”; the seed report still goes to the report reader; a folder is checked in
 * parallel into a summary workbook; extract re-scores a project table.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { loadFramework } from '../../src/adapters/files.ts';
import { checkAnyFile } from '../../src/checker/published/file.ts';
import { pipeBorders, splitRow } from '../../src/checker/published/grid.ts';
import { actualNumber, parseTarget } from '../../src/checker/published/checks.ts';
import { checkPublished } from '../../src/checker/published/index.ts';
import {
  cellNumber,
  headingKey,
  repairFigure,
  repairLine,
  toSimplified,
} from '../../src/checker/published/normalize.ts';
import { compareTotals, rescore, toProjectItem } from '../../src/checker/published/project.ts';
import { findingTitle } from '../../src/core/labels.ts';
import {
  FUNDS_COLUMNS,
  FUNDS_PARTITIONS,
  FUNDS_ROWS,
  GRADE_LABELS,
  INDICATOR_COLUMNS,
  TITLES,
  TOTAL_ROWS,
} from '../../src/checker/published/phrases.ts';
import { ROOT, SEED_REPORT } from '../helpers.ts';
import { fixtures } from '../fixtures/published/make.ts';
import { jixiao } from '../cli/run.ts';

const DIR = join(ROOT, 'test/fixtures/published');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  file: string;
  clean: boolean;
  layout: string;
  codes: string[];
}[];

describe('published 自评表 fixtures', () => {
  it('cover at least 12 layouts, each with planted errors and a clean twin', () => {
    const planted = expected.filter((e) => !e.clean);
    assert.ok(planted.length >= 12, `${planted.length} fixtures`);
    for (const p of planted) {
      assert.ok(p.codes.length > 0, p.file);
      assert.ok(
        expected.some((e) => e.clean && e.file === p.file.replace(/(\.\w+)$/, '-clean$1')),
        `${p.file} has a clean twin`,
      );
    }
    for (const layout of [
      'docx',
      'xlsx',
      'html',
      'pdf',
      'spaces',
      'pipes',
      'traditional',
      'ocr',
      'yuan',
      'narrative',
    ])
      assert.ok(
        expected.some((e) => e.layout === layout),
        layout,
      );
    assert.ok(expected.some((e) => e.file.startsWith('department')));
  });

  it('the committed files are what make.ts renders from its data (text and web-page layouts)', async () => {
    const made = await fixtures((layout) => !['docx', 'xlsx', 'pdf'].includes(layout));
    assert.deepEqual(
      made.map(({ body: _body, ...e }) => e),
      expected,
    );
    for (const m of made.filter((x) => x.body !== null))
      assert.equal(readFileSync(join(DIR, m.file), 'utf8'), m.body, m.file);
  });

  for (const e of expected) {
    it(`${e.file}: ${e.clean ? 'raises nothing' : e.codes.join('、')}`, async () => {
      const r = await checkPublished(join(DIR, e.file));
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.equal(r.result.recognised, true, r.result.what);
      assert.deepEqual(r.result.findings.map((f) => f.code).sort(), e.codes);
      if (e.clean) assert.ok(r.result.passed.length > 0, 'the clean twin was checked, not skipped');
      for (const f of r.result.findings) {
        assert.match(f.message, /[\u4e00-\u9fff]/);
        assert.match(f.path, /第 \d+ (行|段|个表格)|工作表「|网页第/);
        assert.notEqual(findingTitle(f.code), '核对发现', `${f.code} has a title`);
        assert.doesNotMatch(f.message, /published\.|undefined|NaN/);
      }
    });
  }
});

describe('docs/checks.md lists what is recognised', () => {
  it('every phrasing of phrases.ts is in the table of recognised headings', () => {
    const doc = readFileSync(join(ROOT, 'docs/checks.md'), 'utf8');
    const table = doc.slice(doc.indexOf('### 识别的表头措辞'), doc.indexOf('**版式**'));
    const phrases = [
      ...Object.values(FUNDS_COLUMNS).flat(),
      ...Object.values(FUNDS_ROWS).flat(),
      ...Object.values(FUNDS_PARTITIONS).flatMap((p) => p.heads),
      ...Object.values(INDICATOR_COLUMNS).flat(),
      ...TOTAL_ROWS,
      ...GRADE_LABELS,
      ...Object.values(TITLES).flat(),
    ];
    const missing = phrases.filter((p) => !table.includes(p));
    assert.deepEqual(missing, []);
  });
});

describe('what the findings say', () => {
  it('the rate is recomputed from the row (执行数 ÷ 预算数) with its place', async () => {
    const r = await checkPublished(join(DIR, 'project-docx.docx'));
    assert.ok(r.ok);
    const f = r.result.findings.find((x) => x.code === 'published.executionRate')!;
    assert.equal(f.stated, '96.50%');
    assert.equal(f.expected, '95.00%'); // 85.50 ÷ 90.00
    assert.match(f.path, /第 1 个表格第 4 行「年度资金总额」「执行率」列/);
  });

  it('a 年度资金总额 of 0 is compared with its 其中 rows, column by column', async () => {
    const r = await checkPublished(join(DIR, 'project-html.html'));
    assert.ok(r.ok);
    const sums = r.result.findings.filter((x) => x.code === 'published.fundsSum');
    assert.deepEqual(
      sums.map((f) => [f.stated, f.expected]),
      [
        ['0.00', '100.00'],
        ['0.00', '90.00'],
        ['0.00', '85.50'],
      ],
    );
  });

  it('with a row missing, the total is checked against the bound the rows can prove', async () => {
    const r = await checkPublished(join(DIR, 'project-missing-rows.txt'));
    assert.ok(r.ok);
    const f = r.result.findings.find((x) => x.code === 'published.totalBound')!;
    // 9.50 + 15 + 14.75 + 10 + 5 + 5 + 15 + 10 = 84.25, plus the missing 15 points: at most 99.25.
    assert.equal(f.expected, '≤ 99.25');
    assert.equal(f.stated, '99.50');
    assert.match(f.message, /至多 99\.25 分，写明 99\.50 分/);
  });

  it('amounts in 元 are read as such (the sum is in 元)', async () => {
    const r = await checkPublished(join(DIR, 'project-yuan.txt'));
    assert.ok(r.ok);
    assert.equal(r.result.recognition.tables[0]?.funds?.unit, '元');
    const f = r.result.findings.find((x) => x.code === 'published.fundsSum')!;
    assert.equal(f.stated, '1,100,000.00');
    assert.equal(f.expected, '1,000,000.00');
  });

  it('a province split other than 10/50/30/10 is a note, not an error', async () => {
    const r = await checkPublished(join(DIR, 'project-local-variant.txt'));
    assert.ok(r.ok);
    assert.equal(r.result.findings.find((x) => x.code === 'published.weightSplit')?.severity, 'note');
  });

  it('the 部门整体 tree: each level’s weight against the weights under it', async () => {
    const r = await checkPublished(join(DIR, 'department-xlsx.xlsx'));
    assert.ok(r.ok);
    assert.equal(r.result.recognition.kind, 'department');
    const sums = r.result.findings.filter((x) => x.code === 'published.weightSum');
    assert.deepEqual(sums.map((f) => [f.location?.row, f.stated, f.expected]).sort(), [
      ['部门决策', '20', '21'],
      ['预算编制', '10', '11'],
    ]);
  });

  it('narrative: parts against the total, and a count against the names listed', async () => {
    const r = await checkPublished(join(DIR, 'narrative.txt'));
    assert.ok(r.ok);
    const got = r.result.findings.map((f) => [f.code, f.stated, f.expected]);
    assert.deepEqual(got, [
      ['published.narrativeSum', '89.97', '91.99'],
      ['published.narrativeCount', '10', '9'],
      ['published.narrativeSum', '15', '16'],
    ]);
  });
});

describe('counts that must add up across the text', () => {
  const check = async (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'jixiao-narrative-')), '自评报告.txt');
    writeFileSync(file, text);
    const r = await checkPublished(file);
    assert.ok(r.ok);
    return r.result;
  };
  const report = (added: number) =>
    [
      '某区教育局 2023 年度项目支出绩效自评报告',
      '一、项目基本情况',
      '年初部门预算安排 8 个项目。',
      `年中新增 ${added} 个项目，均为上级转移支付；另有 1 个项目因政策调整取消。`,
      '二、自评情况',
      '全年共实施 15 个项目，已全部完成自评。',
    ].join('\n');

  it('年初 + 新增 − 取消 against 全年共, each in its own sentence, with every place named', async () => {
    const r = await check(report(9));
    assert.deepEqual(
      r.findings.map((f) => [f.code, f.stated, f.expected]),
      [['published.narrativeSum', '15', '16']],
    );
    assert.match(r.findings[0]!.message, /年初 8 \+ 新增 9 − 减少 1 = 16/);
    assert.match(r.findings[0]!.message, /第 3 行、第 4 行、第 6 行/);
  });
  it('adds up: no finding, and the balance is listed as checked', async () => {
    const r = await check(report(8));
    assert.deepEqual(r.findings, []);
    assert.ok(r.passed.some((p) => /年初 8 \+ 新增 8 − 减少 1 = 共 15/.test(p.message)));
  });
});

describe('targets: direction and figure', () => {
  it('reads the direction, the 万 multiplier, and leaves deadlines alone', () => {
    const t = parseTarget('≥5000人', '数量指标')!;
    assert.equal(t.op, '>=');
    assert.ok(actualNumber('0.6万人')!.gte(t.value));
    assert.equal(parseTarget('不超过 800 元', '成本指标')?.op, '<=');
    assert.equal(parseTarget('800元', '成本指标')?.op, '<=');
    assert.equal(parseTarget('12 月底前完成', '时效指标'), null);
    assert.equal(parseTarget('2023年内', '时效指标'), null);
    assert.equal(parseTarget('健全', '可持续影响指标'), null);
  });
});

describe('normalising what was published', () => {
  it('OCR slips inside figures, and only there', () => {
    assert.equal(repairFigure('9 5.OO%'), '95.00%');
    assert.equal(repairFigure('l5'), '15');
    assert.equal(repairFigure('Ol 号文件'), 'Ol 号文件');
    assert.equal(repairLine('2O23 年执行 89. 97 万元'), '2023 年执行 89.97 万元');
  });
  it('a column letter or formula after a heading (全年预算数（A）, 执行率（B/A）) is not part of its name', () => {
    assert.equal(headingKey('全年预算数（A）'), '全年预算数');
    assert.equal(headingKey('执行率(B/A)'), '执行率');
    assert.equal(headingKey('年度资金总额：'), '年度资金总额');
    assert.equal(headingKey('年初预算数（万元）'), '年初预算数');
    assert.equal(headingKey('项目名称（全称）'), '项目名称（全称）');
  });
  it('traditional to simplified, figures untouched', () => {
    assert.equal(toSimplified('年初預算數'), '年初预算数');
    assert.equal(toSimplified('1,234.50'), '1,234.50');
  });
  it('cells split by tabs, by |, by runs of spaces; a blank cell is not 0', () => {
    assert.deepEqual(splitRow('a\t\tb')?.cells, ['a', '', 'b']);
    assert.deepEqual(
      splitRow('| a | b | c |')?.cells.map((c) => c.trim()),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(splitRow('培训人数    ≥500 人    520 人')?.cells, ['培训人数', '≥500 人', '520 人']);
    assert.equal(splitRow('一句话，不是表格。'), null);
    // Bars only between cells: a bar at the start is a blank first cell (a merged “绩效指标” column).
    const lines = ['绩效指标 | 一级指标 | 二级指标', ' | 产出指标 | 数量指标'];
    const borders = pipeBorders(lines);
    assert.deepEqual(borders, { lead: false, trail: false });
    assert.deepEqual(
      splitRow(lines[1]!, borders)?.cells.map((c) => c.trim()),
      ['', '产出指标', '数量指标'],
    );
    assert.deepEqual(pipeBorders(['| a | b |', '| | c |']), { lead: true, trail: true });
    assert.equal(cellNumber('—'), null);
    assert.equal(cellNumber('0')?.toString(), '0');
  });
});

describe('the 10号 template as printed: a merged 绩效指标 column, lettered headings', () => {
  // Written by hand, not by make.ts: bars only between cells, so indicator rows start with a blank cell
  // under the merged “绩效指标”; 全年预算数（A）, 执行率（B/A）; “年度资金总额：”; rows named “指标1：…”.
  const table = [
    '项目支出绩效自评表',
    '（2023年度）',
    '项目名称 | 乡村道路养护项目 | | | | | | |',
    '主管部门 | 某市交通运输局 | | | 实施单位 | 某市公路事务中心 | | |',
    '项目资金（万元） | | 年初预算数 | 全年预算数（A） | 全年执行数（B） | 分值 | 执行率（B/A） | 得分 |',
    ' | 年度资金总额： | 200 | 200 | 180 | 10 | 90% | 9 |',
    ' | 其中：当年财政拨款 | 200 | 200 | 180 | — | — | — |',
    ' | 上年结转资金 | 0 | 0 | 0 | — | — | — |',
    ' | 其他资金 | 0 | 0 | 0 | — | — | — |',
    '绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施',
    ' | 产出指标 | 数量指标 | 指标1：养护里程 | ≥120公里 | 118公里 | 20 | 20 |',
    ' | | 质量指标 | 指标1：养护合格率 | ≥95% | 96% | 15 | 15 |',
    ' | | 时效指标 | 指标1：完成时间 | 2023年12月底前 | 2023年12月 | 10 | 10 |',
    ' | | 成本指标 | 指标1：每公里养护成本 | ≤1.5万元 | 1.52万元 | 5 | 5 |',
    ' | 效益指标 | 社会效益指标 | 指标1：群众出行条件 | 明显改善 | 明显改善 | 30 | 28 |',
    ' | 满意度指标 | 服务对象满意度指标 | 指标1：沿线群众满意度 | ≥90% | 92% | 10 | 10 |',
    '总分 | | | | | | 100 | 97 |',
  ].join('\n');

  it('a file of two project tables: each checked against its own funds block, places name the project', async () => {
    // The second table: 100 / 100 / 95 at 95% → 9.5; its total 9.5 + 20 + 15 + 10 + 5 + 28 + 10 = 97.5.
    const second = table
      .replace('乡村道路养护项目', '农村饮水安全项目')
      .replace('| 200 | 200 | 180 | 10 | 90% | 9 |', '| 100 | 100 | 95 | 10 | 95% | 9.5 |')
      .replace('| 200 | 200 | 180 | — | — | — |', '| 100 | 100 | 95 | — | — | — |')
      .replace('| 100 | 97 |', '| 100 | 97.5 |');
    const file = join(mkdtempSync(join(tmpdir(), 'jixiao-two-')), '两个项目.txt');
    writeFileSync(file, `${table}\n\n\n\n${second}`);
    const r = await checkPublished(file);
    assert.ok(r.ok);
    const rec = r.result.recognition;
    assert.deepEqual(
      rec.tables.map((t) => [
        t.kind,
        t.info.project,
        t.info.department,
        t.funds?.rows[0]?.values.executed?.text,
      ]),
      [
        ['project', '乡村道路养护项目', '某市交通运输局', '180'],
        ['project', '农村饮水安全项目', '某市交通运输局', '95'],
      ],
    );
    assert.match(r.result.what, /项目支出绩效自评表 2 张/);
    // The same three slips in each table, and no total checked against the other table's funds.
    assert.deepEqual(
      r.result.findings.map((f) => f.path.match(/^「[^」]+」/)?.[0]).sort(),
      [...Array(3).fill('「乡村道路养护项目」'), ...Array(3).fill('「农村饮水安全项目」')].sort(),
    );
    assert.equal(r.result.passed.filter((p) => p.code === 'published.total').length, 2);
    // extract: both projects, each re-scored.
    const x = jixiao('extract', file);
    assert.equal(x.code, 0, x.stderr);
    const items = (parse(x.stdout) as { projects: { items: { id: string; name: string }[] } }).projects.items;
    assert.deepEqual(
      items.map((i) => [i.id, i.name]),
      [
        ['p1', '乡村道路养护项目'],
        ['p2', '农村饮水安全项目'],
      ],
    );
    assert.match(x.stderr, /「农村饮水安全项目」按 .* 重算总分/);
  });

  it('a budget change is explained by its own table’s text, not by another table’s', async () => {
    // The second table's 全年预算数 rises 100 → 120 with no reason of its own; the first table's 说明
    // speaks of 追加 (its own funds did not change).
    const second = table
      .replace('乡村道路养护项目', '农村饮水安全项目')
      .replace('| 200 | 200 | 180 | 10 | 90% | 9 |', '| 100 | 120 | 108 | 10 | 90% | 9 |')
      .replace('| 200 | 200 | 180 | — | — | — |', '| 100 | 120 | 108 | — | — | — |');
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-reasons-'));
    const file = join(dir, '两个项目.txt');
    writeFileSync(file, `${table}\n说明：上级追加的补助资金已全部下达。\n\n\n\n${second}`);
    const r = await checkPublished(file);
    assert.ok(r.ok);
    const changes = r.result.findings.filter((f) => f.code === 'published.budgetChange');
    assert.deepEqual(
      changes.map((f) => f.path.match(/^「[^」]+」/)?.[0]),
      ['「农村饮水安全项目」'],
    );
    // With the reason written under the second table, nothing is raised.
    writeFileSync(file, `${table}\n\n\n\n${second}\n说明：年中追加农村饮水工程资金 20 万元。`);
    const ok = await checkPublished(file);
    assert.ok(ok.ok);
    assert.equal(ok.result.findings.filter((f) => f.code === 'published.budgetChange').length, 0);
  });

  it('reads the funds block and each row in its column; a target missed with full marks, a met one docked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-10hao-'));
    const file = join(dir, '乡村道路养护项目.txt');
    writeFileSync(file, table);
    const r = await checkPublished(file);
    assert.ok(r.ok);
    assert.equal(r.result.recognition.tables[0]?.funds?.rows.length, 4);
    assert.deepEqual(r.result.recognition.tables[0]?.funds?.columns, [
      'initial',
      'adjusted',
      'executed',
      'weight',
      'rate',
      'score',
    ]);
    const rows = r.result.recognition.tables[0]!.indicators[0]!.rows;
    assert.deepEqual(
      rows.map((x) => [x.level1, x.level2, x.level3]),
      [
        ['产出指标', '数量指标', '指标1：养护里程'],
        ['产出指标', '质量指标', '指标1：养护合格率'],
        ['产出指标', '时效指标', '指标1：完成时间'],
        ['产出指标', '成本指标', '指标1：每公里养护成本'],
        ['效益指标', '社会效益指标', '指标1：群众出行条件'],
        ['满意度指标', '服务对象满意度指标', '指标1：沿线群众满意度'],
      ],
    );
    // 118 < 120 公里 and 1.52 > 1.5 万元 with full marks; “明显改善” reported as is, 28 of 30, no reason.
    assert.deepEqual(
      r.result.findings.map((f) => [f.code, f.location?.row, f.stated]),
      [
        ['published.missedFull', '指标1：养护里程', '20'],
        ['published.missedFull', '指标1：每公里养护成本', '5'],
        ['published.metDocked', '指标1：群众出行条件', '28'],
      ],
    );
    // 9 + 20 + 15 + 10 + 5 + 28 + 10 = 97, the stated total.
    assert.ok(r.result.passed.some((p) => p.code === 'published.total'));
    assert.ok(r.result.passed.some((p) => p.code === 'published.executionRate'));
  });
});

describe('a 部门整体 table with a funds block split two ways and 指标值 rows', () => {
  // By hand: the total is split by source (一般公共预算, 政府性基金, 其他) and by use (基本, 项目支出);
  // each split adds up to it on its own. Planted: 815.00 + 735.60 = 1,550.60, stated 1,560.60; a budget
  // raised with no reason; 45% against ≥45% docked 2 points with no reason.
  const table = [
    '部门整体支出绩效自评表',
    '（2023年度）',
    '部门（单位）名称\t某县卫生健康局',
    '年度预算资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分',
    '\t年度资金总额\t1,500.00\t1,620.00\t1,560.60\t10\t96.33%\t9.63',
    '\t按收入性质分：\t',
    '\t其中：一般公共预算\t1,300.00\t1,400.00\t1,350.00\t—\t—\t—',
    '\t政府性基金预算\t100.00\t120.00\t110.60\t—\t—\t—',
    '\t其他资金\t100.00\t100.00\t100.00\t—\t—\t—',
    '\t按支出性质分：\t',
    '\t其中：基本支出\t800.00\t820.00\t815.00\t—\t—\t—',
    '\t项目支出\t700.00\t800.00\t735.60\t—\t—\t—',
    '年度绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施',
    '\t产出指标\t数量指标\t重点项目完成数\t12个\t12个\t20\t20\t',
    '\t\t质量指标\t家庭医生签约覆盖率\t≥45%\t45%\t15\t13\t',
    '\t\t时效指标\t项目按期完成率\t100%\t100%\t15\t15\t',
    '\t效益指标\t社会效益指标\t居民健康素养水平\t≥25%\t26.5%\t20\t20\t',
    '\t\t可持续影响指标\t基层医疗服务能力\t持续提升\t持续提升\t10\t10\t',
    '\t满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t93%\t10\t10\t',
    '总分\t\t\t\t\t\t100\t97.63\t',
  ];
  const write = (lines: string[]) => {
    const file = join(mkdtempSync(join(tmpdir(), 'jixiao-dept-')), '部门整体.txt');
    writeFileSync(file, lines.join('\n'));
    return file;
  };

  it('checks each split of the total on its own and names the split that is off', async () => {
    const r = await checkPublished(write(table));
    assert.ok(r.ok);
    assert.equal(r.result.recognition.kind, 'department');
    assert.equal(r.result.recognition.info.department, '某县卫生健康局');
    assert.deepEqual(
      r.result.findings.map((f) => [f.code, f.stated, f.expected]),
      [
        ['published.fundsSum', '1,560.60', '1,550.60'],
        ['published.budgetChange', '1,620.00', '1,500.00'],
        ['published.metDocked', '13', '15'],
      ],
    );
    assert.match(r.result.findings[0]!.message, /按支出性质分/);
    // Five sums hold: three by source, two by use; no 10/50/30/10 note on a 部门整体 table.
    assert.equal(r.result.passed.filter((p) => p.code === 'published.fundsSum').length, 5);
  });

  it('its clean twin raises nothing', async () => {
    const clean = table.map((l) =>
      l
        .replace('\t815.00\t', '\t825.00\t')
        .replace('家庭医生签约覆盖率\t≥45%\t45%\t15\t13\t', '家庭医生签约覆盖率\t≥45%\t45%\t15\t15\t')
        .replace('\t100\t97.63\t', '\t100\t99.63\t'),
    );
    clean.push('说明：年中追加公共卫生服务补助资金 120.00 万元。');
    const r = await checkPublished(write(clean));
    assert.ok(r.ok);
    assert.deepEqual(r.result.findings, []);
    assert.ok(r.result.passed.length >= 12);
  });
});

describe('jixiao check on published files', () => {
  it('a file with no table: its own message and exit 4, never 未发现问题', () => {
    const r = jixiao('check', join(DIR, 'no-table.txt'));
    assert.equal(r.code, 4);
    assert.doesNotMatch(r.stdout + r.stderr, /未发现问题/);
    assert.match(r.stderr, /未识别到/);
  });

  it('formats it cannot read are named, with what to save them as: exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-old-'));
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    for (const [name, says] of [
      ['自评表.xls', /旧版 Excel（\.xls）.*另存为 \.xlsx/],
      ['自评表.et', /旧版 Excel（\.et）.*另存为 \.xlsx/],
      ['自评报告.wps', /WPS 文字.*另存为 \.docx/],
      ['自评报告.doc', /旧版 Word.*另存为 \.docx/],
    ] as const) {
      writeFileSync(join(dir, name), ole);
      const r = jixiao('check', join(dir, name));
      assert.equal(r.code, 2, name);
      assert.match(r.stderr, says);
      assert.doesNotMatch(r.stderr, /at \w+ \(|Error:/);
    }
  });

  it('an .html page with no 自评表 is not recognised either', async () => {
    const p = join(mkdtempSync(join(tmpdir(), 'jixiao-pub-')), 'page.html');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(p, '<html><body><p>通知公告</p><table><tr><td>a</td><td>b</td></tr></table></body></html>');
    const r = jixiao('check', p);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /未识别到绩效自评表/);
  });

  it('the seed report, and a report written by jixiao report (project tables in its appendix), go to the report reader', async () => {
    assert.equal((await checkAnyFile(SEED_REPORT)).via, 'report');
    const out = join(mkdtempSync(join(tmpdir(), 'jixiao-gen-')), '报告.docx');
    const r = jixiao('report', join(ROOT, 'examples/futian-zonggonghui-2023.yaml'), '-o', out);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await checkAnyFile(out)).via, 'report');
  });

  it('a planted table exits 1 and names the finding in Chinese; its clean twin exits 0', () => {
    const bad = jixiao('check', join(DIR, 'project-xlsx.xlsx'), '--brief');
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /预算执行得分与执行率不符/);
    assert.match(bad.stdout, /定量指标没有实际完成值/);
    const clean = jixiao('check', join(DIR, 'project-xlsx-clean.xlsx'), '--brief');
    assert.equal(clean.code, 0);
    assert.match(clean.stdout, /未发现问题/);
  });

  it('a folder: every file checked in parallel, a summary workbook with each finding’s place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-folder-'));
    const files = [
      'project-docx.docx',
      'project-html-clean.html',
      'department-xlsx.xlsx',
      'no-table.txt',
      'narrative.txt',
    ];
    for (const f of files) copyFileSync(join(DIR, f), join(dir, f));
    const out = join(mkdtempSync(join(tmpdir(), 'jixiao-sum-')), '汇总.xlsx');
    const r = jixiao('check', dir, '-o', out);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(existsSync(out));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const perFile = wb.getWorksheet('各文件')!;
    const rows = new Map<string, unknown[]>();
    perFile.eachRow((row, n) => {
      if (n > 1) rows.set(row.getCell(1).text, (row.values as unknown[]).slice(1));
    });
    assert.deepEqual([...rows.keys()].sort(), [...files].sort());
    // errors / warnings per file, as the single-file check counts them
    for (const f of [
      'project-docx.docx',
      'department-xlsx.xlsx',
      'narrative.txt',
      'project-html-clean.html',
    ]) {
      const e = expected.find((x) => x.file === f)!;
      const errs = (await checkPublished(join(DIR, f))) as {
        ok: true;
        result: { findings: { severity: string }[] };
      };
      assert.equal(rows.get(f)![2], errs.result.findings.filter((x) => x.severity === 'error').length, f);
      assert.equal(e.codes.length, errs.result.findings.length);
    }
    assert.match(String(rows.get('no-table.txt')![1]), /未识别到/);
    const list = wb.getWorksheet('问题清单')!;
    assert.equal(
      list.rowCount - 1,
      expected
        .filter((x) => ['project-docx.docx', 'department-xlsx.xlsx', 'narrative.txt'].includes(x.file))
        .reduce((n, x) => n + x.codes.length, 0),
    );
    list.eachRow((row, n) => {
      if (n === 1) return;
      assert.match(row.getCell(4).text, /第 \d+|工作表「/);
      // Each place links to its file beside the workbook's folder; a workbook's row to its sheet and row.
      const link = row.getCell(4).hyperlink;
      const file = row.getCell(1).text;
      assert.equal(resolve(dirname(out), decodeURI(link.replace(/#.*$/, ''))), join(dir, file), link);
      if (file.endsWith('.xlsx')) assert.match(decodeURI(link), /#'[^']+'!A\d+$/);
      // …and back to the file's row in 各文件.
      assert.equal(perFile.getCell(row.getCell(1).hyperlink.replace(/^'各文件'!/, '')).text, file);
    });
    // Printed on A4 landscape one page wide; a long 说明 wraps onto a row tall enough for it (LibreOffice
    // draws a wrapped row at the height the file gives; the no-table explanation is three lines at 60).
    for (const ws of [perFile, list]) {
      assert.equal(ws.pageSetup.orientation, 'landscape');
      assert.equal(ws.pageSetup.fitToWidth, 1);
    }
    const noTable = [...rows.keys()].indexOf('no-table.txt') + 2;
    assert.ok(perFile.getCell(noTable, 7).alignment?.wrapText);
    assert.ok((perFile.getRow(noTable).height ?? 0) >= 45, String(perFile.getRow(noTable).height));
    // 各文件 → the file's first finding in 问题清单.
    const docx = [...rows.keys()].indexOf('project-docx.docx');
    assert.ok(docx >= 0);
    perFile.eachRow((row, n) => {
      if (n === 1 || !row.getCell(8).text) return;
      const target = row.getCell(8).hyperlink.replace(/^'问题清单'!/, '');
      assert.equal(list.getCell(target).text, row.getCell(1).text);
    });
  });
});

describe('jixiao extract on a 部门整体 table', () => {
  it('says it holds no project and points to check, exit 4, writing nothing', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'jixiao-extract-')), '数据.yaml');
    const r = jixiao('extract', join(DIR, 'department-xlsx-clean.xlsx'), '-o', out);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /部门整体支出绩效自评表.*请用 jixiao check 核对/);
    assert.equal(existsSync(out), false);
  });
});

describe('jixiao extract on a project table', () => {
  it('gives a dataset project that re-scores to the stated total under mof-project-2020', async () => {
    const r = jixiao('extract', join(DIR, 'project-xlsx-clean.xlsx'));
    assert.equal(r.code, 0, r.stderr);
    const data = parse(r.stdout) as {
      projects: { items: { name: string; adjustedBudget: string; targets: unknown[] }[] };
    };
    const item = data.projects.items[0]!;
    assert.equal(item.name, '农村实用技术培训项目');
    assert.equal(item.adjustedBudget, '90.00');
    assert.equal(item.targets.length, 8);
    assert.match(r.stderr, /重算总分 98\.25，与表中写明的 98\.25 一致/);
  });

  it('a table whose stated total is wrong: the re-score says by how much', async () => {
    const fw = loadFramework('mof-project-2020');
    assert.ok(fw.ok);
    const p = await checkPublished(join(DIR, 'project-pdf.pdf'));
    assert.ok(p.ok);
    const x = toProjectItem(p.result.recognition.tables[0]!);
    const t = rescore(x, fw.value);
    assert.equal(t.total, '98.25');
    assert.match(compareTotals(x, t), /表中写明 99\.25，相差 1\.00/);
  });
});
