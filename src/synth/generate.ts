/**
 * Synthetic jurisdictions (合成辖区): department-year datasets with the seed's shape
 * (examples/futian-zonggonghui-2023.yaml) and a plausible spread of figures, for benchmarks and tests.
 * Deterministic for a seed: department i of seed S is the same whatever the number of departments.
 * Some departments are made deliberately inconsistent (figures that do not add up, as in the seed's
 * own report); each such inconsistency is recorded, so a check can be tested against the record.
 * Every dataset is valid against the dataset schema. Amounts are built as integers of 0.01 万元.
 */
import {
  DISCLOSURE_LEVELS,
  SPENDING_CATEGORIES,
  type DatasetInput,
  type SpendingCategory,
  type TargetCategory,
} from '../core/dataset/schema.ts';
import { Rng, bpPercent, cents, hashSeed, scaleBp } from './prng.ts';
import { SCHEMA_VERSION } from '../core/dataset/upgrade.ts';

export interface SynthOptions {
  seed: number;
  /** Evaluation year; default 2023. */
  year?: number;
  /**
   * The framework id written into each dataset (`framework:`); omitted by default, so the datasets are
   * scored with whatever framework the command names or the built-in default.
   */
  framework?: string;
  /** Share of departments made deliberately inconsistent, in percent (integer); default 10. */
  inconsistentPercent?: number;
}

/** A deliberate inconsistency, as recorded in the manifest. */
export interface Inconsistency {
  kind: InconsistencyKind;
  /** The dataset field(s) that disagree. */
  path: string;
  /** In Chinese: what does not add up. */
  description: string;
}

export const INCONSISTENCY_KINDS = [
  'stated-initial-total',
  'stated-adjustment-net',
  'stated-funded-control-rate',
  'execution-by-category',
  'quarterly-decreasing',
  'asset-in-use-exceeds-original',
  'petitions-replied-exceeds-received',
  'projects-completed-exceeds-count',
] as const;
export type InconsistencyKind = (typeof INCONSISTENCY_KINDS)[number];

export interface SynthDepartment {
  index: number;
  /** File name stem: "00042-SYN7-00042". */
  id: string;
  dataset: DatasetInput;
  inconsistencies: Inconsistency[];
}

const DISTRICTS = [
  '福田区',
  '罗湖区',
  '南山区',
  '盐田区',
  '宝安区',
  '龙岗区',
  '龙华区',
  '坪山区',
  '光明区',
  '大鹏新区',
  '前海区',
  '河套区',
];
const DEPARTMENT_TYPES = [
  '总工会',
  '教育局',
  '卫生健康局',
  '民政局',
  '司法局',
  '财政局',
  '人力资源局',
  '住房和建设局',
  '交通运输局',
  '文化广电旅游体育局',
  '科技创新局',
  '工业和信息化局',
  '商务局',
  '城市管理和综合执法局',
  '水务局',
  '应急管理局',
  '市场监督管理局',
  '统计局',
  '审计局',
  '信访局',
  '退役军人事务局',
  '医疗保障局',
  '政务服务数据管理局',
  '机关事务管理局',
  '妇女联合会',
  '残疾人联合会',
  '科学技术协会',
  '档案馆',
  '图书馆',
  '疾病预防控制中心',
];
const STREETS = ['园岭', '南园', '沙头', '梅林', '华富', '莲花', '香蜜湖', '福保', '华强北', '福田'];
/** Declared targets by category (the schema's TARGET_CATEGORIES; a test checks every one has a template). */
export const TARGET_TEMPLATES: { category: TargetCategory; name: string; target: (r: Rng) => string }[] = [
  { category: '数量指标', name: '开展专项活动次数', target: (r) => `≥${r.int(2, 30)} 次` },
  { category: '数量指标', name: '服务对象人次', target: (r) => `≥${r.int(100, 20000)} 人次` },
  { category: '数量指标', name: '完成项目数量', target: (r) => `≥${r.int(2, 40)} 项` },
  { category: '数量指标', name: '培训人数', target: (r) => `>${r.int(20, 800)} 人` },
  { category: '质量指标', name: '验收合格率', target: (r) => `≥${r.int(90, 100)}%合格` },
  { category: '质量指标', name: '资金发放准确率', target: () => '100%准确' },
  { category: '质量指标', name: '工作合规性', target: () => '合规' },
  { category: '时效指标', name: '资金拨付及时性', target: () => '按时拨付' },
  { category: '时效指标', name: '任务完成及时率', target: () => '100%及时' },
  { category: '成本指标', name: '单项服务费用', target: (r) => `≤${r.int(5, 500)} 万元` },
  { category: '成本指标', name: '预算执行率', target: () => '≥95%' },
  { category: '社会效益指标', name: '群众获得感', target: () => '有所提升' },
  { category: '社会效益指标', name: '政策知晓率', target: (r) => `≥${r.int(60, 95)}%` },
  { category: '经济效益指标', name: '带动社会投资', target: (r) => `≥${r.int(10, 900)} 万元` },
  { category: '生态效益指标', name: '节能降耗', target: () => '有效' },
  { category: '可持续影响指标', name: '长效机制建设', target: () => '持续完善' },
  { category: '满意度指标', name: '服务对象满意度', target: (r) => `≥${r.int(80, 95)}%满意` },
];

