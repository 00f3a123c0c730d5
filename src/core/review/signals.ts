/**
 * Review signals (复核提示): rules the finance bureau edits as data (settings/signals/*.yaml, see
 * docs/signals.md) that point a reviewer at what deserves a look — each with a severity, a Chinese
 * title and its evidence (which figure, which paragraph, which other department). Signals are hints,
 * never verdicts: nothing here changes a score.
 *
 * The evaluation is pure: its input is plain data per department (the self result, the targets' rates,
 * the review, evidence counts, narrative paragraphs), built by `signalSubject` (subject.ts) or by hand.
 */
import { z } from 'zod';
import { Decimal, fixed, percent } from '../decimal.ts';
import { leaves, type ScoreResult } from '../score.ts';
import { nearDuplicates, type Paragraph } from './similar.ts';

export const SEVERITIES = ['P0', 'P1', 'P2'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { P0: '高', P1: '中', P2: '低' };

export const SIGNAL_KINDS = [
  'missingEvidence',
  'allProjectsFull',
  'overAchievement',
  'executionVsAchievement',
  'reviewGap',
  'copiedText',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];
export const SIGNAL_KIND_LABELS: Record<SignalKind, string> = {
  missingEvidence: '缺少佐证材料',
  allProjectsFull: '项目自评全部满分',
  overAchievement: '目标超额完成',
  executionVsAchievement: '执行率与目标完成度背离',
  reviewGap: '自评与复核差距',
  copiedText: '叙述文字雷同',
};

// The rules file -----------------------------------------------------------------------------------

const severity = z.enum(SEVERITIES, {
  error: `严重程度应为 ${SEVERITIES.map((s) => `${s}（${SEVERITY_LABELS[s]}）`).join('、')}`,
});
const title = z.string({ error: '请写明提示标题' }).trim().min(1, '请写明提示标题');
/** A decimal threshold written as a number or a string in YAML. */
const threshold = (fallback: string) =>
  z
    .union([z.number(), z.string()], { error: '应为数字' })
    .transform((v) => String(v).trim())
    .refine((v) => /^\d+(\.\d+)?$/.test(v), '应为不小于 0 的数字')
    .default(fallback);
/** A whole number written as a number or a string (data files keep numbers as text). */
const count = (lo: number, hi: number, fallback: number) =>
  z.coerce
    .number({ error: '应为整数' })
    .int('应为整数')
    .min(lo, `不应小于 ${lo}`)
    .max(hi, `不应大于 ${hi}`)
    .default(fallback);
const enabled = z
  .union([z.boolean(), z.enum(['true', 'false'])], { error: '应为 true 或 false' })
  .transform((v) => v === true || v === 'true')
  .default(true);
const base = { severity, title, enabled };

export const signalRuleSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('missingEvidence'), ...base }).strict(),
    z
      .object({
        kind: z.literal('allProjectsFull'),
        ...base,
        minProjects: count(1, 100000, 2).describe('项目数不少于此数才提示'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('overAchievement'),
        ...base,
        ratePercent: threshold('130').describe('完成率超过此百分比（%）即提示'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('executionVsAchievement'),
        ...base,
        gapPoints: threshold('30').describe('预算执行率与目标完成度相差超过此百分点即提示'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('reviewGap'),
        ...base,
        indicatorPoints: threshold('2').describe('单项指标复核得分与自评得分相差超过此分值即提示'),
        totalPoints: threshold('5').describe('复核总分与自评总分相差超过此分值即提示'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('copiedText'),
        ...base,
        shingle: count(2, 20, 5).describe('按几个字切分比较'),
        minChars: count(10, 100000, 50).describe('少于此字数的段落不比较'),
        similarityPercent: threshold('60').describe('相似度达到此百分比（%）即提示'),
      })
      .strict(),
  ],
  { error: `提示类型应为以下之一：${SIGNAL_KINDS.map((k) => SIGNAL_KIND_LABELS[k]).join('、')}` },
);
export type SignalRule = z.output<typeof signalRuleSchema>;

export const signalRulesSchema = z
  .object({
    name: z.string().trim().min(1, '请写明规则集名称'),
    rules: z.array(signalRuleSchema).min(1, '至少一条规则'),
  })
  .strict();
export type SignalRules = z.output<typeof signalRulesSchema>;

/** Parses a rules file's content; errors name the place in Chinese (第 n 条规则 …). */
export function parseSignalRules(
  raw: unknown,
): { ok: true; value: SignalRules } | { ok: false; errors: string[] } {
  const r = signalRulesSchema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => {
      const [head, n, ...rest] = i.path;
      const where =
        head === 'rules' && typeof n === 'number'
          ? `第 ${n + 1} 条规则${rest.length ? `的 ${rest.join('.')}` : ''}`
          : String(head ?? '文件');
      return `${where}：${i.message}`;
    }),
  };
}

