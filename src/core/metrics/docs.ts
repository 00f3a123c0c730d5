/**
 * The metric reference of docs/frameworks.md, generated from the declarations (builtin.ts) and the
 * formula functions (expression.ts): `npm run gen:docs` writes it, a test checks the doc is current.
 */
import { BUILTIN_METRICS, type MetricUnit } from './builtin.ts';
import { FUNCTIONS } from './expression.ts';

export const DOC_BEGIN = '<!-- 以下由 npm run gen:docs 从指标量声明生成，请勿手改 -->';
export const DOC_END = '<!-- 生成内容结束 -->';

export const UNIT_LABELS: Record<MetricUnit, string> = {
  ratio: '比率',
  amount: '金额（万元）',
  count: '个数',
  score: '分数',
  text: '文字',
  boolean: '是/否',
  ratios: '一列比率',
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The generated part of docs/frameworks.md: functions, then every built-in metric. */
export function metricDocSection(): string {
  const lines = [DOC_BEGIN, '', '### 公式可用的函数', '', '| 函数 | 说明 |', '|---|---|'];
  for (const f of Object.values(FUNCTIONS)) lines.push(`| \`${cell(f.signature)}\` | ${cell(f.doc)} |`);
  lines.push(
    '',
    `### 内置指标量（${Object.keys(BUILTIN_METRICS).length} 个）`,
    '',
    '| 名称 | 中文名称 | 单位 | 公式 | 报告写法 | 0/0 时 |',
    '|---|---|---|---|---|---|',
  );
  for (const [name, m] of Object.entries(BUILTIN_METRICS))
    lines.push(
      `| \`${name}\` | ${cell(m.label)} | ${UNIT_LABELS[m.unit]} | \`${cell(m.formula)}\` | ${cell(m.text ?? '')} | ${cell(m.none ?? '')} |`,
    );
  lines.push('', DOC_END);
  return lines.join('\n');
}

/** The doc with its generated section replaced by the current one. */
export function withMetricDocs(doc: string): string {
  const a = doc.indexOf(DOC_BEGIN);
  const b = doc.indexOf(DOC_END);
  if (a < 0 || b < a) throw new Error('docs/frameworks.md has no generated metric section markers');
  return doc.slice(0, a) + metricDocSection() + doc.slice(b + DOC_END.length);
}