/** Yes with probability p per mille, as the evaluator's judgement of a checklist item. */
function met(r: Rng, perMille: number, reason: string): { met: boolean; reason: string } {
  const ok = r.int(1, 1000) <= perMille;
  return { met: ok, reason: ok ? reason : `经核查，${reason}方面存在不足` };
}

/** Department `index` of the jurisdiction generated from `seed` (0-based). */
export function synthDepartment(index: number, opts: SynthOptions): SynthDepartment {
  const r = new Rng(hashSeed('jixiao-synth', opts.seed, index));
  const year = opts.year ?? 2023;
  const district = DISTRICTS[index % DISTRICTS.length]!;
  const type = DEPARTMENT_TYPES[Math.trunc(index / DISTRICTS.length) % DEPARTMENT_TYPES.length]!;
  const round = Math.trunc(index / (DISTRICTS.length * DEPARTMENT_TYPES.length));
  const name = `深圳市${district}${type}${round ? `（第${round + 1}分部）` : ''}`;
  const code = `SYN${opts.seed}-${String(index + 1).padStart(5, '0')}`;

  // Size of the department: personnel budget from 60 to 6,000 万元 (log-ish spread).
  const scale = r.pick([1, 2, 3, 5, 8, 13, 21, 34, 55, 89]);
  const personnel = r.int(6000, 12000) * scale; // cents of 万元
  const publicOperating = scaleBp(personnel, r.int(500, 1200));
  const project = scaleBp(personnel, r.int(3000, 60000));
  const initial: Record<SpendingCategory, number> = { personnel, publicOperating, project };
  const prior: Record<SpendingCategory, number> = {
    personnel: scaleBp(personnel, r.int(8000, 12000)),
    publicOperating: scaleBp(publicOperating, r.int(8000, 12000)),
    project: scaleBp(project, r.int(7000, 13000)),
  };

  const adjustments = Array.from({ length: r.int(0, 4) }, () => {
    const category = r.pick(SPENDING_CATEGORIES);
    const sign = r.chance(1, 2) ? 1 : -1;
    const amount = sign * Math.max(1, scaleBp(initial[category], r.int(10, 800)));
    return {
      category,
      amount: cents(amount),
      reason: sign > 0 ? `追加${r.pick(['专项工作', '民生保障', '应急处置'])}经费` : '统筹收回非急需资金',
    };
  });
  const adjustedTotal =
    personnel + publicOperating + project + adjustments.reduce((s, a) => s + toCents(a.amount), 0);
  const transfers = Array.from({ length: r.int(0, 4) }, (_, i) => ({
    from: `${r.pick(['一般管理事务', '专项业务', '信息化建设'])}-项目${i + 1}`,
    to: `${r.pick(['劳务派遣人员经费', '其他一般管理事务', '临时性工作补助'])}`,
    amount: cents(Math.max(1, scaleBp(adjustedTotal, r.int(5, 300)))),
    date: `${year}-12-${String(r.int(1, 31)).padStart(2, '0')}`,
  }));

  // Cumulative execution by quarter, as a share of the adjusted total (basis points).
  const q1 = r.int(800, 4500);
  const q2 = Math.min(10000, q1 + r.int(1000, 2800));
  const q3 = Math.min(10000, q2 + r.int(800, 2800));
  const q4 = Math.max(q3, r.int(8500, 10000));
  const quarterly = [q1, q2, q3, q4].map((bp) => scaleBp(adjustedTotal, bp));

  const projectCount = r.int(2, 40);
  const completed = r.chance(4, 5) ? projectCount : r.int(Math.trunc(projectCount / 2), projectCount);
  const monitored = r.int(0, projectCount);

  const reception = r.int(0, 300) * scale;
  const vehicleOperation = r.chance(3, 4) ? r.int(100, 1500) * scale : 0;
  const outbound = r.chance(1, 5) ? r.int(200, 3000) * scale : 0;
  const threeBudget: Record<string, string> = {};
  const threeActual: Record<string, string> = {};
  for (const [k, v] of [
    ['outboundTravel', outbound],
    ['reception', reception],
    ['vehicleOperation', vehicleOperation],
  ] as const) {
    if (v === 0) continue;
    threeBudget[k] = cents(v);
    threeActual[k] = cents(scaleBp(v, r.int(6000, 10500)));
  }
  if (!Object.keys(threeBudget).length) {
    threeBudget.reception = cents(40);
    threeActual.reception = cents(30);
  }

  const dailyAdjusted = scaleBp(publicOperating, r.int(8000, 10000));
  const procurementPlanned = r.int(100, 50000) * scale;
  const procurementActual = r.chance(1, 20)
    ? scaleBp(procurementPlanned, r.int(10001, 10500))
    : scaleBp(procurementPlanned, r.int(8000, 10000));

  const fixed = [
    { name: '土地、房屋及构筑物', count: r.int(0, 5) },
    { name: '设备（个、台、辆等）', count: r.int(10, 900) },
    { name: '家具、用具（个、套等）', count: r.int(20, 2000) },
  ].map((c) => {
    const original = c.count * r.int(20, 3000) + r.int(1, 99);
    const inUse = r.chance(4, 5) ? original : scaleBp(original, r.int(5000, 9999));
    return { ...c, originalValue: cents(original), inUseValue: cents(inUse) };
  });

  const authorizedPosts = r.int(5, 400);
  const staffInPost = r.chance(9, 10)
    ? r.int(Math.trunc((authorizedPosts * 7) / 10), authorizedPosts)
    : authorizedPosts + 1;
  const extraStaff = r.chance(1, 4) ? r.int(0, Math.trunc(staffInPost / 20)) : r.int(0, staffInPost);

  const received = r.int(0, 800);
  const replied = r.chance(9, 10) ? received : r.int(0, received);
  const repliedOnTime = r.chance(9, 10) ? replied : r.int(0, replied);

  const keyTasks = Array.from({ length: r.int(2, 8) }, (_, i) => ({
    name: `重点工作任务${i + 1}：${r.pick(['民生实事', '改革攻坚', '基层治理', '营商环境', '安全生产'])}`,
    done: r.chance(19, 20),
  }));

  const targets = r.sample(TARGET_TEMPLATES, r.int(6, TARGET_TEMPLATES.length)).map((t) => ({
    category: t.category,
    name: t.name,
    target: t.target(r),
    ...(t.category.endsWith('效益指标') ? { actual: r.pick(['100%', '已实现', '基本实现']) } : {}),
  }));

  const street = r.pick(STREETS);
  const outcomes = 25 - r.pick([0, 0, 0, 0, 1, 1, 2, 3, 5]);
  const dataset: DatasetInput & { stated: Record<string, string> } = {
    schemaVersion: SCHEMA_VERSION,
    department: { name, code, jurisdiction: district },
    year,
    ...(opts.framework === undefined ? {} : { framework: opts.framework }),
    functions: [`负责${type}职能范围内工作的统筹协调。`, '承办区委、区政府交办的其他事项。'],
    annualWork: [`${year}年，${name}围绕区委区政府中心工作，在${street}等街道开展重点工作。`],
    keyTasks,
    budget: {
      initial: byCategory(initial),
      priorYear: byCategory(prior),
      fundingSource: '一般公共预算财政拨款',
    },
    adjustments,
    transfers,
    execution: { quarterlyCumulative: quarterly.map(cents) },
    projects: {
      count: projectCount,
      completedOnTime: completed,
      monitored,
      monitoredRunningWell: r.int(0, monitored),
      newProjects: r.int(0, 3),
    },
    threePublicCosts: { budget: threeBudget, actual: threeActual },
    dailyOperating: {
      initialBudget: cents(publicOperating),
      adjustedBudget: cents(dailyAdjusted),
      actual: cents(scaleBp(dailyAdjusted, r.int(7000, 10300))),
    },
    procurement: { planned: cents(procurementPlanned), actual: cents(procurementActual) },
    assets: {
      fixed,
      intangible: r.chance(1, 2) ? [software(r)] : [],
    },
    staff: { authorizedPosts, staffInPost, extraStaff },
    disclosure: {
      budget: r.chance(19, 20) ? 'full' : r.pick(DISCLOSURE_LEVELS.filter((l) => l !== 'full')),
      // The generator exempts only budgets, never final accounts (its spread since the first version).
      finalAccounts: r.chance(19, 20)
        ? 'full'
        : r.pick(DISCLOSURE_LEVELS.filter((l) => l !== 'full' && l !== 'exempt')),
    },
    petitions: { channel: r.chance(49, 50), received, replied, repliedOnTime },
    satisfaction: { score: cents(r.int(7500, 9999)), source: '区统计局年度评价' },
    targets,
    narrative: {
      goals: [`围绕${type}职能，完成年度重点任务。`],
      accomplishments: [`全年完成重点工作任务 ${keyTasks.filter((t) => t.done).length} 项。`],
      experience: ['加强预算绩效管理学习，完善内控体系建设。'],
      plans: ['持续深化预算绩效管理，提升资金使用效益。'],
    },
    measures: {},
    stated: {},
    evaluation: {
      'budget-rationality': {
        items: {
          mandate: met(r, 990, '预算编制符合部门职责'),
          priorities: met(r, 980, '重点项目预算安排合理'),
          granularity: met(r, 950, '专项资金预算编制细化'),
          classification: met(r, 950, '功能分类和经济分类编制准确'),
          'not-fixed': met(r, 970, '预算分配不固化'),
        },
      },
      'budget-compliance': r.chance(1, 10)
        ? { deductions: [{ reason: '新增项目未按要求开展事前绩效评估' }], reason: '发现一项不符合' }
        : { reason: '未发现不符合项' },
      'target-completeness': r.chance(1, 20)
        ? { deductions: [{ reason: '个别项目绩效目标编报不完整' }] }
        : { reason: '绩效目标全覆盖' },
      'indicator-clarity': {
        items: {
          decomposed: met(r, 970, '绩效指标细化分解'),
          'outcome-indicators': met(r, 950, '设有效益指标'),
          measurable: met(r, 970, '指标值清晰可衡量'),
          justified: met(r, 960, '目标值测算有依据'),
        },
      },
      procurement: { items: { policy: met(r, 980, '政府采购政策功能落实') } },
      'financial-compliance': {
        items: {
          misuse: { met: r.chance(1, 200), reason: '资金使用核查结果' },
          spending: met(r, 980, '资金支出规范'),
          accounting: met(r, 980, '会计核算规范'),
        },
      },
      'project-procedure': {
        items: { approval: met(r, 990, '项目报批程序'), execution: met(r, 970, '项目实施程序') },
      },
      'project-supervision': {
        items: { mechanism: met(r, 970, '绩效运行监控机制'), oversight: met(r, 970, '检查监控督促整改') },
      },
      'asset-safety': {
        items: { custody: met(r, 980, '资产账实相符'), disposal: met(r, 980, '资产处置规范') },
      },
      'management-rules': {
        items: {
          established: met(r, 990, '管理制度建立'),
          enforced: met(r, 970, '制度有效执行'),
          'performance-management': met(r, 960, '预算绩效管理工作方案'),
        },
      },
      outcomes: { score: String(outcomes), reason: `部门整体效益指标完成情况良好，得 ${outcomes} 分` },
    },
  };

  const inconsistencies: Inconsistency[] = [];
  const share = opts.inconsistentPercent ?? 10;
  if (r.int(1, 100) <= share) {
    const kinds = r.sample(INCONSISTENCY_KINDS, r.int(1, 2));
    for (const kind of kinds)
      inconsistencies.push(inject(kind, dataset, r, { initial, adjustedTotal, quarterly }));
  }
  return { index, id: `${String(index + 1).padStart(5, '0')}-${code}`, dataset, inconsistencies };
}

