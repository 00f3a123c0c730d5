/**
 * Facts: the figures a report states, each with a key naming the quantity (budget.initial.total,
 * threePublic.actual.reception, staff.fundedControlRate…), its value in a fixed unit (amounts in 万元,
 * rates in percent), the text as printed and where it was read. Read from the report's tables (found by
 * their row and column headings, whatever their number or order) and from its sentences (by the words
 * before a figure).
 */
import { Decimal } from '../core/decimal.ts';
import { publishedPlaces } from '../core/checks/tolerance.ts';
import type { Framework, IndicatorNode } from '../core/framework/schema.ts';
import { SPENDING_CATEGORY_LABELS, TARGET_CATEGORIES, type TargetCategory } from '../core/dataset/schema.ts';
import {
  CONTEXT_CHARS,
  lineAt,
  placeLabel,
  sectionLabel,
  type Paragraph,
  type ReportDocument,
  type Table,
  type TableRow,
} from './document.ts';
import { quarterLabel } from '../core/quarters.ts';
import { fieldAt } from '../core/dataset/catalogue.ts';
import { METRICS } from '../core/metrics/registry.ts';
import { isBlankCell, parseNumber } from './numbers.ts';

export type FactUnit = 'amount' | 'percent' | 'count' | 'score';

export interface Fact {
  key: string;
  value: Decimal;
  /** As printed, with its unit: "3,224.00万元", "0.40 元", "80.85%". */
  raw: string;
  places: number;
  unit: FactUnit;
  /** 万元, 元, 亿元 for amounts as printed. */
  printedUnit?: string;
  line: number;
  /** Readable location: "第 92 行，表 1-2「合计」行「年初预算数」列". */
  where: string;
  section: string;
  source: 'text' | 'table';
  table?: string;
  row?: string;
  column?: string;
  /** Facts read from the same table row or the same sentence share a group. */
  group: string;
}

export interface TargetRow {
  category: string;
  name: string;
  target: string;
  actual?: string;
  line: number;
  where: string;
}

export interface ScoringRow {
  code: string;
  name: string;
  weight?: string;
  score: string;
  line: number;
  where: string;
}

export interface Extraction {
  year: number | null;
  department: string | null;
  facts: Fact[];
  targets: TargetRow[];
  /** Actual values from a completion table (表 2-3), by target name. */
  actuals: TargetRow[];
  scoring: ScoringRow[];
  scoringTotal?: { score: string; line: number; where: string };
  /**
   * The targets table was read from a text layer's column layout (a PDF, or a text file aligned with
   * spaces): a merged category cell sits on whichever line its block is centred on, so which category a
   * row belongs to is not known, and counts per category are not derived from it.
   */
  targetsFromLayout?: boolean;
  /** Tables recognised, by kind, for the list of what was read. */
  tablesRead: { kind: string; where: string }[];
}

// ---------------------------------------------------------------------------------------------
// Keys and labels

export const CATEGORY_KEYS = ['personnel', 'publicOperating', 'project', 'basic', 'total'] as const;
const CATEGORY_ZH: Record<string, string> = {
  ...SPENDING_CATEGORY_LABELS,
  basic: '基本支出',
  total: '合计',
};
const STAGE_ZH: Record<string, string> = {
  initial: '年初预算',
  priorYear: '上年预算',
  adjusted: '调整预算',
  adjustment: '预算调整金额',
  yoyChange: '较上年变动金额',
  yoyRate: '较上年变动率',
  adjustmentRate: '调整率',
};
const ASSET_ZH: Record<string, string> = {
  fixedTotal: '固定资产',
  building: '房屋和构筑物',
  equipment: '设备',
  vehicle: '车辆',
  furniture: '家具、用具',
  intangibleTotal: '无形资产',
  software: '计算机软件',
  allTotal: '资产合计',
};
const ASSET_FIELD_ZH: Record<string, string> = {
  count: '数量',
  original: '原值',
  inUse: '在用原值',
  inUseCount: '在用数量',
  rate: '利用率',
};
const TP_ZH: Record<string, string> = {
  total: '“三公”经费',
  outbound: '因公出国（境）费',
  reception: '公务接待费',
  vehicle: '公务用车购置及运行维护费',
  vehiclePurchase: '公务用车购置费',
  vehicleOperation: '公务用车运行维护费',
};
/**
 * Labels of the checker's own fact keys, those that are neither a dataset field nor a metric; a key
 * that is one takes its label from the metric declaration or the field catalogue (keyLabel).
 */
const CHECKER_LABELS: Record<string, string> = {
  'transfer.item': '预算调剂（单笔）',
  'staff.posts.civil': '参照公务员法管理人员编制数',
  'staff.posts.worker': '工勤人员编制数',
  'threePublic.controlRate': '“三公”经费控制率',
  'score.total': '自评总分',
  'execution.averageScore': '全年平均执行率得分',
  'execution.totalScore': '预算执行率总分',
};