// The input -----------------------------------------------------------------------------------------

export interface TargetRate {
  /** The project it belongs to; undefined for the department's own targets. */
  project?: string | undefined;
  name: string;
  target: string;
  actual: string | null;
  /** Completion rate as a ratio ("1.45"), null when it cannot be computed (qualitative, no actual). */
  rate: string | null;
}

export interface ProjectFacts {
  id: string;
  name: string;
  total: string;
  maxTotal: string;
  /** 执行率 as a percentage ("96.90"), null when not computable. */
  executionRate: string | null;
  /** Target completion (the average completion rate of its quantitative targets, capped at 100 %), a percentage. */
  achievement: string | null;
}

export interface ReviewFacts {
  rows: {
    kind: 'indicator' | 'project';
    ref: string;
    name: string;
    selfScore: string;
    reviewScore: string;
  }[];
  /** Review total (computed by the framework) and the self total. */
  total: string;
  selfTotal: string;
}

export interface SignalSubject {
  datasetId: number;
  department: string;
  result: ScoreResult;
  targets: TargetRate[];
  /** The department's 预算执行率 as a percentage; null when not computable. */
  executionRate: string | null;
  /** The department's target completion, a percentage (as for a project). */
  achievement: string | null;
  projects: ProjectFacts[];
  review: ReviewFacts | null;
  paragraphs: { section: string; index: number; text: string }[];
  /** Evidence files per level-3 indicator code (an empty map until evidence storage is wired). */
  evidenceCounts: ReadonlyMap<string, number>;
  /** The level-3 indicator codes whose framework row requires evidence. */
  evidenceRequired: ReadonlySet<string>;
}

// The output ----------------------------------------------------------------------------------------

export interface Signal {
  kind: SignalKind;
  kindLabel: string;
  severity: Severity;
  severityLabel: string;
  title: string;
  datasetId: number;
  department: string;
  /** What it is about, in Chinese: an indicator, a project, a target, a paragraph. */
  subject: string;
  /** The figures and texts behind it, each with a Chinese label. */
  evidence: { label: string; value: string }[];
}

const pct = (ratio: Decimal) => `${percent(ratio)}%`;
const excerpt = (text: string, n = 60) =>
  [...text].length > n ? `${[...text].slice(0, n).join('')}…` : text;

/**
 * The signals of every subject under the rules. `only` restricts the evaluation to some severities
 * (the bureau page asks for P0 only when it needs them to adjust a budget suggestion). Near-duplicate
 * text is searched across all subjects given (one jurisdiction, one year).
 */
