/**
 * Review per indicator, review signals and 结果应用 in the pure core: the review total is the
 * framework's sum with a reviewed score in place (derived from the seed's own result, not typed);
 * refusals; each signal kind fires on a constructed case and stays quiet where it should on the seed;
 * near-duplicate paragraphs between synthetic departments; the budget suggestion from a setting.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadFramework, readDataFile } from '../../src/adapters/files.ts';
import { DEFAULT_RESULT_APPLICATION_FILE, DEFAULT_SIGNALS_FILE } from '../../src/adapters/review-settings.ts';
import { Decimal, fixed } from '../../src/core/decimal.ts';
import { parseDataset } from '../../src/core/dataset/parse.ts';
import type { Dataset } from '../../src/core/dataset/schema.ts';
import { budgetSuggestion, parseResultApplication } from '../../src/core/review/application.ts';
import {
  evaluateSignals,
  parseSignalRules,
  SIGNAL_KINDS,
  type SignalKind,
  type SignalRules,
  type SignalSubject,
} from '../../src/core/review/signals.ts';
import { nearDuplicates } from '../../src/core/review/similar.ts';
import { signalSubject } from '../../src/core/review/subject.ts';
import { indicatorRows, reviewProblems, reviewTotal } from '../../src/core/review/total.ts';
import { leaves, score, type IndicatorResult } from '../../src/core/score.ts';
import { synthDepartment } from '../../src/synth/generate.ts';
import { futian, reparse, seedDataset, seedInput } from '../helpers.ts';

const fw = futian();
const seed = seedDataset();
const seedResult = score(seed, fw);
const projectFw = (() => {
  const r = loadFramework('mof-project-2020');
  if (!r.ok) throw new Error('project framework');
  return r.value;
})();

function rules(): SignalRules {
  const raw = readDataFile(DEFAULT_SIGNALS_FILE);
  assert.ok(raw.ok);
  const r = parseSignalRules(raw.value);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.value;
}

/** The default rules with only one kind enabled. */
function only(kind: SignalKind): SignalRules {
  const r = rules();
  return { ...r, rules: r.rules.filter((x) => x.kind === kind) };
}

function subjectOf(
  d: Dataset,
  datasetId = 1,
  extra: Partial<Parameters<typeof signalSubject>[0]> = {},
): SignalSubject {
  return signalSubject({
    datasetId,
    dataset: d,
    framework: fw,
    result: score(d, fw),
    projectFramework: projectFw,
    ...extra,
  });
}

function parentOf(code: string, nodes: IndicatorResult[]): IndicatorResult | undefined {
  for (const n of nodes) {
    if (n.children?.some((c) => c.code === code)) return n;
    const deeper = n.children && parentOf(code, n.children);
    if (deeper) return deeper;
  }
  return undefined;
}

