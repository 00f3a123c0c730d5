/**
 * Checking a report already written: read its tables and sentences, rebuild what it can of the dataset,
 * and report every figure that disagrees — sums against parts, rates against operands, the same fact
 * stated twice, units, counts against the items listed, table numbering, the 附表 scores against the
 * framework's rules applied to the report's own figures, and points lost that 存在问题 never names.
 * Pure: a document in, findings and the list of what was checked and passed out.
 */
import { Decimal, fixed, sum } from '../core/decimal.ts';
import { parseDataset } from '../core/dataset/parse.ts';
import type { Dataset } from '../core/dataset/schema.ts';
import type { Framework, IndicatorNode, Rule } from '../core/framework/schema.ts';
import { runDatasetChecks } from '../core/checks/dataset.ts';
import { compare, halfUnit, publishedPlaces } from '../core/checks/tolerance.ts';
import { sortFindings, type Finding, type Passed } from '../core/checks/types.ts';
import { fieldPathLabel } from '../core/labels.ts';
import { score, leaves } from '../core/score.ts';
import {
  captionNumber,
  captionOf,
  placeLabel,
  sectionLabel,
  type Paragraph,
  type ReportDocument,
} from './document.ts';
import { extract, frameworkLeaves, type Extraction } from './facts.ts';
import { Model, checkFacts } from './model.ts';
import { checkBreakdowns, checkNarrativeCounts } from './narrative.ts';
import { checkCountBalance } from './published/narrative.ts';
import { checkProjectTables } from './projects.ts';

import { figureIndicators, rebuildDataset, type Rebuilt } from './rebuild.ts';

/** How the list of tables read names a project table (附表 2-n). */
export const PROJECT_TABLE_KIND = '项目支出绩效自评表';

export interface ReportCheckOptions {
  framework?: Framework | undefined;
}

export interface ReportCheckResult {
  file: string;
  /**
   * Whether anything of a self-evaluation report was found: its year (“XXXX 年度”) or department, a
   * table it knows, or a figure it reads. When not, no check ran, and “no problems found” would mislead.
   */
  recognised: boolean;
  kind: string;
  encoding?: string | undefined;
  year: number | null;
  department: string | null;
  findings: Finding[];
  passed: Passed[];
  /** What could not be checked, and why. */
  notChecked: string[];
  tablesRead: { kind: string; where: string }[];
  figuresRead: number;
  rebuilt: Rebuilt;
  extraction: Extraction;
}

type Outcome = { findings: Finding[]; passed: Passed[] };