/** Amounts by spending category (the schema's SPENDING_CATEGORIES), as decimal text. */
function byCategory(cents100: Record<SpendingCategory, number>): Record<SpendingCategory, string> {
  return Object.fromEntries(SPENDING_CATEGORIES.map((c) => [c, cents(cents100[c])])) as Record<
    SpendingCategory,
    string
  >;
}

function software(r: Rng) {
  const value = cents(r.int(10, 9000));
  return { name: '计算机软件（个、项等）', count: r.int(1, 20), originalValue: value, inUseValue: value };
}

function toCents(text: string): number {
  const m = /^(-?)(\d+)\.(\d\d)$/.exec(text);
  if (!m) throw new Error(`not a cents amount: ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}

interface Figures {
  initial: { personnel: number; publicOperating: number; project: number };
  adjustedTotal: number;
  quarterly: number[];
}

/** Makes one figure disagree with the others, and says which and how. */
function inject(
  kind: InconsistencyKind,
  ds: DatasetInput & { stated: Record<string, string> },
  r: Rng,
  f: Figures,
): Inconsistency {
  const off = r.int(1, 50) * 100 * (r.chance(1, 2) ? 1 : -1);
  switch (kind) {
    case 'stated-initial-total': {
      const real = f.initial.personnel + f.initial.publicOperating + f.initial.project;
      ds.stated['budget.initial.total'] = cents(real + off);
      return {
        kind,
        path: 'stated.budget.initial.total',
        description: `写明的年初预算合计 ${cents(real + off)} 万元，与各类别相加 ${cents(real)} 万元不符`,
      };
    }
    case 'stated-adjustment-net': {
      const net = f.adjustedTotal - (f.initial.personnel + f.initial.publicOperating + f.initial.project);
      ds.stated['adjustments.net'] = cents(net + off);
      return {
        kind,
        path: 'stated.adjustments.net',
        description: `写明的预算调整净额 ${cents(net + off)} 万元，与逐笔调整合计 ${cents(net)} 万元不符`,
      };
    }
    case 'stated-funded-control-rate': {
      const { staffInPost, authorizedPosts } = ds.staff as { staffInPost: number; authorizedPosts: number };
      // True rate in basis points, then a wrong one stated.
      const bp = Math.floor((2 * staffInPost * 10000 + authorizedPosts) / (2 * authorizedPosts));
      const wrong = bp + r.int(300, 1500);
      ds.stated['staff.fundedControlRate'] = bpPercent(wrong);
      return {
        kind,
        path: 'stated.staff.fundedControlRate',
        description: `写明的财政供养人员控制率 ${bpPercent(wrong)}，与 ${staffInPost}/${authorizedPosts} 不符`,
      };
    }
    case 'execution-by-category': {
      const q4 = f.quarterly[3]!;
      const personnel = Math.trunc(q4 / 4);
      const publicOperating = Math.trunc(q4 / 20);
      const project = q4 - personnel - publicOperating + r.int(1, 500) * 100;
      ds.execution.byCategory = {
        personnel: cents(personnel),
        publicOperating: cents(publicOperating),
        project: cents(project),
      };
      return {
        kind,
        path: 'execution.byCategory',
        description: `全年执行数按类别相加 ${cents(personnel + publicOperating + project)} 万元，与四季度末累计执行数 ${cents(q4)} 万元不符`,
      };
    }
    case 'quarterly-decreasing': {
      const q = f.quarterly;
      const lower = Math.max(0, q[1]! - r.int(100, 5000) * 100);
      ds.execution.quarterlyCumulative = [
        cents(Math.min(q[0]!, lower)),
        cents(q[1]!),
        cents(lower),
        cents(q[3]!),
      ];
      return {
        kind,
        path: 'execution.quarterlyCumulative[2]',
        description: `三季度末累计执行数 ${cents(lower)} 万元小于二季度末 ${cents(q[1]!)} 万元，累计数不应减少`,
      };
    }
    case 'asset-in-use-exceeds-original': {
      const cat = ds.assets.fixed[1]!;
      const original = toCents(String(cat.originalValue));
      cat.inUseValue = cents(original + r.int(1, 100) * 100);
      return {
        kind,
        path: 'assets.fixed[1].inUseValue',
        description: `${cat.name}在用原值 ${String(cat.inUseValue)} 万元大于原值 ${String(cat.originalValue)} 万元`,
      };
    }
    case 'petitions-replied-exceeds-received': {
      const p = ds.petitions as { received: number; replied: number; repliedOnTime: number };
      p.replied = p.received + r.int(1, 20);
      p.repliedOnTime = Math.min(p.repliedOnTime, p.received);
      return {
        kind,
        path: 'petitions.replied',
        description: `信访办理回复件数 ${p.replied} 大于受理件数 ${p.received}`,
      };
    }
    case 'projects-completed-exceeds-count': {
      const p = ds.projects as { count: number; completedOnTime: number };
      p.completedOnTime = p.count + r.int(1, 5);
      return {
        kind,
        path: 'projects.completedOnTime',
        description: `按时完成项目数 ${p.completedOnTime} 大于项目总数 ${p.count}`,
      };
    }
  }
}