describe('review total', () => {
  test('the review total is the framework sum with one reviewed score in place', () => {
    const leaf = leaves(seedResult).find((l) => new Decimal(l.score).greaterThanOrEqualTo(1))!;
    const reviewed = fixed(new Decimal(leaf.score).minus('1.25'));
    const t = reviewTotal(seedResult, fw, new Map([[leaf.code, reviewed]]));
    // Derived from the seed's own result: its total less what the reviewer took off.
    const expected = fixed(new Decimal(seedResult.total).minus(leaf.score).plus(reviewed));
    assert.equal(t.total, expected);
    assert.equal(t.selfTotal, seedResult.total);
    assert.equal(t.difference, '-1.25');
    // The group above it moved by the same amount; another level-1 group did not move.
    const before = parentOf(leaf.code, seedResult.indicators)!;
    const after = parentOf(leaf.code, t.indicators)!;
    assert.equal(after.score, fixed(new Decimal(before.score).minus('1.25')));
    const untouched = seedResult.indicators.findIndex((n) => !JSON.stringify(n).includes(`"${leaf.code}"`));
    assert.equal(t.indicators[untouched]!.score, seedResult.indicators[untouched]!.score);
  });

  test('every indicator reviewed at its self score gives back the self total; nothing reviewed too', () => {
    const all = new Map(leaves(seedResult).map((l) => [l.code, l.score]));
    assert.equal(reviewTotal(seedResult, fw, all).total, seedResult.total);
    assert.equal(reviewTotal(seedResult, fw, new Map()).total, seedResult.total);
  });

  test('refused: above the weight, not a number, negative, too many decimals, differing without a comment', () => {
    const rows = indicatorRows(seedResult);
    const r = rows.find((x) => x.selfScore !== '0.00')!;
    const places = fw.settings.scorePlaces;
    const over = fixed(new Decimal(r.weight).plus('0.01'));
    const p1 = reviewProblems(
      [{ kind: 'indicator', ref: r.ref, score: over, comment: '理由' }],
      rows,
      places,
    );
    assert.equal(p1.length, 1);
    assert.match(p1[0]!, new RegExp(`“${r.name}”.*超过该指标分值 ${r.weight}`));
    assert.match(
      reviewProblems([{ kind: 'indicator', ref: r.ref, score: '-1', comment: '理由' }], rows, places)[0]!,
      /不是有效的分数/,
    );
    assert.match(
      reviewProblems([{ kind: 'indicator', ref: r.ref, score: '0.001', comment: '理由' }], rows, places)[0]!,
      /最多保留 2 位小数/,
    );
    const lower = fixed(new Decimal(r.selfScore).minus('0.5'));
    const p2 = reviewProblems([{ kind: 'indicator', ref: r.ref, score: lower, comment: ' ' }], rows, places);
    assert.equal(p2.length, 1);
    assert.match(
      p2[0]!,
      new RegExp(`“${r.name}”的复核得分 ${lower} 与自评得分 ${r.selfScore} 不同，请填写复核意见`),
    );
    // The same score needs no comment; a differing one with a comment is accepted.
    assert.deepEqual(
      reviewProblems([{ kind: 'indicator', ref: r.ref, score: r.selfScore, comment: '' }], rows, places),
      [],
    );
    assert.deepEqual(
      reviewProblems([{ kind: 'indicator', ref: r.ref, score: lower, comment: '佐证不足' }], rows, places),
      [],
    );
    assert.match(
      reviewProblems([{ kind: 'indicator', ref: 'nope', score: '1', comment: '' }], rows, places)[0]!,
      /没有这个三级指标/,
    );
  });
});

