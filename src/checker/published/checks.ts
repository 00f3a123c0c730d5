/**
 * The checks of a recognised 自评表. Each finding says where (table, row, column), what was stated,
 * what the table's own figures give, and the tolerance (half a unit of the stated figure's last digit,
 * plus the parts' residue for a sum). Pure functions.
 */
import { Decimal, HUNDRED, ZERO } from '../../core/decimal.ts';
import { compare, partsResidue, publishedPlaces } from '../../core/checks/tolerance.ts';
import type { Finding, Passed } from '../../core/checks/types.ts';
import { cellNumber, isBlank } from './normalize.ts';
import { FUNDS_PARTITIONS, NATIONAL_SPLIT, REASON_WORDS, type FundsPartition } from './phrases.ts';
import type {
  Cell,
  FundsBlock,
  FundsColumn,
  IndicatorRow,
  IndicatorTable,
  PublishedTable,
  Recognised,
} from './recognise.ts';

export interface CheckOut {
  findings: Finding[];
  passed: Passed[];
}

const fmt = (d: Decimal, places = 2) => d.toDecimalPlaces(places).toFixed(places);
/** A recomputed amount written as the table writes its own (with thousands separators when it does). */
export const like = (stated: string, d: Decimal, places: number) => {
  const s = fmt(d, places);
  return stated.includes(',') ? s.replace(/^(-?\d+)/, (w) => w.replace(/\B(?=(\d{3})+$)/g, ',')) : s;
};
const place = (c: { where: string }, row: string, column?: string) =>
  `${c.where}「${row}」${column ? `「${column}」列` : ''}`;

function finding(
  code: string,
  severity: Finding['severity'],
  at: { where: string; row: string; column?: string; table?: string },
  message: string,
  figures: { stated?: string; expected?: string; tolerance?: string } = {},
): Finding {
  return {
    code,
    severity,
    path: place(at, at.row, at.column),
    message,
    ...figures,
    location: { table: at.table, row: at.row, column: at.column },
  };
}

// ---------------------------------------------------------------------------------------------
// 项目资金