export function keyLabel(key: string): string {
  if (CHECKER_LABELS[key]) return CHECKER_LABELS[key]!;
  let m = key.match(/^budget\.(\w+)\.(\w+)$/);
  if (m) return `${STAGE_ZH[m[1]!] ?? m[1]}·${CATEGORY_ZH[m[2]!] ?? m[2]}`;
  m = key.match(/^share\.(.+)$/);
  if (m) return `${keyLabel(m[1]!)}占比`;
  m = key.match(/^assets\.(\w+)\.(\w+)$/);
  if (m) return `${ASSET_ZH[m[1]!] ?? m[1]}${ASSET_FIELD_ZH[m[2]!] ?? m[2]}`;
  m = key.match(/^threePublic\.(budget|adjusted|actual|rate)\.(\w+)$/);
  if (m) {
    const stage = { budget: '预算安排数', adjusted: '全年预算数', actual: '实际支出数', rate: '控制率' }[
      m[1]!
    ];
    return `${TP_ZH[m[2]!] ?? m[2]}${stage}`;
  }
  m = key.match(/^execution\.q(\d)\.(\w+)$/);
  if (m) {
    const f = { cumulative: '累计执行数', schedule: '序时进度金额', rate: '累计执行率', score: '得分' }[
      m[2]!
    ];
    return `${quarterLabel(Number(m[1]))}${f ?? m[2]}`;
  }
  m = key.match(/^targets\.(count|quantCount|share)\.(.+)$/);
  if (m) {
    const f = { count: '指标个数', quantCount: '定量指标个数', share: '量化指标占比' }[m[1]!];
    return `${m[2] === 'total' ? '全部' : m[2]}${f}`;
  }
  m = key.match(/^indicatorText\.([\w-]+)\.(\w+)$/);
  if (m) return `正文所写指标“${m[1]}”${{ score: '得分', weight: '满分', lost: '扣分' }[m[2]!] ?? m[2]}`;
  // A metric or a dataset field the patterns above do not name: its declared label.
  return METRICS[key]?.label ?? fieldAt(key)?.label ?? key;
}

// ---------------------------------------------------------------------------------------------
// Tables

interface Columns {
  header: string[];
  data: TableRow[];
}

/** Header rows are those before the first row with a figure after its first cell. */
function splitHeader(t: Table): Columns {
  const firstData = t.rows.findIndex((r) => r.cells.slice(1).some((c) => parseNumber(c) !== null));
  const headRows = firstData < 0 ? t.rows : t.rows.slice(0, firstData);
  const width = Math.max(...t.rows.map((r) => r.cells.length));
  const header: string[] = [];
  for (let j = 0; j < width; j++) {
    header.push(
      headRows
        .map((r) => r.cells[j] ?? '')
        .filter(Boolean)
        .join(' ')
        .replace(/\s+/g, ''),
    );
  }
  return { header, data: firstData < 0 ? [] : t.rows.slice(firstData) };
}

function cellText(row: TableRow, j: number): string | undefined {
  return row.cells[j];
}

function rowLabel(row: TableRow): string {
  return (row.cells.find((c) => c.trim()) ?? '').replace(/\s+/g, '');
}

interface TableContext {
  doc: ReportDocument;
  table: Table;
  year: number | null;
  out: Fact[];
}

function pushCell(
  ctx: TableContext,
  key: string,
  row: TableRow,
  col: string,
  text: string | undefined,
  unit: FactUnit,
) {
  if (isBlankCell(text)) return;
  const v = parseNumber(text!);
  if (v === null) return;
  const t = ctx.table;
  const label = rowLabel(row);
  const tableName = t.number ?? '表格';
  const printedUnit = unit === 'amount' ? (t.unit ?? '万元') : undefined;
  const value = printedUnit === '元' ? v.dividedBy(10000) : printedUnit === '亿元' ? v.times(10000) : v;
  ctx.out.push({
    key,
    value,
    raw: `${text!.trim()}${unit === 'percent' && !text!.includes('%') ? '' : ''}`,
    places: publishedPlaces(text!),
    unit,
    ...(printedUnit ? { printedUnit } : {}),
    line: row.line,
    where: `${placeLabel(ctx.doc.source, row.line)}，${tableName}「${label}」行「${col}」列`,
    section: sectionLabel(t.section),
    source: 'table',
    table: tableName,
    row: label,
    column: col,
    group: `row:${row.line}`,
  });
}

function categoryOfLabel(label: string): string | null {
  if (/^其中/.test(label)) return null;
  if (/合计|总计/.test(label)) return 'total';
  if (/基本支出/.test(label)) return 'basic';
  if (/人员(支出|经费)/.test(label)) return 'personnel';
  if (/日常公用/.test(label)) return null;
  if (/公用(支出|经费)/.test(label)) return 'publicOperating';
  if (/项目支出/.test(label)) return 'project';
  return null;
}

function budgetColumn(h: string, year: number | null, hasPrior: boolean): string | null {
  if (!h || /原因|说明|备注/.test(h)) return null;
  if (/率|比例/.test(h)) return /调整|增减/.test(h) ? 'adjustmentRate' : 'yoyRate';
  const y = h.match(/(\d{4})年/);
  if (y && year !== null && /预算/.test(h)) {
    if (Number(y[1]) === year) return 'initial';
    if (Number(y[1]) === year - 1) return 'priorYear';
  }
  if (/上年/.test(h)) return 'priorYear';
  if (/年初/.test(h) || /本年预算/.test(h)) return 'initial';
  if (/增减|调增|调减|调整金额|调整数额/.test(h)) return 'adjustment';
  if (/调整(后)?预算|全年预算|调整数$/.test(h)) return 'adjusted';
  if (/变动|增长额|增减额/.test(h)) return hasPrior ? 'yoyChange' : 'adjustment';
  return null;
}