describe('review signals', () => {
  const seedSubject = subjectOf(seed);

  test('the shipped rules file parses and names every kind; a wrong file is refused in Chinese', () => {
    assert.deepEqual([...new Set(rules().rules.map((r) => r.kind))].sort(), [...SIGNAL_KINDS].sort());
    const bad = parseSignalRules({
      name: 'x',
      rules: [{ kind: 'overAchievement', severity: 'P9', title: '' }],
    });
    assert.equal(bad.ok, false);
    assert.ok(
      !bad.ok && bad.errors.some((e) => e.startsWith('第 1 条规则') && /严重程度/.test(e)),
      JSON.stringify(bad),
    );
  });

  test('on the seed: only target over-achievement fires (协助诉调室调解成功率: ≥5% met with 100%)', () => {
    const s = evaluateSignals(rules(), [seedSubject]);
    assert.deepEqual([...new Set(s.map((x) => x.kind))], ['overAchievement']);
    const hit = s.find((x) => x.subject.includes('协助诉调室调解成功率'))!;
    assert.equal(hit.severityLabel, '低');
    assert.ok(hit.evidence.some((e) => e.label === '完成率' && e.value.startsWith('2000.00%')));
  });

  test('missing required evidence fires when an indicator requires it and has none', () => {
    const code = leaves(seedResult)[0]!.code;
    const need = subjectOf(seed, 1, { evidenceRequired: new Set([code]) });
    const s = evaluateSignals(only('missingEvidence'), [need]);
    assert.equal(s.length, 1);
    assert.equal(s[0]!.subject, leaves(seedResult)[0]!.name);
    assert.equal(s[0]!.severity, 'P0');
    const has = subjectOf(seed, 1, {
      evidenceRequired: new Set([code]),
      evidenceCounts: new Map([[code, 1]]),
    });
    assert.deepEqual(evaluateSignals(only('missingEvidence'), [has]), []);
    assert.deepEqual(evaluateSignals(only('missingEvidence'), [seedSubject]), []);
  });

  test('every project self-scored full marks fires; the seed’s projects do not all score full', () => {
    assert.ok(seedSubject.projects.length >= 2);
    assert.ok(seedSubject.projects.some((p) => p.total !== p.maxTotal));
    assert.deepEqual(evaluateSignals(only('allProjectsFull'), [seedSubject]), []);
    const full = { ...seedSubject, projects: seedSubject.projects.map((p) => ({ ...p, total: p.maxTotal })) };
    const s = evaluateSignals(only('allProjectsFull'), [full]);
    assert.equal(s.length, 1);
    assert.ok(s[0]!.evidence.some((e) => e.value === `${seedSubject.projects.length} 个`));
  });

  test('a target over-achieved beyond 130 % fires; one at 120 % does not', () => {
    const make = (actual: string) => {
      const input = seedInput();
      input.targets = [{ category: '数量指标', name: '培训人次', target: '≥100人次', actual }];
      input.projects = { ...(input.projects as object), items: [] };
      return subjectOf(reparse(input));
    };
    const s = evaluateSignals(only('overAchievement'), [make('150人次')]);
    assert.equal(s.length, 1);
    assert.equal(s[0]!.subject, '培训人次');
    assert.ok(s[0]!.evidence.some((e) => e.label === '完成率' && e.value.startsWith('150.00%')));
    assert.deepEqual(evaluateSignals(only('overAchievement'), [make('120人次')]), []);
  });

  test('execution rate far from target achievement fires; the seed (96.90 % vs 100 %) is quiet', () => {
    assert.equal(seedSubject.executionRate, '96.90');
    const deptOnly = (s: SignalSubject) => ({ ...s, projects: [] });
    assert.deepEqual(evaluateSignals(only('executionVsAchievement'), [deptOnly(seedSubject)]), []);
    const input = seedInput() as { execution: { quarterlyCumulative: string[] } };
    const q = input.execution.quarterlyCumulative;
    // Spend half of what the seed spent by the year end: about 48 % executed, targets still met.
    q[3] = fixed(new Decimal(q[3]!).dividedBy(2));
    q[2] = fixed(Decimal.min(new Decimal(q[2]!), new Decimal(q[3]!)));
    q[1] = fixed(Decimal.min(new Decimal(q[1]!), new Decimal(q[2]!)));
    q[0] = fixed(Decimal.min(new Decimal(q[0]!), new Decimal(q[1]!)));
    const low = deptOnly(subjectOf(reparse(input)));
    const s = evaluateSignals(only('executionVsAchievement'), [low]);
    assert.equal(s.length, 1, JSON.stringify(low.executionRate));
    assert.equal(s[0]!.subject, '部门整体');
  });

  test('a self/review gap beyond the threshold fires per indicator and for the total', () => {
    const leaf = leaves(seedResult).find((l) => new Decimal(l.score).greaterThanOrEqualTo(3))!;
    const reviewed = fixed(new Decimal(leaf.score).minus(3));
    const t = reviewTotal(seedResult, fw, new Map([[leaf.code, reviewed]]));
    const withReview = {
      ...seedSubject,
      review: {
        rows: [
          {
            kind: 'indicator' as const,
            ref: leaf.code,
            name: leaf.name,
            selfScore: leaf.score,
            reviewScore: reviewed,
          },
        ],
        total: t.total,
        selfTotal: t.selfTotal,
      },
    };
    const s = evaluateSignals(only('reviewGap'), [withReview]);
    assert.deepEqual(
      s.map((x) => x.subject),
      [leaf.name],
    ); // 3 points: beyond 2 for the indicator, not beyond 5 for the total
    const r = rules();
    const strict = {
      ...r,
      rules: r.rules.filter((x) => x.kind === 'reviewGap').map((x) => ({ ...x, totalPoints: '2' })),
    };
    assert.deepEqual(
      evaluateSignals(strict, [withReview]).map((x) => x.subject),
      [leaf.name, '总分'],
    );
    assert.deepEqual(evaluateSignals(only('reviewGap'), [seedSubject]), []);
  });

  const PARAGRAPH =
    '本年度我局围绕区委区政府中心工作，统筹推进预算绩效管理改革，建立健全事前绩效评估、绩效目标管理、绩效运行监控和绩效评价结果应用的全过程管理机制，对纳入预算的项目逐一设定可量化的绩效目标，按季度开展执行进度与目标完成情况的双监控，发现偏差及时纠正，确保财政资金使用安全高效。';
  const EDITED =
    '本年度我办围绕区委区政府中心工作，统筹推进预算绩效管理改革，建立健全事前绩效评估、绩效目标管理、绩效运行监控和绩效评价结果应用的全过程管理机制，对纳入预算的项目逐个设定可量化的绩效目标，按季度开展执行进度与目标完成情况的双监控，发现问题及时纠正，确保财政资金使用安全有效。';
  const UNRELATED =
    '今年街道重点推进老旧小区改造和社区养老服务设施建设，完成加装电梯三十二台，新增社区食堂四家，组织志愿者开展上门探访一千余人次，并对辖区内背街小巷的照明、排水和无障碍通道进行了系统整治，居民对人居环境的评价明显提高，相关做法被市级媒体报道。';

  function synth(i: number, paragraph?: string): Dataset {
    const d = synthDepartment(i, { seed: 7 }).dataset as Record<string, unknown>;
    const narrative = { ...(d.narrative as Record<string, string[]>) };
    if (paragraph) narrative.experience = [...(narrative.experience ?? []), paragraph];
    const r = parseDataset({ ...d, narrative });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.value;
  }

  test('a paragraph copied with small edits between two synthetic departments is found, an unrelated one is not', () => {
    const a = subjectOf(synth(1, PARAGRAPH), 1);
    const b = subjectOf(synth(2, EDITED), 2);
    const c = subjectOf(synth(3, UNRELATED), 3);
    const s = evaluateSignals(only('copiedText'), [a, b, c]);
    assert.deepEqual(s.map((x) => x.datasetId).sort(), [1, 2]);
    const onA = s.find((x) => x.datasetId === 1)!;
    assert.ok(onA.evidence.some((e) => e.label === '相似部门' && e.value === b.department));
    assert.ok(onA.evidence.some((e) => e.label === '对方段落' && e.value.includes('本年度我办')));
    // The synthetic departments' own short boilerplate (the same sentences everywhere) is below the length rule.
    assert.deepEqual(
      evaluateSignals(only('copiedText'), [subjectOf(synth(1), 1), subjectOf(synth(2), 2)]),
      [],
    );
  });

  test('near-duplicates are pairs the LSH index brings together, scored by exact shingle similarity', () => {
    const opts = { shingle: 5, minChars: 50, threshold: 0.6 };
    const m = nearDuplicates(
      [
        { owner: 'a', section: '经验', index: 0, text: PARAGRAPH },
        { owner: 'b', section: '经验', index: 0, text: EDITED },
        { owner: 'c', section: '经验', index: 0, text: UNRELATED },
        { owner: 'a', section: '计划', index: 0, text: PARAGRAPH },
      ],
      opts,
    );
    assert.deepEqual(
      // b's paragraph is near both of a's copies (a's own two copies are never compared); c matches nothing.
      m.map((x) => [`${x.a.owner}:${x.a.section}`, `${x.b.owner}:${x.b.section}`]),
      [
        ['a:经验', 'b:经验'],
        ['b:经验', 'a:计划'],
      ],
    );
    // Four changed characters in about 125: about three quarters of the 5-character shingles are shared.
    assert.ok(
      m.every((x) => x.similarity >= 0.6 && x.similarity < 1),
      String(m[0]!.similarity),
    );
  });
});

describe('结果应用', () => {
  const setting = (() => {
    const raw = readDataFile(DEFAULT_RESULT_APPLICATION_FILE);
    assert.ok(raw.ok);
    const r = parseResultApplication(raw.value);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    return r.value;
  })();

  test('grade → suggestion from the setting, one step down with a P0 signal', () => {
    assert.equal(budgetSuggestion(setting, seedResult.grade ?? null)?.label, '优先保障');
    assert.equal(budgetSuggestion(setting, '良')?.label, '保障');
    const down = budgetSuggestion(setting, '优', ['P0', 'P2']);
    assert.equal(down?.label, '保障');
    assert.match(down!.reason, /下调 1 档/);
    assert.equal(budgetSuggestion(setting, '差', ['P0'])?.label, '取消');
    assert.equal(budgetSuggestion(setting, null), null);
  });

  test('another setting gives another suggestion with no code change', () => {
    const other = parseResultApplication({ name: '另一辖区', grades: { 优: 'maintain', 良: 'reduce' } });
    assert.ok(other.ok);
    assert.equal(budgetSuggestion(other.value, '优', ['P0'])?.label, '保障');
    assert.equal(parseResultApplication({ name: 'x', grades: { 优: 'more' } }).ok, false);
  });
});