function fundsChecks(f: FundsBlock, notes: { text: string }[], out: CheckOut) {
  const num = (c: Cell | undefined) => cellNumber(c?.text);
  for (const row of f.rows) {
    const adjusted = num(row.values.adjusted);
    const executed = num(row.values.executed);
    const rate = row.values.rate;
    // “0.95” with no % is the ratio written as a fraction; “95” with no % is a percentage.
    const asRatio = !!rate && !rate.text.includes('%') && (num(rate)?.lte(1.5) ?? false);
    const statedRate = asRatio ? num(rate)!.times(HUNDRED) : num(rate);
    if (adjusted && executed && !adjusted.isZero() && rate && statedRate) {
      const exact = executed.div(adjusted).times(HUNDRED);
      // A fraction to 2 places is a percentage to 0 places.
      const places = Math.max(0, publishedPlaces(rate.text) - (asRatio ? 2 : 0));
      const c = compare(statedRate, places, exact);
      const at = { where: row.where, row: row.label, column: rate.column, table: f.grid };
      if (!c.ok)
        out.findings.push(
          finding(
            'published.executionRate',
            'error',
            at,
            `执行率写 ${rate.text}，全年执行数 ÷ 全年预算数 = ${executed} ÷ ${adjusted} = ${fmt(exact)}%，相差 ${fmt(c.diff.abs())} 个百分点`,
            { stated: rate.text, expected: `${fmt(exact)}%`, tolerance: c.tolerance.toString() },
          ),
        );
      else
        out.passed.push({
          code: 'published.executionRate',
          path: place(at, at.row, at.column),
          message: `执行率 ${rate.text} = ${executed} ÷ ${adjusted}`,
        });
    }
    const weight = num(row.values.weight);
    const score = row.values.score;
    const statedScore = num(score);
    if (adjusted && executed && !adjusted.isZero() && weight && score && statedScore) {
      const ratio = Decimal.min(executed.div(adjusted), 1);
      const exact = ratio.times(weight);
      const byStated = statedRate ? Decimal.min(statedRate.div(HUNDRED), 1).times(weight) : null;
      const places = publishedPlaces(score.text);
      const c = compare(statedScore, places, exact);
      const ok = c.ok || (byStated !== null && compare(statedScore, places, byStated).ok);
      const at = { where: row.where, row: row.label, column: score.column, table: f.grid };
      if (!ok)
        out.findings.push(
          finding(
            'published.executionScore',
            'error',
            at,
            `预算执行得分写 ${score.text}，执行率 × 分值（执行率超过 100% 按 100% 计）= ${fmt(ratio.times(HUNDRED))}% × ${weight} = ${fmt(exact)}`,
            { stated: score.text, expected: fmt(exact), tolerance: c.tolerance.toString() },
          ),
        );
      else
        out.passed.push({
          code: 'published.executionScore',
          path: place(at, at.row, at.column),
          message: `得分 ${score.text} = 执行率 × ${weight}`,
        });
    }
  }
  const total = f.rows.find((r) => r.kind === 'total');
  // Each partition of the total (by source; in 部门整体 tables also by use) adds up to it on its own.
  const partitions = new Map<FundsPartition, FundsBlock['rows']>();
  for (const r of f.rows) {
    if (r.kind === 'total') continue;
    const p = r.partition ?? 'source';
    partitions.set(p, [...(partitions.get(p) ?? []), r]);
  }
  const named = partitions.size > 1;
  for (const [partition, parts] of partitions) {
    if (!total) continue;
    const by = named ? `${FUNDS_PARTITIONS[partition].label}，` : '';
    for (const col of ['initial', 'adjusted', 'executed'] as FundsColumn[]) {
      const t = total.values[col];
      const stated = cellNumber(t?.text);
      const nums = parts.map((p) => p.values[col]).filter((c): c is Cell => !!c && !!cellNumber(c.text));
      if (!t || !stated || !nums.length) continue;
      const sum = nums.reduce((s, c) => s.plus(cellNumber(c.text)!), ZERO);
      const places = Math.max(publishedPlaces(t.text), ...nums.map((c) => publishedPlaces(c.text)));
      const c = compare(stated, publishedPlaces(t.text), sum, partsResidue(nums.length, places));
      const at = { where: total.where, row: total.label, column: t.column, table: f.grid };
      if (!c.ok)
        out.findings.push(
          finding(
            'published.fundsSum',
            'error',
            at,
            `${total.label}「${t.column}」写 ${t.text}，${by}其中各项 ${nums.map((n) => n.text).join(' + ')} = ${like(t.text, sum, places)}（${f.unit}），相差 ${like(t.text, c.diff.abs(), places)}`,
            { stated: t.text, expected: like(t.text, sum, places), tolerance: c.tolerance.toString() },
          ),
        );
      else
        out.passed.push({
          code: 'published.fundsSum',
          path: place(at, at.row, at.column),
          message: `${t.text} = ${by}${nums.map((n) => n.text).join(' + ')}`,
        });
    }
  }
  if (total) {
    const initial = cellNumber(total.values.initial?.text);
    const adjusted = cellNumber(total.values.adjusted?.text);
    if (initial && adjusted && !initial.eq(adjusted)) {
      // The reason is looked for in the table's own text (a file may hold several tables).
      const reasonGiven = notes.some((l) => REASON_WORDS.test(l.text));
      const at = {
        where: total.where,
        row: total.label,
        column: total.values.adjusted!.column,
        table: f.grid,
      };
      if (!reasonGiven)
        out.findings.push(
          finding(
            'published.budgetChange',
            'warning',
            at,
            `年初预算数 ${total.values.initial!.text} 调整为全年预算数 ${total.values.adjusted!.text}（${adjusted.gt(initial) ? '增加' : '减少'} ${fmt(adjusted.minus(initial).abs())} ${f.unit}），表中和说明中没有写明调整原因`,
            { stated: total.values.adjusted!.text, expected: total.values.initial!.text },
          ),
        );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 绩效指标

interface Target {
  op: '>=' | '<=' | '>' | '<' | '=';
  value: Decimal;
}

/** A figure with its 万 / 亿 multiplier (“1.2万人”, “0.6 万元”), so 5000 人 and 0.6 万人 compare. */
function scaled(t: string): Decimal | null {
  const m = t.match(/(-?\d+(?:\.\d+)?)\s*(万|亿)?/);
  if (!m) return null;
  const v = new Decimal(m[1]!);
  return m[2] === '万' ? v.times(10000) : m[2] === '亿' ? v.times(100000000) : v;
}

/**
 * A target value's direction and figure: "≥95%", "不低于 90%", "≤ 5 万元", "3 次" (at least 3). Dates
 * and deadlines (“12 月底前”, “2023 年”) are not compared as figures: null.
 */
export function parseTarget(text: string, level2: string): Target | null {
  const t = text.replace(/\s+/g, '').replace(/,/g, '');
  if (/\d\s*[年月日]|前|底|季度/.test(t)) return null;
  const value = scaled(t);
  if (!value) return null;
  let op: Target['op'];
  if (/≥|>=|不低于|不少于|大于等于|以上|至少/.test(t)) op = '>=';
  else if (/≤|<=|不高于|不超过|不多于|小于等于|以内|以下|控制在/.test(t)) op = '<=';
  else if (/＞|>|大于|高于|超过/.test(t)) op = '>';
  else if (/＜|<|小于|低于/.test(t)) op = '<';
  else if (/^=|等于/.test(t)) op = '=';
  else op = /成本/.test(level2) ? '<=' : '>=';
  return { op, value };
}

export function actualNumber(text: string): Decimal | null {
  return scaled(text.replace(/\s+/g, '').replace(/,/g, ''));
}

function meets(actual: Decimal, t: Target): boolean {
  switch (t.op) {
    case '>=':
      return actual.gte(t.value);
    case '<=':
      return actual.lte(t.value);
    case '>':
      return actual.gt(t.value);
    case '<':
      return actual.lt(t.value);
    default:
      return actual.eq(t.value);
  }
}

const rowName = (r: IndicatorRow) => r.level3 || r.level2 || r.level1;

function rowChecks(t: IndicatorTable, r: IndicatorRow, out: CheckOut) {
  const weight = cellNumber(r.weight?.text);
  const score = cellNumber(r.score?.text);
  const name = rowName(r);
  const at = (column: string) => ({ where: r.where, row: name, column, table: t.grid });
  if (weight && score && score.gt(weight))
    out.findings.push(
      finding(
        'published.scoreAboveWeight',
        'error',
        at('得分'),
        `「${name}」得分 ${r.score!.text} 高于分值 ${r.weight!.text}`,
        {
          stated: r.score!.text,
          expected: `≤ ${r.weight!.text}`,
        },
      ),
    );
  if (t.layout !== 'project' || !r.target) return;
  const target = parseTarget(r.target.text, r.level2);
  if (!target) {
    qualitativeCheck(t, r, out);
    return;
  }
  if (!r.actual || isBlank(r.actual.text)) {
    out.findings.push(
      finding(
        'published.noActual',
        'error',
        at('实际完成值'),
        `定量指标「${name}」的年度指标值为 ${r.target.text}，实际完成值空缺（缺失，不同于 0），无法判断是否完成、得分 ${r.score?.text || '（空）'} 无依据`,
        { stated: '（空）', expected: `与 ${r.target.text} 比较的实际值` },
      ),
    );
    return;
  }
  const actual = actualNumber(r.actual.text);
  if (!actual || !weight || !score) return;
  const met = meets(actual, target);
  const reasoned = !isBlank(r.reason) && r.reason.length >= 2;
  if (met && score.lt(weight) && !reasoned)
    out.findings.push(
      finding(
        'published.metDocked',
        'warning',
        at('得分'),
        `「${name}」实际完成值 ${r.actual.text} 已达到年度指标值 ${r.target.text}，得分 ${r.score!.text} 低于分值 ${r.weight!.text}，却没有写明扣分原因`,
        { stated: r.score!.text, expected: r.weight!.text },
      ),
    );
  else if (!met && score.eq(weight))
    out.findings.push(
      finding(
        'published.missedFull',
        'error',
        at('得分'),
        `「${name}」实际完成值 ${r.actual.text} 未达到年度指标值 ${r.target.text}，却得满分 ${r.score!.text}（未完成的定量指标按完成比例计分）`,
        { stated: r.score!.text, expected: `< ${r.weight!.text}` },
      ),
    );
  else
    out.passed.push({
      code: 'published.target',
      path: place(at('得分'), name, '得分'),
      message: `${r.actual.text} 与 ${r.target.text}（${met ? '已完成' : '未完成'}），得分 ${r.score!.text}／${r.weight!.text}`,
    });
}

/** Text compared as written: no spaces, no punctuation (“明显改善。” is “明显改善”). */
const bare = (s: string) => s.replace(/[\s，。、；：,.;:！!]/g, '');

/**
 * A qualitative target (“明显改善”, “健全”, a deadline) whose actual value repeats it word for word is
 * reported met: docked without a reason is the same slip as a figure that reached its target.
 */
function qualitativeCheck(t: IndicatorTable, r: IndicatorRow, out: CheckOut) {
  const weight = cellNumber(r.weight?.text);
  const score = cellNumber(r.score?.text);
  if (!r.target || !r.actual || !weight || !score || isBlank(r.actual.text)) return;
  const target = bare(r.target.text);
  if (!target || bare(r.actual.text) !== target) return;
  const name = rowName(r);
  const at = { where: r.where, row: name, column: '得分', table: t.grid };
  if (score.lt(weight) && !(r.reason.length >= 2 && !isBlank(r.reason)))
    out.findings.push(
      finding(
        'published.metDocked',
        'warning',
        at,
        `「${name}」实际完成值“${r.actual.text}”与年度指标值“${r.target.text}”相同，得分 ${r.score!.text} 低于分值 ${r.weight!.text}，却没有写明扣分原因`,
        { stated: r.score!.text, expected: r.weight!.text },
      ),
    );
  else
    out.passed.push({
      code: 'published.target',
      path: place(at, name, '得分'),
      message: `“${r.actual.text}”与“${r.target.text}”相同（已完成），得分 ${r.score!.text}／${r.weight!.text}`,
    });
}

/**
 * The funds row that carries the 预算执行率 分值 and 得分: the total's, or (where a table writes them on
 * the 本年财政拨款 row) the first row that has a weight.
 */
function scoredFunds(funds: FundsBlock | undefined) {
  const rows = funds?.rows ?? [];
  const total = rows.find((r) => r.kind === 'total');
  return cellNumber(total?.values.weight?.text)
    ? total
    : (rows.find((r) => cellNumber(r.values.weight?.text)) ?? total);
}

const sumOf = (cells: (Cell | undefined)[]) =>
  cells.reduce((s, c) => s.plus(cellNumber(c?.text) ?? ZERO), ZERO);

function weightChecks(
  t: IndicatorTable,
  funds: FundsBlock | undefined,
  kind: Recognised['kind'],
  out: CheckOut,
) {
  const fundsTotal = scoredFunds(funds);
  const fundsWeight = cellNumber(fundsTotal?.values.weight?.text);
  const headerAt = { where: t.where, row: '分值', table: t.grid };
  let total = sumOf(t.rows.map((r) => r.weight));
  if (t.layout === 'department') {
    // Each stated 一级 / 二级 weight (and subtotal score) against the sum of the leaves under it.
    type Group = { weight?: Cell; score?: Cell; rows: IndicatorRow[] };
    const groups = new Map<string, Group>();
    for (const r of t.rows) {
      for (const key of ['level1', 'level2'] as const) {
        const name = key === 'level1' ? r.level1 : `${r.level1}/${r.level2}`;
        if (!r[key]) continue;
        const g = groups.get(name) ?? { rows: [] };
        g.rows.push(r);
        g.weight ??= key === 'level1' ? r.level1Weight : r.level2Weight;
        g.score ??= key === 'level1' ? r.level1Score : r.level2Score;
        groups.set(name, g);
      }
    }
    const measures = [
      { of: 'weight', code: 'published.weightSum', word: '分值' },
      { of: 'score', code: 'published.scoreSum', word: '得分' },
    ] as const;
    for (const [name, g] of groups)
      for (const m of measures) {
        const c = g[m.of];
        const stated = cellNumber(c?.text);
        if (!c || !stated) continue;
        const leaves = g.rows.map((r) => r[m.of]);
        const sum = sumOf(leaves);
        const places = Math.max(
          publishedPlaces(c.text),
          ...leaves.map((x) => publishedPlaces(x?.text ?? '')),
        );
        // Weights are set, not measured: exact. A subtotal score may round its leaves: half its last unit.
        const cmp =
          m.of === 'weight'
            ? { ok: stated.eq(sum), tolerance: ZERO }
            : compare(stated, publishedPlaces(c.text), sum);
        const label = name.split('/').pop()!;
        const at = { where: c.where, row: label, column: c.column, table: t.grid };
        if (!cmp.ok)
          out.findings.push(
            finding(
              m.code,
              'error',
              at,
              `「${label}」${m.word}写 ${c.text}，其下三级指标${m.word} ${leaves.map((x) => x?.text || '0').join(' + ')} = ${fmt(sum, places)}`,
              { stated: c.text, expected: fmt(sum, places), tolerance: cmp.tolerance.toString() },
            ),
          );
        else
          out.passed.push({
            code: m.code,
            path: place(at, label, at.column),
            message: `${m.word} ${c.text} = 下级${m.word}之和`,
          });
      }
  } else {
    total = total.plus(fundsWeight ?? ZERO);
  }
  if (t.layout === 'project' && kind === 'project') {
    // The 10/50/30/10 split 财预〔2020〕10号 sets “原则上”: a province's own split is a note.
    const by = NATIONAL_SPLIT.map((s) => ({
      ...s,
      got:
        s.level1 === null
          ? (fundsWeight ?? ZERO)
          : sumOf(t.rows.filter((r) => r.level1 === s.level1).map((r) => r.weight)),
    }));
    if (by.some((s) => !s.got.eq(s.weight)) && total.eq(100))
      out.findings.push(
        finding(
          'published.weightSplit',
          'note',
          headerAt,
          `分值结构为 ${by.map((s) => `${s.label} ${s.got}`).join('、')}，与财预〔2020〕10号“原则上”的 10/50/30/10 不同（地方可自定，仅作提示）`,
          { stated: by.map((s) => s.got.toString()).join('/'), expected: '10/50/30/10' },
        ),
      );
  }
  if (!total.eq(100)) {
    const short = total.lt(100);
    out.findings.push(
      finding(
        'published.weightTotal',
        short ? 'warning' : 'error',
        headerAt,
        short
          ? `各行分值合计 ${total}，不足 100：表中可能缺行，总分只能核对上限`
          : `各行分值合计 ${total}，超过 100`,
        { stated: total.toString(), expected: '100' },
      ),
    );
  }
}

function totalChecks(t: IndicatorTable, funds: FundsBlock | undefined, out: CheckOut) {
  const stated = cellNumber(t.total?.score?.text);
  if (!t.total?.score || !stated) return;
  const fundsTotal = t.layout === 'project' ? scoredFunds(funds) : undefined;
  const scored: { weight: Decimal | null; score: Decimal; text: string }[] = [];
  let unscoredWeight = ZERO;
  const rows = [
    ...(fundsTotal ? [{ weight: fundsTotal.values.weight, score: fundsTotal.values.score }] : []),
    ...t.rows.map((r) => ({ weight: r.weight, score: r.score })),
  ];
  for (const r of rows) {
    const s = cellNumber(r.score?.text);
    if (s) scored.push({ weight: cellNumber(r.weight?.text), score: s, text: r.score!.text });
    else unscoredWeight = unscoredWeight.plus(cellNumber(r.weight?.text) ?? ZERO);
  }
  const sum = scored.reduce((a, r) => a.plus(r.score), ZERO);
  const weights = rows.reduce((a, r) => a.plus(cellNumber(r.weight?.text) ?? ZERO), ZERO);
  const at = { where: t.total.where, row: '总分', column: '得分', table: t.grid };
  const places = Math.max(publishedPlaces(t.total.score.text), ...scored.map((r) => publishedPlaces(r.text)));
  const complete = weights.gte(100) && unscoredWeight.isZero();
  if (complete) {
    const c = compare(stated, publishedPlaces(t.total.score.text), sum, partsResidue(scored.length, places));
    if (!c.ok)
      out.findings.push(
        finding(
          'published.total',
          'error',
          at,
          `总分写 ${t.total.score.text}，各行得分之和 = ${fmt(sum, places)}，相差 ${fmt(c.diff.abs(), places)}`,
          {
            stated: t.total.score.text,
            expected: fmt(sum, places),
            tolerance: c.tolerance.toString(),
          },
        ),
      );
    else
      out.passed.push({
        code: 'published.total',
        path: place(at, '总分', '得分'),
        message: `总分 ${t.total.score.text} = 各行得分之和`,
      });
    return;
  }
  // Rows are missing (weights short of 100) or unscored: the most the table can prove.
  const missing = Decimal.max(HUNDRED.minus(weights), ZERO).plus(unscoredWeight);
  const bound = sum.plus(missing);
  if (stated.gt(bound.plus(partsResidue(scored.length, places))))
    out.findings.push(
      finding(
        'published.totalBound',
        'error',
        at,
        `表中各行得分之和 ${fmt(sum, places)}，缺少或未评分的行至多 ${fmt(missing, places)} 分，总分至多 ${fmt(bound, places)} 分，写明 ${t.total.score.text} 分`,
        { stated: t.total.score.text, expected: `≤ ${fmt(bound, places)}` },
      ),
    );
  else
    out.passed.push({
      code: 'published.totalBound',
      path: place(at, '总分', '得分'),
      message: `总分 ${t.total.score.text} 不超过可证明的上限 ${fmt(bound, places)}`,
    });
}

/** The grades by score, and the words provinces write for each (优秀, 良好, 合格, 不合格…). */
const GRADES: { min: number; grade: string; words: string[] }[] = [
  { min: 90, grade: '优', words: ['优', '优秀'] },
  { min: 80, grade: '良', words: ['良', '良好'] },
  { min: 60, grade: '中', words: ['中', '合格', '一般', '中等'] },
  { min: 0, grade: '差', words: ['差', '不合格', '较差'] },
];

function gradeCheck(t: IndicatorTable, funds: FundsBlock | undefined, out: CheckOut) {
  if (!t.grade) return;
  // The stated 总分; with no 总分 row, the rows' own sum when every row is weighted and scored.
  let score = cellNumber(t.total?.score?.text);
  let basis = `总分 ${t.total?.score?.text}`;
  if (!score && !t.total) {
    const fundsTotal = t.layout === 'project' ? scoredFunds(funds) : undefined;
    const rows = [...(fundsTotal ? [fundsTotal.values] : []), ...t.rows];
    const complete = rows.every((r) => cellNumber(r.score?.text) && cellNumber(r.weight?.text));
    const weights = sumOf(rows.map((r) => r.weight));
    if (!complete || !weights.eq(100)) return;
    score = sumOf(rows.map((r) => r.score));
    basis = `表中没有总分行，各行得分之和 ${score}`;
  }
  if (!score) return;
  const expected = GRADES.find((g) => score.gte(g.min))!;
  const stated = t.grade
    .replace(/[（(].*$/, '')
    .replace(/[“”"]/g, '')
    .replace(/等$/, '')
    .trim();
  const said = GRADES.find((g) => g.words.includes(stated));
  if (!said) return;
  const where = t.total?.where ?? t.where;
  if (said !== expected)
    out.findings.push(
      finding(
        'published.grade',
        'error',
        { where, row: '评价等级', table: t.grid },
        `${basis}，对应等级“${expected.grade}”（优 ≥ 90，良 ≥ 80，中（合格）≥ 60），写明“${t.grade}”`,
        {
          stated: t.grade,
          expected: expected.grade,
        },
      ),
    );
}

/** The name a table goes by in a file of several: its project, else its department, else its place. */
export function tableName(t: PublishedTable, k: number): string {
  return t.info.project ?? t.info.department ?? `第 ${k + 1} 张表`;
}

/** Every table of the file, each against its own funds block; in a file of several, places name the table. */
export function checkTables(rec: Recognised): CheckOut {
  const out: CheckOut = { findings: [], passed: [] };
  rec.tables.forEach((table, k) => {
    const own: CheckOut = { findings: [], passed: [] };
    if (table.funds) fundsChecks(table.funds, table.notes, own);
    for (const t of table.indicators) {
      for (const r of t.rows) rowChecks(t, r, own);
      weightChecks(t, table.funds, table.kind, own);
      totalChecks(t, table.funds, own);
      gradeCheck(t, table.funds, own);
    }
    const prefix = rec.tables.length > 1 ? `「${tableName(table, k)}」` : '';
    out.findings.push(...own.findings.map((f) => ({ ...f, path: prefix + f.path })));
    out.passed.push(...own.passed.map((p) => ({ ...p, path: prefix + p.path })));
  });
  return out;
}