function readBudgetTable(ctx: TableContext, cols: Columns): boolean {
  const cats = cols.data.map((r) => categoryOfLabel(rowLabel(r)));
  if (new Set(cats.filter((c) => c && c !== 'total' && c !== 'basic')).size < 2) return false;
  if (cols.data.some((r) => /三公/.test(rowLabel(r)))) return false;
  const hasPrior = cols.header.some((h) => budgetColumn(h, ctx.year, false) === 'priorYear');
  const concepts = cols.header.map((h, j) => (j === 0 ? null : budgetColumn(h, ctx.year, hasPrior)));
  if (!concepts.some(Boolean)) return false;
  cols.data.forEach((row, i) => {
    const cat = cats[i];
    if (!cat) return;
    concepts.forEach((c, j) => {
      if (!c) return;
      const unit: FactUnit = /Rate$/.test(c) ? 'percent' : 'amount';
      const key = c === 'adjustment' ? `budget.adjustment.${cat}` : `budget.${c}.${cat}`;
      pushCell(ctx, key, row, cols.header[j]!, cellText(row, j), unit);
    });
  });
  return true;
}

function threePublicRow(label: string): string | null {
  if (/三公/.test(label)) return 'total';
  if (/出国/.test(label)) return 'outbound';
  if (/接待/.test(label)) return 'reception';
  if (/用车/.test(label) && /购置/.test(label) && /运行/.test(label)) return 'vehicle';
  if (/用车.*购置|购置.*用车/.test(label)) return 'vehiclePurchase';
  if (/用车.*运行|运行维护/.test(label)) return 'vehicleOperation';
  if (/公用经费/.test(label)) return 'daily';
  return null;
}

function readThreePublicTable(ctx: TableContext, cols: Columns): boolean {
  if (!cols.data.some((r) => /三公/.test(rowLabel(r)))) return false;
  const concepts = cols.header.map((h, j) => {
    if (j === 0) return null;
    if (/率/.test(h)) return 'rate';
    if (/实际|决算|支出数/.test(h)) return 'actual';
    if (/全年预算|调整预算|调整后/.test(h)) return 'adjusted';
    if (/预算|安排/.test(h)) return 'budget';
    return null;
  });
  for (const row of cols.data) {
    const item = threePublicRow(rowLabel(row));
    if (!item) continue;
    concepts.forEach((c, j) => {
      if (!c) return;
      const unit: FactUnit = c === 'rate' ? 'percent' : 'amount';
      let key: string;
      if (item === 'daily') {
        key = {
          budget: 'dailyOperating.initialBudget',
          adjusted: 'dailyOperating.adjustedBudget',
          actual: 'dailyOperating.actual',
          rate: 'dailyOperating.controlRate',
        }[c];
      } else if (c === 'rate' && item === 'total') key = 'threePublic.controlRate';
      else key = `threePublic.${c}.${item}`;
      pushCell(ctx, key, row, cols.header[j]!, cellText(row, j), unit);
    });
  }
  return true;
}

function assetRow(label: string): string | null {
  if (/合计|总计/.test(label)) return 'allTotal';
  if (/无形资产/.test(label)) return 'intangibleTotal';
  if (/软件/.test(label)) return 'software';
  if (/车辆/.test(label)) return 'vehicle';
  if (/土地|房屋/.test(label)) return 'building';
  if (/设备/.test(label)) return 'equipment';
  if (/家具/.test(label)) return 'furniture';
  if (/固定资产/.test(label)) return 'fixedTotal';
  return null;
}

function readAssetTable(ctx: TableContext, cols: Columns): boolean {
  const rows = cols.data.map((r) => assetRow(rowLabel(r)));
  if (!rows.includes('fixedTotal') && rows.filter(Boolean).length < 3) return false;
  if (!cols.header.some((h) => /原值|账面/.test(h))) return false;
  const concepts = cols.header.map((h, j) => {
    if (j === 0) return null;
    if (/数量/.test(h)) return 'count';
    if (/利用率|率/.test(h)) return 'rate';
    if (/在用/.test(h)) return 'inUse';
    if (/原值|账面/.test(h)) return 'original';
    return null;
  });
  cols.data.forEach((row, i) => {
    const cls = rows[i];
    if (!cls) return;
    concepts.forEach((c, j) => {
      if (!c) return;
      const unit: FactUnit = c === 'rate' ? 'percent' : c === 'count' ? 'count' : 'amount';
      pushCell(ctx, `assets.${cls}.${c}`, row, cols.header[j]!, cellText(row, j), unit);
    });
  });
  return true;
}

const QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

function readExecutionTable(ctx: TableContext, cols: Columns): boolean {
  const quarters = cols.data.map((r) => rowLabel(r).match(/^(?:第)?([一二三四1-4])\s*季度/)?.[1]);
  if (quarters.filter(Boolean).length < 2) return false;
  const concepts = cols.header.map((h, j) => {
    if (j === 0) return null;
    if (/累计执行|累计支出|执行数|支出数/.test(h)) return 'cumulative';
    if (/序时/.test(h)) return 'schedule';
    if (/执行率|支出进度|进度/.test(h)) return 'rate';
    if (/得分|分数/.test(h)) return 'score';
    return null;
  });
  cols.data.forEach((row, i) => {
    const q = quarters[i] ? QUARTER[quarters[i]!] : undefined;
    const label = rowLabel(row);
    if (q) {
      concepts.forEach((c, j) => {
        if (!c) return;
        const unit: FactUnit = c === 'rate' ? 'percent' : c === 'score' ? 'score' : 'amount';
        pushCell(ctx, `execution.q${q}.${c}`, row, cols.header[j]!, cellText(row, j), unit);
      });
      return;
    }
    const lastNum = [...row.cells].reverse().find((c) => parseNumber(c) !== null);
    if (/平均/.test(label)) pushCell(ctx, 'execution.averageScore', row, '得分', lastNum, 'score');
    else if (/总分|合计/.test(label)) pushCell(ctx, 'execution.totalScore', row, '得分', lastNum, 'score');
  });
  return true;
}