const compact = (s: string) => s.replace(/[\s“”"'‘’]/g, '');

function paragraphs(doc: ReportDocument): Paragraph[] {
  return doc.blocks.filter((b): b is Paragraph => b.kind === 'para');
}

/** What a user is told when a file holds no report: what was looked for, and what to do. */
/**
 * Why nothing was checked. `tables`: the published 自评表 reader was tried too (`jixiao check`), so the
 * message names what it looked for as well.
 */
export function notRecognisedMessage(res: Pick<ReportCheckResult, 'encoding'>, tables = false): string {
  return [
    tables
      ? '未识别到自评报告或绩效自评表：文件中没有找到报告的年度（“XXXX 年度”）、部门名称、可识别的表格（预算表、绩效目标表、评分表，“年初预算数 / 全年预算数 / 全年执行数”的项目资金表，“一级指标 / 三级指标 / 分值 / 得分”的指标表）、自评表标题或可核对的数字，未做任何核对。'
      : '未识别到自评报告：文件中没有找到报告的年度（“XXXX 年度”）、部门名称、可识别的表格（预算表、绩效目标表、评分表等）或可核对的数字，未做任何核对。',
    res.encoding === 'GB18030'
      ? '文件按 GB18030 解码；如果它是繁体 Big5 或其他编码，请另存为 UTF-8 后再核对。'
      : tables
        ? '请确认文件是部门整体支出绩效自评报告，或项目支出、部门整体支出绩效自评表（.docx、.xlsx、.html、.txt 或 .pdf）。'
        : '请确认文件是部门整体支出绩效自评报告（.docx、.txt 或 .pdf）。',
  ].join('\n');
}

/** Table numbers: each used once, in order within its chapter; every “见表 X-Y” exists. */
export function checkTableNumbering(doc: ReportDocument): Outcome {
  const findings: Finding[] = [];
  const passed: Passed[] = [];
  const seen = new Map<string, number>();
  let prev: [number, number] | null = null;
  for (const p of paragraphs(doc)) {
    const m = captionOf(p.text);
    if (!m) continue;
    const num = captionNumber(m);
    const where = `${placeLabel(doc.source, p.line)}（${num} ${m[3]!.trim()}）`;
    // Numbered per chapter ("表 1-2") or straight through ("表 3", read as chapter 0).
    const cur: [number, number] = m[2] ? [Number(m[1]), Number(m[2])] : [0, Number(m[1])];
    if (seen.has(num)) {
      findings.push({
        code: 'report.tableNumber',
        severity: 'error',
        path: where,
        message: `表格编号“${num}”重复：${placeLabel(doc.source, seen.get(num)!)} 已用过同一编号`,
        stated: num,
        ...(prev ? { expected: prev[0] ? `表 ${prev[0]}-${prev[1] + 1}` : `表 ${prev[1] + 1}` } : {}),
        location: { line: p.line, section: sectionLabel(p.section), table: num },
      });
    } else {
      const expected =
        prev === null
          ? null
          : cur[0] === prev[0]
            ? [prev[0], prev[1] + 1]
            : cur[0] > prev[0]
              ? [cur[0], 1]
              : null;
      if (prev && (!expected || expected[0] !== cur[0] || expected[1] !== cur[1]))
        findings.push({
          code: 'report.tableNumber',
          severity: 'warning',
          path: where,
          message: `表格编号不连续：上一张为“${prev[0] ? `表 ${prev[0]}-${prev[1]}` : `表 ${prev[1]}`}”，此处为“${num}”`,
          stated: num,
          location: { line: p.line, section: sectionLabel(p.section), table: num },
        });
      else passed.push({ code: 'report.tableNumber', path: where, message: `${num} 编号唯一且连续` });
      seen.set(num, p.line);
    }
    prev = cur;
  }
  for (const p of paragraphs(doc)) {
    for (const r of p.text.matchAll(/(?:详见|参见|见|如)\s*表\s*(\d+)(?:\s*[-－—–]\s*(\d+))?/g)) {
      const num = captionNumber(r);
      const where = `${placeLabel(doc.source, p.line)}（正文引用 ${num}）`;
      if (seen.has(num))
        passed.push({ code: 'report.tableReference', path: where, message: `引用的 ${num} 存在` });
      else
        findings.push({
          code: 'report.tableReference',
          severity: 'warning',
          path: where,
          message: `正文引用了“${num}”，报告中没有这张表`,
          location: { line: p.line },
        });
    }
  }
  return { findings, passed };
}

/** Names a lost indicator may go by in the text: its name, its parts' names, its metrics' labels. */
function aliases(node: IndicatorNode): string[] {
  const out = [node.name];
  const walk = (r: Rule) => {
    if (r.kind === 'composite')
      for (const p of r.parts) {
        out.push(p.name);
        walk(p.rule);
      }
    if (r.kind === 'veto') walk(r.rule);
  };
  if (node.rule) walk(node.rule);
  return out.map(compact).filter((a) => a.length >= 3);
}

function problemsSection(doc: ReportDocument): { paras: Paragraph[]; heading: Paragraph } | null {
  const ps = paragraphs(doc);
  const i = ps.findIndex((p) => p.heading && /存在(的)?问题/.test(p.text) && !/及改进|和改进/.test(p.text));
  const j = i >= 0 ? i : ps.findIndex((p) => p.heading && /存在(的)?问题/.test(p.text));
  if (j < 0) return null;
  const head = ps[j]!;
  const level = head.heading!.level;
  const paras: Paragraph[] = [];
  for (const p of ps.slice(j + 1)) {
    if (p.heading && p.heading.level <= level) break;
    paras.push(p);
  }
  return { paras, heading: head };
}

/** Every point lost (by the 附表, and by the rules on the report's figures) is named under 存在问题. */
export function checkProblemsCoverage(
  doc: ReportDocument,
  ex: Extraction,
  fw: Framework,
  computedLost: Set<string>,
): Outcome {
  const findings: Finding[] = [];
  const passed: Passed[] = [];
  const section = problemsSection(doc);
  const lost = new Map<string, string>();
  const leafOf = new Map(frameworkLeaves(fw).map((n) => [n.code, n]));
  for (const r of ex.scoring) {
    const node = leafOf.get(r.code);
    if (node && new Decimal(r.score).lessThan(node.weight))
      lost.set(r.code, `附表自评 ${r.score} / ${node.weight} 分`);
  }
  for (const code of computedLost) if (!lost.has(code)) lost.set(code, '按报告数字和框架规则计算有失分');
  if (!lost.size) return { findings, passed };
  if (!section) {
    findings.push({
      code: 'report.problemsMissing',
      severity: 'error',
      path: '全文',
      message: `有 ${lost.size} 个指标失分，报告中没有“存在问题”部分`,
    });
    return { findings, passed };
  }
  const body = compact(section.paras.map((p) => p.text).join('\n'));
  const where = `${placeLabel(doc.source, section.heading.line)}（${section.heading.text}）`;
  for (const [code, why] of lost) {
    const node = leafOf.get(code)!;
    const names = aliases(node);
    if (names.some((a) => body.includes(a)))
      passed.push({
        code: 'report.problemNamed',
        path: where,
        message: `失分指标“${node.name}”（${why}）在存在问题中已写明`,
      });
    else
      findings.push({
        code: 'report.problemNotNamed',
        severity: 'error',
        path: where,
        message: `“${node.name}”失分（${why}），但“存在问题”部分没有提到（未出现：${names.join('、')}）`,
        location: { line: section.heading.line, section: section.heading.text },
      });
  }
  // A problem heading that names the indicator while its text is about another of its parts.
  const lostNodes = [...lost.keys()].map((c) => leafOf.get(c)!);
  section.paras.forEach((p, i) => {
    if (!p.heading) return;
    let end = i + 1;
    while (end < section.paras.length && !section.paras[end]!.heading) end++;
    const text = compact(
      section.paras
        .slice(i + 1, end)
        .map((x) => x.text)
        .join(''),
    );
    const h = compact(p.text);
    for (const node of lostNodes) {
      const rule = node.rule;
      if (rule?.kind !== 'composite') continue;
      const parts = rule.parts.map((x) => compact(x.name));
      const inBody = parts.filter((x) => text.includes(x));
      if (!inBody.length || inBody.length === parts.length) continue;
      const stem = (x: string) => x.replace(/控制率|执行率|经费|率$/g, '');
      if (inBody.some((x) => h.includes(stem(x)))) continue;
      // A heading that names the indicator itself (“公用经费控制率未得满分”, as jixiao writes it)
      // names all of its parts, not the one the text is not about.
      if (h.includes(compact(node.name))) continue;
      const others = parts.filter((x) => !inBody.includes(x));
      if (!others.some((x) => h.includes(stem(x))) && !h.includes(stem(compact(node.name)))) continue;
      findings.push({
        code: 'report.problemHeading',
        severity: 'note',
        path: `${placeLabel(doc.source, p.line)}（${p.text}）`,
        message: `小标题“${p.text.replace(/^[（(]\d+[）)]\s*/, '')}”与正文不一致：正文讨论的是“${inBody.join('、')}”（失分所在），标题却像是在说${others.map((x) => `“${x}”`).join('、')}`,
        location: { line: p.line, section: p.text },
      });
    }
  });
  return { findings, passed };
}

/** Placeholders for what the report did not give, so the rules can run on what it did. */
function forScoring(rb: Rebuilt): Dataset | null {
  const d = structuredClone(rb.dataset) as Record<string, unknown>;
  const fill: Record<string, unknown> = {
    department: { name: '（报告）' },
    year: 2000,
    budget: { initial: { personnel: '0', publicOperating: '0', project: '0' } },
    execution: { quarterlyCumulative: ['0', '0', '0', '0'] },
    projects: { count: 0, completedOnTime: 0 },
    threePublicCosts: { budget: {}, actual: {} },
    dailyOperating: { adjustedBudget: '0', actual: '0' },
    procurement: { planned: '0', actual: '0' },
    assets: { fixed: [] },
    staff: { authorizedPosts: 0, staffInPost: 0, extraStaff: 0 },
    disclosure: { budget: 'none', finalAccounts: 'none' },
    petitions: { channel: false, received: 0, replied: 0, repliedOnTime: 0 },
    // Any valid score does: the placeholder only lets the dataset parse. 满意度 feeds only its own
    // leaf, which checkScoring leaves unchecked when the report gave no satisfaction figure
    // (figureIndicators), and checkRebuilt keeps no finding on a field that was not rebuilt.
    // 0 is refused (a measured 满意度 is never 0); 100, the top of the scale, is valid.
    satisfaction: { score: '100' },
  };
  for (const [k, v] of Object.entries(fill)) if (d[k] === undefined) d[k] = v;
  if (!(d.department as { name?: string }).name) d.department = fill.department;
  const projects = d.projects as Record<string, unknown>;
  projects.count ??= 0;
  projects.completedOnTime ??= 0;
  const r = parseDataset(d);
  return r.ok ? r.value : null;
}

/** The 附表: weights as the framework, scores within weights, total = Σ, and the figure-based scores recomputed. */
export function checkScoring(
  ex: Extraction,
  model: Model,
  rb: Rebuilt,
  fw: Framework,
): Outcome & { lost: Set<string>; notChecked: string[] } {
  const findings: Finding[] = [];
  const passed: Passed[] = [];
  const notChecked: string[] = [];
  const lost = new Set<string>();
  const nodes = new Map(frameworkLeaves(fw).map((n) => [n.code, n]));
  if (!ex.scoring.length) {
    notChecked.push('未找到评分表（附表），未核对各指标得分');
    return { findings, passed, lost, notChecked };
  }
  for (const r of ex.scoring) {
    const node = nodes.get(r.code)!;
    if (r.weight !== undefined && !new Decimal(r.weight).equals(node.weight))
      findings.push({
        code: 'report.scoreWeight',
        severity: 'error',
        path: r.where,
        message: `“${node.name}”参考分值写 ${r.weight}，框架 ${fw.id} 为 ${node.weight}`,
        stated: r.weight,
        expected: node.weight,
        location: { line: r.line },
      });
    if (new Decimal(r.score).greaterThan(node.weight))
      findings.push({
        code: 'report.scoreAboveWeight',
        severity: 'error',
        path: r.where,
        message: `“${node.name}”得分 ${r.score} 超过参考分值 ${node.weight}`,
        stated: r.score,
        expected: `≤ ${node.weight}`,
        location: { line: r.line },
      });
    else
      passed.push({
        code: 'report.scoreAboveWeight',
        path: r.where,
        message: `“${node.name}”得分 ${r.score} 不超过分值 ${node.weight}${r.weight ? '，分值与框架一致' : ''}`,
      });
    const text = model.statedOf(`indicatorText.${r.code}.score`);
    if (text) {
      if (!text.value.equals(new Decimal(r.score)))
        findings.push({
          code: 'report.repeated',
          severity: 'error',
          path: text.where,
          message: `正文写“${node.name}”得 ${text.raw} 分，附表为 ${r.score} 分`,
          stated: text.raw,
          expected: r.score,
          location: { line: text.line },
        });
      else
        passed.push({
          code: 'report.repeated',
          path: text.where,
          message: `正文所写“${node.name}”得分 ${text.raw} 与附表一致`,
        });
      const w = model.statedOf(`indicatorText.${r.code}.weight`);
      if (w && !w.value.equals(node.weight))
        findings.push({
          code: 'report.scoreWeight',
          severity: 'error',
          path: w.where,
          message: `正文写“${node.name}”满分 ${w.raw} 分，框架为 ${node.weight} 分`,
          stated: w.raw,
          expected: node.weight,
          location: { line: w.line },
        });
    }
  }
  const missingRows = [...nodes.values()].filter((n) => !ex.scoring.some((r) => r.code === n.code));
  if (missingRows.length) notChecked.push(`附表中未找到指标：${missingRows.map((n) => n.name).join('、')}`);
  // Total.
  const total = sum(ex.scoring.map((r) => new Decimal(r.score)));
  for (const t of [ex.scoringTotal, model.statedOf('score.total')]) {
    if (!t) continue;
    const stated = 'score' in t ? t.score : t.raw;
    const value = new Decimal(stated.replace(/[^\d.]/g, ''));
    const cmp = compare(value, publishedPlaces(stated), total);
    if (missingRows.length) continue;
    if (cmp.ok)
      passed.push({
        code: 'report.scoreTotal',
        path: t.where,
        message: `总分 ${stated} = 附表各指标得分之和 ${fixed(total)}`,
      });
    else
      findings.push({
        code: 'report.scoreTotal',
        severity: 'error',
        path: t.where,
        message: `总分写 ${stated}，附表各三级指标得分相加为 ${fixed(total)}`,
        stated,
        expected: fixed(total),
        tolerance: fixed(halfUnit(publishedPlaces(stated)), 3),
        location: { line: t.line },
      });
  }
  // Figure-based indicators recomputed with the framework's rules on the rebuilt dataset.
  const ds = forScoring(rb);
  if (!ds) {
    notChecked.push('由报告重建的数据不完整，未能按框架规则重算得分');
    return { findings, passed, lost, notChecked };
  }
  const result = score(ds, fw);
  const byCode = new Map(leaves(result).map((l) => [l.code, l]));
  const figures = figureIndicators(fw, ds);
  for (const [code, deps] of figures) {
    const node = nodes.get(code);
    const row = ex.scoring.find((r) => r.code === code);
    const leaf = byCode.get(code);
    if (!node || !leaf) continue;
    const absent = deps.filter((d) => !rb.rebuilt.has(d));
    if (absent.length) {
      notChecked.push(
        `“${node.name}”：报告中缺少${absent.map((p) => fieldPathLabel(p)).join('、')}的数字，未重算`,
      );
      continue;
    }
    if (new Decimal(leaf.score).lessThan(node.weight)) lost.add(code);
    if (!row) continue;
    const inputs = (leaf.inputs ?? []).map((i) => `${i.label} ${i.value}`).join('，');
    if (new Decimal(leaf.score).equals(new Decimal(row.score)))
      passed.push({
        code: 'report.score',
        path: row.where,
        message: `“${node.name}”自评 ${row.score} 分，按框架规则用报告数字（${inputs}）重算为 ${leaf.score} 分`,
      });
    else
      findings.push({
        code: 'report.score',
        severity: 'error',
        path: row.where,
        message: `“${node.name}”自评 ${row.score} 分，按框架 ${fw.id} 的规则用报告自己的数字（${inputs}）重算为 ${leaf.score} 分`,
        stated: row.score,
        expected: leaf.score,
        tolerance: '0',
        location: { line: row.line },
      });
  }
  const judged = [...nodes.values()].filter((n) => !figures.has(n.code)).map((n) => n.name);
  notChecked.push(`以下指标需评价人判断（清单、扣分、酌情），只核对了分值范围与合计：${judged.join('、')}`);
  return { findings, passed, lost, notChecked };
}

/** The dataset checks on the rebuilt dataset, located back in the report where possible. */
function checkRebuilt(rb: Rebuilt, ex: Extraction): Outcome {
  const ds = forScoring(rb);
  if (!ds) return { findings: [], passed: [] };
  const keep = /^(parts\.|sum\.|quarterly\.|execution\.|dates\.|targets\.)/;
  const r = runDatasetChecks(ds);
  const locate = (path: string): { where: string; line?: number } => {
    const m = path.match(/^targets\[(\d+)\]/);
    const t = m ? ex.targets[Number(m[1])] : undefined;
    return t ? { where: t.where, line: t.line } : { where: `由报告重建的数据（${fieldPathLabel(path)}）` };
  };
  // Checks that compare with the budget need the budget rebuilt too (else they compare with a placeholder).
  const needsBudget = /^(dailyOperating\.adjustedBudget|execution\.|projects\.adjustedBudget)/;
  const relevant = (path: string) => {
    const top = path.split(/[.[]/)[0]!;
    if (needsBudget.test(path) && !(rb.rebuilt.has('budget') && rb.rebuilt.has('adjustments'))) return false;
    return rb.rebuilt.has(top) || top === 'targets';
  };
  // A targets table read by column position does not tell which category a row belongs to.
  const placed = (code: string) => !(ex.targetsFromLayout && code === 'targets.categoryFit');
  return {
    findings: r.findings
      .filter((f) => keep.test(f.code) && relevant(f.path) && placed(f.code))
      .map((f) => {
        const l = locate(f.path);
        return { ...f, path: l.where, ...(l.line ? { location: { line: l.line } } : {}) };
      }),
    passed: r.passed
      .filter((p) => keep.test(p.code) && relevant(p.path))
      .map((p) => ({ ...p, path: locate(p.path).where })),
  };
}

/**
 * A sentence about “调整、调剂资金累计” (what 财务合规性 scores) that gives another ratio: the net
 * adjustment ratio is not the cumulative adjustments and transfers.
 */
export function checkGrossRatioWording(doc: ReportDocument, model: Model): Outcome {
  const findings: Finding[] = [];
  const passed: Passed[] = [];
  const gross = model.get('adjustmentsAndTransfers.grossRatio');
  const net = model.get('adjustments.netRatio');
  if (!gross?.derived) return { findings, passed };
  let byLine: Map<number, Paragraph> | undefined;
  for (const f of model.facts) {
    if (f.key !== 'adjustments.netRatio') continue;
    if (!byLine) {
      byLine = new Map();
      for (const x of paragraphs(doc)) {
        if (!byLine.has(x.line)) byLine.set(x.line, x);
        for (const s of x.starts) if (!byLine.has(s.line)) byLine.set(s.line, x);
      }
    }
    const p = byLine.get(f.line);
    const sentence = p?.text
      .split(/[。；]/)
      .find((x) => x.includes(f.raw.replace(/\s+/g, '')) || x.includes(f.raw));
    if (!sentence) continue;
    const at = sentence.indexOf(f.raw);
    const clause =
      sentence
        .slice(0, at < 0 ? sentence.length : at)
        .split(/[，,]/)
        .pop() ?? '';
    if (!/调剂资金累计/.test(clause)) continue;
    if (compare(f.value, f.places, gross.value).ok) continue;
    const g = fixed(gross.value, 2);
    findings.push({
      code: 'report.ratioWording',
      severity: 'note',
      path: f.where,
      message: `此句说的是“调整、调剂资金累计”占预算总规模的比例（财务合规性按此评分），按各笔调整的绝对值加调剂（${gross.explain ?? ''}）为 ${g}%；写的 ${f.raw}${net && compare(f.value, f.places, net.value).ok ? ' 是预算调整净额的比例' : ''}`,
      stated: f.raw,
      expected: `${g}%`,
      location: { line: f.line, section: f.section },
    });
  }
  return { findings, passed };
}

/** 年初 + 新增 − 取消 against 全年共 for the same thing, across the report's sentences and paragraphs. */
function checkCountBalances(doc: ReportDocument): Outcome {
  const lines = doc.blocks
    .filter((b) => b.kind === 'para')
    .map((p) => ({ text: p.text, where: placeLabel(doc.source, p.line), order: p.line }));
  const r = checkCountBalance(lines);
  const body = (path: string) => path.replace(/（叙述）$/, '（正文）');
  return {
    findings: r.findings.map((f) => ({ ...f, path: body(f.path) })),
    passed: r.passed.map((p) => ({ ...p, path: body(p.path) })),
  };
}

export function checkReportDocument(
  doc: ReportDocument,
  options: ReportCheckOptions = {},
): ReportCheckResult {
  const fw = options.framework;
  const ex = extract(doc, fw);
  const model = new Model(ex, ex.facts, fw);
  const rb = rebuildDataset(doc, ex, model, fw);
  const parts: Outcome[] = [
    checkFacts(model),
    checkNarrativeCounts(doc),
    checkCountBalances(doc),
    checkBreakdowns(doc),
    checkTableNumbering(doc),
    checkGrossRatioWording(doc, model),
  ];
  const projects = checkProjectTables(doc);
  parts.push(projects);
  const notChecked: string[] = [...projects.notChecked];
  for (const where of projects.read) ex.tablesRead.push({ kind: PROJECT_TABLE_KIND, where });
  if (ex.targetsFromLayout)
    notChecked.push(
      '绩效目标表按文字层的列位置读取（PDF 或以空格对齐的文本），合并单元格的类别无法逐行确定，未按绩效目标表逐条重算各类别指标个数',
    );
  if (fw) {
    const s = checkScoring(ex, model, rb, fw);
    parts.push(s, checkProblemsCoverage(doc, ex, fw, s.lost));
    notChecked.push(...s.notChecked);
  } else notChecked.push('未指定指标体系框架，未核对评分表与存在问题');
  parts.push(checkRebuilt(rb, ex));
  const findings = parts.flatMap((p) => p.findings);
  const lineOf = (f: Finding) => f.location?.line ?? Number.MAX_SAFE_INTEGER;
  findings.sort((a, b) => lineOf(a) - lineOf(b));
  return {
    file: doc.source.name,
    recognised:
      ex.year !== null ||
      ex.department !== null ||
      ex.tablesRead.length > 0 ||
      ex.facts.length > 0 ||
      ex.scoring.length > 0,
    kind: doc.source.kind,
    encoding: doc.source.encoding,
    year: ex.year,
    department: ex.department,
    findings: sortFindings(findings),
    passed: parts.flatMap((p) => p.passed),
    notChecked,
    tablesRead: ex.tablesRead,
    figuresRead: ex.facts.length,
    rebuilt: rb,
    extraction: ex,
  };
}