export function evaluateSignals(
  rules: SignalRules,
  subjects: readonly SignalSubject[],
  opts: { only?: readonly Severity[] } = {},
): Signal[] {
  const out: Signal[] = [];
  const seen = new Set<string>();
  const active = rules.rules.filter((r) => r.enabled && (!opts.only || opts.only.includes(r.severity)));
  for (const rule of active) {
    const emit = (s: SignalSubject, subject: string, evidence: Signal['evidence']) => {
      // The same target listed under two indicators (or twice) is one hint, not two.
      const key = JSON.stringify([rule.kind, s.datasetId, subject, evidence]);
      if (seen.has(key)) return;
      seen.add(key);
      out.push({
        kind: rule.kind,
        kindLabel: SIGNAL_KIND_LABELS[rule.kind],
        severity: rule.severity,
        severityLabel: SEVERITY_LABELS[rule.severity],
        title: rule.title,
        datasetId: s.datasetId,
        department: s.department,
        subject,
        evidence,
      });
    };
    switch (rule.kind) {
      case 'missingEvidence':
        for (const s of subjects)
          for (const leaf of leaves(s.result))
            if (s.evidenceRequired.has(leaf.code) && (s.evidenceCounts.get(leaf.code) ?? 0) === 0)
              emit(s, leaf.name, [
                { label: '指标', value: leaf.name },
                { label: '佐证材料', value: '0 份（该指标要求提供佐证材料）' },
              ]);
        break;
      case 'allProjectsFull':
        for (const s of subjects) {
          const ps = s.projects;
          if (ps.length >= rule.minProjects && ps.every((p) => new Decimal(p.total).equals(p.maxTotal)))
            emit(s, '全部项目', [
              { label: '项目数', value: `${ps.length} 个` },
              { label: '自评得分', value: `均为满分 ${ps[0]!.maxTotal} 分` },
            ]);
        }
        break;
      case 'overAchievement': {
        const limit = new Decimal(rule.ratePercent).dividedBy(100);
        for (const s of subjects)
          for (const t of s.targets)
            if (t.rate !== null && new Decimal(t.rate).greaterThan(limit))
              emit(s, t.project ? `${t.project}：${t.name}` : t.name, [
                { label: '绩效目标', value: t.name },
                { label: '指标值', value: t.target },
                { label: '实际完成值', value: t.actual ?? '' },
                {
                  label: '完成率',
                  value: `${pct(new Decimal(t.rate))}（超过 ${rule.ratePercent}%，目标可能设置偏低）`,
                },
              ]);
        break;
      }
      case 'executionVsAchievement': {
        const gap = new Decimal(rule.gapPoints);
        const check = (s: SignalSubject, subject: string, exec: string | null, ach: string | null) => {
          if (exec === null || ach === null) return;
          const d = new Decimal(exec).minus(ach).abs();
          if (d.greaterThan(gap))
            emit(s, subject, [
              { label: '预算执行率', value: `${exec}%` },
              { label: '目标完成度', value: `${ach}%` },
              { label: '相差', value: `${fixed(d)} 个百分点（超过 ${rule.gapPoints}）` },
            ]);
        };
        for (const s of subjects) {
          check(s, '部门整体', s.executionRate, s.achievement);
          for (const p of s.projects) check(s, p.name, p.executionRate, p.achievement);
        }
        break;
      }
      case 'reviewGap': {
        const each = new Decimal(rule.indicatorPoints);
        const whole = new Decimal(rule.totalPoints);
        for (const s of subjects) {
          if (!s.review) continue;
          for (const r of s.review.rows) {
            const d = new Decimal(r.reviewScore).minus(r.selfScore);
            if (d.abs().greaterThan(each))
              emit(s, r.name, [
                { label: '自评得分', value: r.selfScore },
                { label: '复核得分', value: r.reviewScore },
                { label: '相差', value: `${fixed(d)} 分（超过 ${rule.indicatorPoints}）` },
              ]);
          }
          const d = new Decimal(s.review.total).minus(s.review.selfTotal);
          if (d.abs().greaterThan(whole))
            emit(s, '总分', [
              { label: '自评总分', value: s.review.selfTotal },
              { label: '复核总分', value: s.review.total },
              { label: '相差', value: `${fixed(d)} 分（超过 ${rule.totalPoints}）` },
            ]);
        }
        break;
      }
      case 'copiedText': {
        const byId = new Map(subjects.map((s) => [String(s.datasetId), s]));
        const paragraphs: Paragraph[] = subjects.flatMap((s) =>
          s.paragraphs.map((p) => ({ owner: String(s.datasetId), ...p })),
        );
        const matches = nearDuplicates(paragraphs, {
          shingle: rule.shingle,
          minChars: rule.minChars,
          threshold: new Decimal(rule.similarityPercent).dividedBy(100).toNumber(),
        });
        for (const m of matches)
          for (const [mine, theirs] of [
            [m.a, m.b],
            [m.b, m.a],
          ] as const) {
            const s = byId.get(mine.owner)!;
            const other = byId.get(theirs.owner)!;
            emit(s, `${mine.section} 第 ${mine.index + 1} 段`, [
              { label: '本部门段落', value: excerpt(mine.text) },
              { label: '相似部门', value: other.department },
              {
                label: '对方段落',
                value: `${theirs.section} 第 ${theirs.index + 1} 段：${excerpt(theirs.text)}`,
              },
              { label: '相似度', value: `${Math.round(m.similarity * 100)}%` },
            ]);
          }
        break;
      }
    }
  }
  return out;
}