/** A target category as the dataset names it (TARGET_CATEGORIES), from a cell such as “可持续影响” or “数量”. */
export function normalizeTargetCategory(s: string): TargetCategory | null {
  const t = s.replace(/\s+/g, '');
  for (const c of TARGET_CATEGORIES) if (t.includes(c.replace(/指标$/, ''))) return c;
  // “可持续指标”, “可持续发展指标”: the one category that begins with 可持续.
  if (t.includes('可持续')) return TARGET_CATEGORIES.find((c) => c.startsWith('可持续')) ?? null;
  return null;
}

function readTargetsTable(ctx: TableContext, cols: Columns, ex: Extraction): boolean {
  const h = cols.header;
  const value = h.findIndex((x) => /^(年度)?(指标值|目标值)/.test(x));
  const name = h.findIndex((x) => /三级指标|指标名称|绩效指标$/.test(x));
  if (value < 0 || name < 0) return false;
  const cat = h.findIndex((x) => /二级指标|类别|指标类型/.test(x));
  const actual = h.findIndex((x) => /实际|完成值|完成情况/.test(x));
  // Data rows: every row after the header rows (target values are often not figures).
  const headerRows = ctx.table.rows.findIndex((r) => r.cells.some((c) => /指标值|目标值/.test(c))) + 1;
  if (ctx.doc.source.kind === 'pdf' || !ctx.doc.source.lines.some((l) => l.includes('\t')))
    ex.targetsFromLayout = true;
  let current = '';
  const list = actual >= 0 ? ex.actuals : ex.targets;
  const from = list.length;
  for (const row of ctx.table.rows.slice(headerRows)) {
    const c = cat >= 0 ? (row.cells[cat] ?? '').trim() : '';
    if (!isBlankCell(c)) current = normalizeTargetCategory(c) ?? c;
    const n = (row.cells[name] ?? '').replace(/\s+/g, '');
    const v = (row.cells[value] ?? '').trim();
    if (!n || !v) continue;
    list.push({
      category: current,
      name: n,
      target: v,
      ...(actual >= 0 && row.cells[actual]?.trim() ? { actual: row.cells[actual]!.trim() } : {}),
      line: row.line,
      where: `${placeLabel(ctx.doc.source, row.line)}，${ctx.table.number ?? '表格'}「${n}」行`,
    });
  }
  // A merged category cell read from a text layer sits on the middle line of its block: the rows above
  // the first label take that label (which rows belong to which category is not known: see
  // targetsFromLayout).
  const first = list.slice(from).find((t) => t.category);
  for (const t of list.slice(from)) {
    if (t.category) break;
    t.category = first?.category ?? '';
  }
  return true;
}

function readShareTable(ctx: TableContext, cols: Columns): boolean {
  const h = cols.header;
  const count = h.findIndex((x) => /总个数|指标个数|指标数/.test(x) && !/定量/.test(x));
  const quant = h.findIndex((x) => /定量|量化指标个数/.test(x) && !/占比/.test(x));
  const share = h.findIndex((x) => /占比/.test(x));
  if (count < 0 || quant < 0) return false;
  for (const row of cols.data) {
    const label = rowLabel(row);
    const c = /合计|总计/.test(label) ? 'total' : normalizeTargetCategory(label);
    if (!c) continue;
    pushCell(ctx, `targets.count.${c}`, row, h[count]!, row.cells[count], 'count');
    pushCell(ctx, `targets.quantCount.${c}`, row, h[quant]!, row.cells[quant], 'count');
    if (share >= 0) pushCell(ctx, `targets.share.${c}`, row, h[share]!, row.cells[share], 'percent');
  }
  return true;
}

export function frameworkLeaves(fw: Framework): IndicatorNode[] {
  const out: IndicatorNode[] = [];
  const walk = (n: IndicatorNode) => (n.children?.length ? n.children.forEach(walk) : out.push(n));
  fw.indicators.forEach(walk);
  return out;
}

const compact = (s: string) => s.replace(/[\s“”"'‘’]/g, '');

function readScoringTable(ctx: TableContext, ex: Extraction, fw: Framework | undefined): boolean {
  const t = ctx.table;
  const isScoring = t.rows.some((r) => r.cells.some((c) => /自评得分|评分标准/.test(c)));
  if (!isScoring || !fw) return false;
  const leaves = frameworkLeaves(fw).map((n) => ({ n, name: compact(n.name) }));
  for (const row of t.rows) {
    const cells = row.cells.map(compact);
    const nums = cells.filter((c) => /^\d+(\.\d+)?$/.test(c));
    if (cells.some((c) => /^(综合评分|总分|合计)$/.test(c)) && nums.length) {
      ex.scoringTotal = {
        score: nums[nums.length - 1]!,
        line: row.line,
        where: `${placeLabel(ctx.doc.source, row.line)}，附表「综合评分」行`,
      };
      continue;
    }
    let hit: { n: IndicatorNode; j: number; weight?: string } | null = null;
    for (let j = 0; j < cells.length && !hit; j++) {
      for (const l of leaves) {
        if (cells[j]!.startsWith(l.name)) {
          const rest = cells[j]!.slice(l.name.length);
          const weight = /^\d+(\.\d+)?$/.test(rest)
            ? rest
            : /^\d+(\.\d+)?$/.test(cells[j + 1] ?? '')
              ? cells[j + 1]
              : undefined;
          hit = { n: l.n, j, ...(weight ? { weight } : {}) };
          break;
        }
      }
    }
    if (!hit) continue;
    const after = cells.slice(hit.j + 1);
    const scoreCell = [...after].reverse().find((c) => /^\d+\.\d+$/.test(c) || /^\d+$/.test(c));
    if (!scoreCell) continue;
    ex.scoring.push({
      code: hit.n.code,
      name: hit.n.name,
      ...(hit.weight ? { weight: hit.weight } : {}),
      score: scoreCell,
      line: row.line,
      where: `${placeLabel(ctx.doc.source, row.line)}，附表「${hit.n.name}」行`,
    });
  }
  return ex.scoring.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Sentences

const TOKEN =
  /(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万元|亿元|元|%|分|人次|个|家|人|名|件|项|次|宗|台|辆|批|年|月|日|天|篇|号)?/g;
const BOUNDARY = /[，,；;：:。（(、！？]/;

interface Token {
  value: Decimal;
  text: string;
  unit: string;
  start: number;
  end: number;
}

function tokensOf(s: string): Token[] {
  const out: Token[] = [];
  for (const m of s.matchAll(TOKEN)) {
    const start = m.index!;
    const prev = s[start - 1] ?? '';
    if (/[\d.]/.test(prev)) continue;
    out.push({
      value: new Decimal(m[1]!.replace(/,/g, '')),
      text: m[1]!,
      unit: m[2] ?? '',
      start,
      end: start + m[0].length,
    });
  }
  return out;
}

function isThreshold(s: string, tok: Token): boolean {
  const before = s.slice(Math.max(0, tok.start - 3), tok.start).replace(/[\s“”"]/g, '');
  const after = s.slice(tok.end, tok.end + 3).replace(/[\s“”"]/g, '');
  return (
    /[<>≤≥＜＞×]$|不超过$|不少于$|不低于$|超过$|低于$/.test(before) ||
    /^[<>≤≥＜＞]|^(以下|以上|以内)/.test(after)
  );
}

function cat(label: string): string | null {
  if (/日常公用/.test(label)) return null;
  if (/人员(支出|经费)/.test(label)) return 'personnel';
  if (/公用(支出|经费)/.test(label)) return 'publicOperating';
  if (/基本支出/.test(label)) return 'basic';
  if (/项目支出/.test(label)) return 'project';
  return null;
}

function lastOf(text: string, patterns: Record<string, RegExp>): string | null {
  let best: string | null = null;
  let at = -1;
  for (const [name, re] of Object.entries(patterns)) {
    const g = new RegExp(re.source, 'g');
    for (const m of text.matchAll(g)) {
      if (m.index! >= at) {
        at = m.index!;
        best = name;
      }
    }
  }
  return best;
}

const ASSET_CLASSES: Record<string, RegExp> = {
  fixedTotal: /固定资产/,
  intangibleTotal: /无形资产/,
  building: /房屋|土地/,
  equipment: /设备/,
  vehicle: /车辆/,
  furniture: /家具/,
  software: /软件/,
};

interface SentenceCtx {
  label: string;
  before: string;
  after: string;
  /** The sentence speaks of fixed assets / of monitoring (tested once per sentence, not per figure). */
  aboutAssets: boolean;
  aboutMonitoring: boolean;
  unit: string;
  prevKey: string | null;
}

function classifyAmount(c: SentenceCtx): { key: string; sign?: number } | null {
  const { label: L, before: B, after: A } = c;
  if (/三公/.test(L)) {
    if (/实际|支出数|支出/.test(L) && !/预算/.test(L)) return { key: 'threePublic.actual.total' };
    return { key: 'threePublic.budget.total' };
  }
  const tp = threePublicRow(L);
  if (tp && tp !== 'total' && tp !== 'daily') {
    const stage = lastOf(B, { budget: /预算|安排/, actual: /实际支出|实际|决算/ });
    return stage ? { key: `threePublic.${stage}.${tp}` } : null;
  }
  if (/日常公用经费/.test(L)) {
    if (/实际|决算/.test(L)) return { key: 'dailyOperating.actual' };
    if (/调整/.test(L)) return { key: 'dailyOperating.adjustedBudget' };
    return { key: 'dailyOperating.initialBudget' };
  }
  if (
    /^(实际支出|决算数|支出数)/.test(L) &&
    lastOf(B, { pub: /公用经费/, other: /三公|人员经费|项目支出|采购/ }) === 'pub'
  )
    return { key: 'dailyOperating.actual' };
  if (/采购/.test(L)) {
    if (/计划/.test(L)) return { key: 'procurement.planned' };
    if (/实际/.test(L)) return { key: 'procurement.actual' };
    return null;
  }
  if (/^调剂(到|至)/.test(A)) return { key: 'transfer.item' };
  if (/调整、?调剂资金累计$/.test(B)) return { key: 'adjustmentsAndTransfers.gross' };
  if (/调剂/.test(B) && /合计|共计|总额|金额/.test(L)) return { key: 'transfers.total' };
  if (/二级项目/.test(L)) {
    if (/支出数|执行数|实际/.test(L)) return { key: 'projects.executed' };
    if (/预算|金额/.test(L)) return { key: 'projects.adjustedBudget' };
  }
  if (c.aboutAssets && /原值/.test(L)) {
    const cls = lastOf(B, ASSET_CLASSES);
    // “实际在用固定资产原值 15,334.22万元” is the value in use, not the original value of all assets.
    return cls ? { key: `assets.${cls}.${/在用/.test(L) ? 'inUse' : 'original'}` } : null;
  }
  const sign = /调减|减少|收回|核减|压减/.test(L) ? -1 : /调增|追加|增加/.test(L) ? 1 : 0;
  if (sign && /相比|较上年|比上年|同比|较\d{4}年/.test(L)) return { key: 'budget.yoyChange.total', sign };
  if (sign && /调|收回|追加/.test(L)) {
    const k = cat(L);
    if (k) return { key: `budget.adjustment.${k}`, sign };
    if (/总规模|预算总额|总预算/.test(L)) return { key: 'budget.adjustment.total', sign };
    return null;
  }
  if (/调整为|调整后|调整预算/.test(L)) {
    const k = cat(L);
    if (k) return { key: `budget.adjusted.${k}` };
    // The whole budget, not one project's: “预算总规模调整为”, “部门预算调整为”, “全年预算调整后为”.
    if (/总规模|预算总额|总预算|部门(支出)?预算|单位(支出)?预算|全年预算/.test(L))
      return { key: 'budget.adjusted.total' };
    return null;
  }
  if (/年度预算金额|全年预算(金额|数|总额)?$/.test(L)) return { key: 'budget.adjusted.total' };
  if (/(执行数|支出数)$/.test(L) && /全年|年度/.test(L)) return { key: 'execution.q4.cumulative' };
  if (/年初预算/.test(L) && !cat(L)) {
    const whole =
      /部门|单位|总/.test(L) ||
      /^(较|比)?年初预算(收入|数|总额|合计)?(为|是)?$/.test(L.replace(/^\d{4}年度?/, ''));
    return whole && !/项目/.test(L) ? { key: 'budget.initial.total' } : null;
  }
  const k = cat(L);
  if (k) {
    const stage = lastOf(B, {
      initial: /年初预算/,
      adjusted: /调整为|调整后|调整预算|全年预算/,
      priorYear: /上年预算/,
    });
    if (stage) return { key: `budget.${stage}.${k}` };
  }
  return null;
}

function classifyRate(c: SentenceCtx): { key: string; sign?: number } | null {
  const L = c.label;
  if (/政府采购执行率/.test(L)) return { key: 'procurement.rate' };
  if (/三公/.test(L) && /控制率/.test(L)) return { key: 'threePublic.controlRate' };
  if (/公用经费控制率/.test(L)) return { key: 'dailyOperating.controlRate' };
  if (/财政供养人员控制率/.test(L)) return { key: 'staff.fundedControlRate' };
  if (/编外人员控制率/.test(L)) return { key: 'staff.extraStaffRate' };
  if (/固定资产利用率/.test(L)) return { key: 'assets.fixedTotal.rate' };
  if (/项目执行率/.test(L)) return { key: 'projects.executionRate' };
  if (/调整比例|调整比率|调整幅度/.test(L)) return { key: 'adjustments.netRatio' };
  if (/(定量|量化)指标占比/.test(L) && !/上年/.test(L)) return { key: 'targets.share.total' };
  if (/^占.*预算总规模/.test(L) && /调剂资金累计/.test(c.before))
    return { key: 'adjustmentsAndTransfers.grossRatio' };
  if (/^占比/.test(L) && c.prevKey && /^budget\.(adjusted|initial)\./.test(c.prevKey))
    return { key: `share.${c.prevKey}` };
  if (/增加|增长|减少|下降/.test(L) && /相比\d{4}年|较上年|比上年|同比/.test(c.before))
    return { key: 'budget.yoyRate.total', sign: /减少|下降/.test(L) ? -1 : 1 };
  if (/执行率$/.test(L) && /全年|年度/.test(L)) return { key: 'execution.q4.rate' };
  return null;
}

function classifyCount(c: SentenceCtx): { key: string } | null {
  const { label: L, after: A, unit: U } = c;
  if (/核定编制/.test(L)) return { key: 'staff.authorizedPosts' };
  if (/参照公务员|参公/.test(L)) return { key: 'staff.posts.civil' };
  if (/工勤/.test(L)) return { key: 'staff.posts.worker' };
  if (/在编人数|在编人员/.test(L)) return { key: 'staff.staffInPost' };
  if (/编外人员/.test(L) && /名|人/.test(U)) return { key: 'staff.extraStaff' };
  if (U === '个' || U === '') {
    if (/运行良好/.test(L)) return { key: 'projects.monitoredRunningWell' };
    if (/新增/.test(L) && /^(个)?项目/.test(A)) return { key: 'projects.newProjects' };
    if (c.aboutMonitoring && /^(预算)?项目/.test(A) && !/^项目[（(]含/.test(A))
      return { key: 'projects.monitored' };
    if (/项目共$/.test(L) || /^(纳入[^，。]{0,12})?二级项目/.test(A) || /^项目[（(]含/.test(A))
      return { key: 'projects.count' };
  }
  if (/受理/.test(L) && /件|宗/.test(U)) return { key: 'petitions.received' };
  if (c.aboutAssets && /件|辆|台|个/.test(U)) {
    const cls = lastOf(c.before, ASSET_CLASSES);
    if (!cls) return null;
    return { key: `assets.${cls}.${/在用/.test(L) ? 'inUseCount' : 'count'}` };
  }
  return null;
}

function readParagraph(
  doc: ReportDocument,
  p: Paragraph,
  pi: number,
  out: Fact[],
  fw: Framework | undefined,
) {
  if (p.heading) return;
  const text = p.text;
  const sentences: { start: number; end: number }[] = [];
  let s0 = 0;
  for (let i = 0; i < text.length; i++) {
    if (/[。！？]/.test(text[i]!)) {
      sentences.push({ start: s0, end: i + 1 });
      s0 = i + 1;
    }
  }
  if (s0 < text.length) sentences.push({ start: s0, end: text.length });
  const named = { upTo: 0, last: new Map<string, [number, number]>() };
  sentences.forEach((sent, si) => {
    const S = text.slice(sent.start, sent.end);
    const group = `para:${pi}:${si}`;
    const tokens = tokensOf(S);
    const aboutAssets = /固定资产|资产原值/.test(S);
    const aboutMonitoring = /监控/.test(S);
    let prevEnd = 0;
    let prevKey: string | null = null;
    let list: { keys: string[]; i: number } | null = null;
    const push = (tok: Token, key: string, unit: FactUnit, sign = 1) => {
      const printedUnit = unit === 'amount' ? tok.unit : undefined;
      let value = tok.value.times(sign);
      if (printedUnit === '元') value = value.dividedBy(10000);
      if (printedUnit === '亿元') value = value.times(10000);
      const line = lineAt(p, sent.start + tok.start);
      out.push({
        key,
        value,
        raw: S.slice(tok.start, tok.end).trim(),
        places: publishedPlaces(tok.text),
        unit,
        ...(printedUnit ? { printedUnit } : {}),
        line,
        where: `${placeLabel(doc.source, line)}（正文${p.section.length ? `，${p.section[p.section.length - 1]!.text}` : ''}）`,
        section: sectionLabel(p.section),
        source: 'text',
        group,
      });
      prevKey = key;
    };
    for (const tok of tokens) {
      // What a figure is read from: the sentence before it, at most CONTEXT_CHARS back.
      const pre = S.slice(Math.max(0, tok.start - CONTEXT_CHARS), tok.start);
      const from = Math.max(0, prevEnd - (tok.start - pre.length));
      let b = from;
      for (let i = pre.length - 1; i >= from; i--) {
        if (BOUNDARY.test(pre[i]!)) {
          b = i + 1;
          break;
        }
      }
      const label = pre.slice(b).replace(/[\s“”"‘’]/g, '');
      const after = S.slice(tok.end, tok.end + 20).replace(/^\s+/, '');
      const isYear =
        /^(19|20)\d{2}$/.test(tok.text) &&
        (tok.unit === '年' || /^年/.test(after) || /^[\s]*基层/.test(after));
      if (isYear || ['年', '月', '日', '天', '号'].includes(tok.unit)) continue;
      prevEnd = tok.end;
      if (isThreshold(S, tok)) continue;
      const ctx: SentenceCtx = {
        label,
        before: pre.replace(/[\s“”"‘’]/g, ''),
        after,
        aboutAssets,
        aboutMonitoring,
        unit: tok.unit,
        prevKey,
      };
      if (list && tok.unit === '%' && /^(和|及|与|、)?$/.test(label)) {
        const key = list.keys[list.i++];
        if (key) push(tok, key, 'percent');
        if (list.i >= list.keys.length) list = null;
        continue;
      }
      list = null;
      if (tok.unit === '%') {
        if (/季度.*分别为$/.test(label) && /一至四|1-4|四个|各/.test(label)) {
          list = { keys: [1, 2, 3, 4].map((q) => `execution.q${q}.rate`), i: 0 };
          push(tok, list.keys[list.i++]!, 'percent');
          continue;
        }
        const r = classifyRate(ctx);
        if (r) push(tok, r.key, 'percent', r.sign ?? 1);
      } else if (['万元', '元', '亿元'].includes(tok.unit)) {
        const r = classifyAmount(ctx);
        if (r) push(tok, r.key, 'amount', r.sign ?? 1);
      } else if (tok.unit === '分') {
        if (/满意度/.test(label) && /得分/.test(label)) push(tok, 'satisfaction.score', 'score');
        else if (/评价评分$|综合评分$|总分$|自评总分为?$/.test(label) && !/满意度/.test(label))
          push(tok, 'score.total', 'score');
      } else {
        const r = classifyCount(ctx);
        if (r) push(tok, r.key, 'count');
      }
    }
    // Phrases that state a figure without its unit.
    const share = S.match(
      /(?:定量|量化)指标占比率?[^。%]{0,60}?(?:提高至|提升至)\s*[“"]?(\d+(?:\.\d+)?)[”"]?(?!\s*%|\d)/,
    );
    if (share) {
      const start = S.indexOf(share[1]!, share.index! + share[0].length - share[1]!.length - 3);
      const tok: Token = {
        value: new Decimal(share[1]!),
        text: share[1]!,
        unit: '%',
        start,
        end: start + share[1]!.length,
      };
      push(tok, 'targets.share.total', 'percent');
    }
    // “项目共13个，均已按时完成” (the seed) or “项目共31个，按计划时间完成25个” (jixiao's report).
    const done =
      S.match(/项目共\s*(\d+)\s*个[，,]?\s*(?:均已|全部)(?:按时|及时|按期)完成/) ??
      S.match(/项目共\s*\d+\s*个[，,]\s*按(?:计划时间|时|期)完成\s*(\d+)\s*个/);
    if (done) {
      const start = done.index! + done[0].lastIndexOf(done[1]!);
      push(
        { value: new Decimal(done[1]!), text: done[1]!, unit: '个', start, end: start + done[1]!.length },
        'projects.completedOnTime',
        'count',
      );
    }
    let lost = S.match(
      /得\s*(\d+(?:\.\d+)?)\s*分\s*[（(]满分\s*(\d+(?:\.\d+)?)\s*分[，,、]\s*扣\s*(\d+(?:\.\d+)?)\s*分/,
    );
    if (!lost) {
      // “……（……参考分值 6 分）自评得分 5.00 分，扣 1.00 分”
      const m = S.match(
        /参考分值\s*(\d+(?:\.\d+)?)\s*分[）)]\s*自评得分\s*(\d+(?:\.\d+)?)\s*分[，,]\s*扣\s*(\d+(?:\.\d+)?)\s*分/,
      );
      if (m) {
        lost = Object.assign([m[0], m[2]!, m[1]!, m[3]!], { index: m.index }) as unknown as RegExpMatchArray;
      }
    }
    if (lost && fw) {
      // The indicator named last before this point of the paragraph. Names hold no full stop, so each
      // sentence is searched once, in order, as far as needed (not the whole paragraph again each time).
      const names = frameworkLeaves(fw).map((n) => ({ code: n.code, name: compact(n.name) }));
      for (; named.upTo <= si; named.upTo++) {
        const hay = compact(text.slice(sentences[named.upTo]!.start, sentences[named.upTo]!.end));
        for (const n of names) {
          const i = hay.lastIndexOf(n.name);
          if (i >= 0) named.last.set(n.code, [named.upTo, i]);
        }
      }
      let code: string | null = null;
      let at: [number, number] = [-1, -1];
      for (const n of names) {
        const p = named.last.get(n.code);
        if (p && (p[0] > at[0] || (p[0] === at[0] && p[1] > at[1]))) {
          at = p;
          code = n.code;
        }
      }
      if (code) {
        const base = S.indexOf(lost[0]);
        const parts: [string, string][] = [
          ['score', lost[1]!],
          ['weight', lost[2]!],
          ['lost', lost[3]!],
        ];
        for (const [f, v] of parts) {
          const found = S.indexOf(v, base);
          const start = found < 0 ? base : found;
          push(
            { value: new Decimal(v), text: v, unit: '分', start, end: start + v.length },
            `indicatorText.${code}.${f}`,
            'score',
          );
        }
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------

/**
 * A paragraph that lists adjustments one by one (“调减公用经费0.33万元；……调减公用经费1.72万元”) states the
 * category's net adjustment only as their sum: merge the items of one category into one fact.
 */
function mergeItemizedAdjustments(facts: Fact[], start: number): void {
  const byKey = new Map<string, number[]>();
  for (let i = start; i < facts.length; i++) {
    const key = facts[i]!.key;
    if (!/^budget\.adjustment\.(personnel|publicOperating|project)$/.test(key)) continue;
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  }
  const drop = new Set<number>();
  for (const idx of byKey.values()) {
    if (idx.length < 2) continue;
    const items = idx.map((i) => facts[i]!);
    facts[idx[0]!] = {
      ...items[0]!,
      value: items.reduce((a, f) => a.plus(f.value), items[0]!.value.times(0)),
      raw: items.map((f) => f.raw).join(' + '),
      places: Math.max(...items.map((f) => f.places)),
    };
    idx.slice(1).forEach((i) => drop.add(i));
  }
  if (!drop.size) return;
  // Only this paragraph's facts move (rewriting the whole list for each paragraph was quadratic).
  const kept = facts.slice(start).filter((_, k) => !drop.has(start + k));
  facts.length = start;
  for (const f of kept) facts.push(f);
}

export function extract(doc: ReportDocument, fw?: Framework): Extraction {
  const ex: Extraction = {
    year: null,
    department: null,
    facts: [],
    targets: [],
    actuals: [],
    scoring: [],
    tablesRead: [],
  };
  const firstParas = doc.blocks.filter((b): b is Paragraph => b.kind === 'para').slice(0, 8);
  for (const p of firstParas) {
    const y = p.text.match(/((?:19|20)\d{2})\s*年度/);
    if (y && ex.year === null) ex.year = Number(y[1]);
    const d = p.text.match(/(?:部门|单位)名称(?:（公章）|\(公章\))?\s*[:：]\s*(\S+)/);
    if (d && !ex.department) ex.department = d[1]!;
  }
  doc.blocks.forEach((b, i) => {
    if (b.kind === 'para') {
      const start = ex.facts.length;
      readParagraph(doc, b, i, ex.facts, fw);
      mergeItemizedAdjustments(ex.facts, start);
      return;
    }
    const ctx: TableContext = { doc, table: b, year: ex.year, out: ex.facts };
    const cols = splitHeader(b);
    const where = `${b.number ?? '表格'}（${placeLabel(doc.source, b.line)}）`;
    const readers: [string, () => boolean][] = [
      ['评分表', () => readScoringTable(ctx, ex, fw)],
      ['绩效目标表', () => readTargetsTable(ctx, cols, ex)],
      ['定量指标占比表', () => readShareTable(ctx, cols)],
      ['“三公”经费、公用经费表', () => readThreePublicTable(ctx, cols)],
      ['预算按类别表', () => readBudgetTable(ctx, cols)],
      ['资产表', () => readAssetTable(ctx, cols)],
      ['预算执行表', () => readExecutionTable(ctx, cols)],
    ];
    for (const [kind, read] of readers) {
      if (read()) {
        ex.tablesRead.push({ kind, where });
        break;
      }
    }
  });
  return ex;
}
