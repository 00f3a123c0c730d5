/**
 * The department-year dataset (部门年度数据): everything the Futian framework's scoring and the
 * self-evaluation report use. Amounts are decimal strings in 万元; see fields.ts for what is accepted.
 */
import { z } from 'zod';
import {
  amountField,
  booleanField,
  countField,
  dateField,
  decimalField,
  field,
  fieldMeta,
  hint,
  itemId,
  labelledEnum,
  nonEmptyText,
  nonNegativeAmount,
  nonNegativeDecimal,
  scaleField,
  textBlock,
  textField,
  yearField,
} from './fields.ts';
import { SCHEMA_VERSION } from './upgrade.ts';
import { rectificationStatusField } from '../rectification/model.ts';

import { SPENDING_CATEGORIES, SPENDING_CATEGORY_LABELS, type SpendingCategory } from './categories.ts';
export { SPENDING_CATEGORIES, SPENDING_CATEGORY_LABELS, type SpendingCategory };

/** The report's narrative blocks: key → the label the form, the workbook and the report's placeholders show. */
export const NARRATIVE_LABELS = {
  budgetResponsibilities: '预算绩效管理责任（每行“机构：职责”）',
  budgetManagement: '预算绩效管理情况',
  budgetPreparation: '年初预算编制情况',
  budgetCompliance: '预算编制规范性',
  targetCompleteness: '绩效目标完整性',
  indicatorClarity: '绩效指标明确性',
  procurementPolicy: '政府采购执行情况',
  financialCompliance: '财务合规性',
  transfersNote: '预算调剂说明',
  disclosure: '预决算信息公开',
  projectProcedure: '项目实施程序',
  projectSupervision: '项目监管',
  assetSafety: '资产管理安全性',
  internalControl: '内部控制制度管理',
  performanceManagement: '全面实施预算绩效管理情况',
  goals: '主要履职目标',
  accomplishments: '主要履职情况',
  keyWork: '重点工作完成情况',
  socialBenefits: '社会效益',
  sustainability: '可持续发展',
  petitions: '信访办理情况',
  experience: '预算绩效管理工作主要经验、做法',
  plans: '后续工作计划',
  suggestions: '相关建议',
} as const satisfies Record<string, string>;
export type NarrativeKey = keyof typeof NARRATIVE_LABELS;

const byCategory = z
  .object({
    personnel: nonNegativeAmount.describe('人员经费（万元）'),
    publicOperating: nonNegativeAmount.describe('公用经费（万元）'),
    project: nonNegativeAmount.describe('项目支出（万元）'),
  })
  .strict();

const categoryEnum = labelledEnum(SPENDING_CATEGORIES, SPENDING_CATEGORY_LABELS);

/** How a department disclosed its budget and final accounts; the labels are what users see. */
export const DISCLOSURE_LEVELS = ['full', 'partial', 'none', 'exempt'] as const;
export type DisclosureLevel = (typeof DISCLOSURE_LEVELS)[number];
export const DISCLOSURE_LABELS: Record<DisclosureLevel, string> = {
  full: '按规定公开',
  partial: '存在不符合',
  none: '未公开',
  exempt: '涉密免公开',
};
const disclosureEnum = labelledEnum(DISCLOSURE_LEVELS, DISCLOSURE_LABELS);

export const TARGET_CATEGORIES = [
  '数量指标',
  '质量指标',
  '时效指标',
  '成本指标',
  '经济效益指标',
  '社会效益指标',
  '生态效益指标',
  '可持续影响指标',
  '满意度指标',
] as const;
export type TargetCategory = (typeof TARGET_CATEGORIES)[number];
const TARGET_CATEGORY_LABELS = Object.fromEntries(TARGET_CATEGORIES.map((c) => [c, c])) as Record<
  TargetCategory,
  string
>;

/** An evaluator's grade of a qualitative target. */
export const TARGET_GRADES = ['met', 'partial', 'unmet'] as const;
export type TargetGrade = (typeof TARGET_GRADES)[number];
export const TARGET_GRADE_LABELS: Record<TargetGrade, string> = {
  met: '达成',
  partial: '部分达成',
  unmet: '未达成',
};

/** 双监控: how likely a target is met by the year end, and the category of a deviation's reason. */
export const FORECASTS = ['certain', 'possible', 'impossible'] as const;
export type Forecast = (typeof FORECASTS)[number];
export const FORECAST_LABELS: Record<Forecast, string> = {
  certain: '确定能',
  possible: '有可能',
  impossible: '完全不可能',
};
export const REASON_CATEGORIES = ['funding', 'policy', 'staffing', 'facilities', 'other'] as const;
export type ReasonCategory = (typeof REASON_CATEGORIES)[number];
export const REASON_LABELS: Record<ReasonCategory, string> = {
  funding: '经费保障',
  policy: '制度保障',
  staffing: '人员保障',
  facilities: '硬件条件保障',
  other: '其他',
};

/** A declared performance target (绩效目标/指标) with its actual value and the evaluator's judgement. */
const targetSchema = z
  .object({
    id: itemId,
    // The MOF nine, or a category the framework declares (targetCategories); which framework is known
    // only when scoring, so `jixiao validate` checks it there (unknownTargetCategories). The form offers
    // the nine (catalogue options).
    category: field(
      z.union([z.enum(TARGET_CATEGORIES), nonEmptyText], {
        error: hint(`应为以下之一：${TARGET_CATEGORIES.join('、')}，或框架声明的目标类别`),
      }),
      { kind: 'enum', options: TARGET_CATEGORY_LABELS },
    ).describe('指标类别'),
    name: nonEmptyText.describe('三级指标名称'),
    target: nonEmptyText.describe('指标值（按申报原文）'),
    actual: textField.optional().describe('实际完成值（按原文）'),
    quantitative: booleanField
      .optional()
      .describe('申报时是否计为定量指标（缺省由解析判断）')
      .register(fieldMeta, { label: '定量指标' }),
    note: textField.optional().describe('备注'),
    weight: nonNegativeDecimal
      .describe('该指标分值（项目自评表中填写）')
      .register(fieldMeta, { unit: '分', label: '分值' })
      .optional(),
    grade: labelledEnum(TARGET_GRADES, TARGET_GRADE_LABELS)
      .optional()
      .describe('定性指标的评价人分档')
      .register(fieldMeta, { label: '定性分档' }),
    points: nonNegativeDecimal
      .describe('定性指标的评价人得分（在分档区间内）')
      .register(fieldMeta, { unit: '分', label: '定性得分' })
      .optional(),
    reason: textField.optional().describe('评价理由'),
    deviationReason: textField.optional().describe('偏差原因（未达成或超额完成时）'),
    carriedFrom: z
      .number({ error: hint('应为年份，如 2023') })
      .register(fieldMeta, { kind: 'count', source: 'derived' })
      .int()
      .min(2000)
      .max(2100)
      .optional()
      .describe('沿用自哪一年的目标（新年度从上年带入；其中的上年日期待部门改期，不作为核对问题）'),
  })
  .strict();

const monitoringForecast = labelledEnum(FORECASTS, FORECAST_LABELS);
const monitoringReason = labelledEnum(REASON_CATEGORIES, REASON_LABELS);

/** 绩效运行监控：某一日期累计执行数与各目标的进度、完成可能性、偏差原因和纠偏措施。 */
const monitoringSchema = z
  .object({
    asOf: dateField.describe('监控日期（YYYY-MM-DD）'),
    budget: nonNegativeAmount
      .optional()
      .describe('监控时的全年预算数（万元），缺省为调整预算数')
      .register(fieldMeta, { label: '监控时全年预算数（缺省为调整预算数）' }),
    executed: nonNegativeAmount
      .describe('截至监控日期的累计执行数（万元）')
      .register(fieldMeta, { label: '截至监控日期累计执行数' }),
    pace: z
      .array(
        z
          .object({
            date: field(z.string().regex(/^\d{2}-\d{2}$/, { message: '应为月-日，如 03-31' }), {
              kind: 'text',
              label: '日期（月-日，如 03-31）',
            }).describe('月-日'),
            share: scaleField({ name: '序时进度（%）', max: 100, example: '25', fraction: true })
              .describe('该日应达到的执行进度（%）')
              .register(fieldMeta, { unit: '%', label: '应达到的执行进度' }),
          })
          .strict(),
      )
      .optional()
      .describe('序时进度表，缺省为季度末 25%、50%、75%、100%'),
    gapThreshold: scaleField({ name: '预警百分点数', max: 100, example: '10' })
      .register(fieldMeta, { unit: '个百分点', label: '进度偏差预警线' })
      .optional()
      .describe('目标进度与执行进度相差超过该百分点数时预警'),
    targets: z
      .array(
        z
          .object({
            id: itemId,
            name: nonEmptyText.describe('目标名称（与 targets 或项目目标的名称一致）'),
            project: textField
              .optional()
              .describe('所属二级项目（部门整体目标不填）')
              .register(fieldMeta, { label: '所属二级项目（整体目标不填）' }),
            progress: textField
              .optional()
              .describe('截至监控日期的完成值（按原文，如 1,500 人次）')
              .register(fieldMeta, { label: '截至监控日期完成值' }),
            forecast: monitoringForecast.optional().describe('全年完成可能性'),
            reasonCategory: monitoringReason.optional().describe('偏差原因类别'),
            reason: textField.optional().describe('偏差原因说明'),
            action: textField.optional().describe('纠偏措施'),
          })
          .strict(),
      )
      .default([])
      .describe('各目标的监控情况'),
    projects: z
      .array(
        z
          .object({
            id: itemId,
            name: nonEmptyText.describe('项目名称'),
            budget: nonNegativeAmount.optional().describe('全年预算数（万元）'),
            executed: nonNegativeAmount.describe('累计执行数（万元）'),
          })
          .strict(),
      )
      .optional()
      .describe('各二级项目截至监控日期的执行数（万元）'),
    constructed: field(booleanField, { source: 'derived' })
      .optional()
      .describe('示例中为构造的数字（非报告原文）'),
    note: textBlock.optional().describe('监控情况说明'),
  })
  .strict();

const evaluationEntry = z
  .object({
    items: z
      .record(
        z.string(),
        z
          .object({
            met: booleanField.optional().describe('该项是否达到'),
            points: nonNegativeDecimal.optional().describe('该项得分（部分得分时填写）'),
            reason: textField.optional().describe('评分理由'),
          })
          .strict(),
      )
      .optional()
      .describe('清单项逐项判断，键为框架中的项目 id'),
    deductions: z
      .array(
        z
          .object({
            reason: nonEmptyText.describe('扣分事由'),
            points: nonNegativeDecimal.optional().describe('扣分（缺省按框架每项扣分）'),
            item: field(textField, { label: '对应的评分项' }).optional().describe('对应的评分项 id'),
          })
          .strict(),
      )
      .optional()
      .describe('扣分事项'),
    score: nonNegativeDecimal.optional().describe('评价人判断得分（judged 类指标）'),
    reason: textField.optional().describe('评分理由'),
  })
  .strict();

/** A framework-declared figure (contract: a normalized decimal string; amounts in 万元, ratios as percentages). */
const figureValue = field(decimalField, { source: 'entered' });

export const datasetSchema = z
  .object({
    schemaVersion: field(
      z.union([z.literal(SCHEMA_VERSION), z.literal(String(SCHEMA_VERSION))]).transform(() => SCHEMA_VERSION),
      { source: 'derived', label: '数据格式版本' },
    ),
    department: z
      .object({
        name: nonEmptyText.describe('部门（单位）名称'),
        code: textField.optional().describe('部门编码'),
        jurisdiction: textField.optional().describe('所属地区，如 福田区'),
      })
      .strict(),
    year: yearField.describe('评价年度').register(fieldMeta, { unit: '年' }),
    framework: field(textField, { source: 'derived', label: '指标体系框架' })
      .optional()
      .describe('默认使用的指标体系框架 id，如 futian-2023'),

    functions: textBlock.optional().describe('部门主要职能，每条一项'),
    annualWork: textBlock.optional().describe('年度总体工作'),
    keyTasksSummary: textBlock.optional().describe('重点工作任务概述'),
    keyTasks: z
      .array(
        z
          .object({
            id: itemId,
            name: nonEmptyText.describe('重点工作'),
            done: booleanField
              .describe('是否按期保质保量完成')
              .register(fieldMeta, { label: '按期保质保量完成' }),
            source: textField.optional().describe('交办来源'),
            reason: textField.optional().describe('未完成原因或完成说明'),
          })
          .strict(),
      )
      .default([])
      .describe('重点工作任务（党委、政府、人大和上级部门下达或交办）'),

    budget: z
      .object({
        initial: byCategory.describe('年初预算（万元）'),
        priorYear: byCategory.optional().describe('上年预算（万元）'),
        changeReasons: z
          .object({
            personnel: textBlock.optional().describe('人员经费变动原因'),
            publicOperating: textBlock.optional().describe('公用经费变动原因'),
            project: textBlock.optional().describe('项目支出变动原因'),
          })
          .strict()
          .optional()
          .describe('与上年相比的变动原因'),
        fundingSource: textField.optional().describe('资金来源，如 一般公共预算财政拨款'),
      })
      .strict(),

    adjustments: z
      .array(
        z
          .object({
            id: itemId,
            category: categoryEnum.describe('调整的支出类别').register(fieldMeta, { label: '支出类别' }),
            amount: amountField
              .describe('调整金额（万元），追加为正，调减为负')
              .register(fieldMeta, { label: '调整金额（追加为正，调减为负）' }),
            reason: textField.optional().describe('调整原因'),
            date: dateField.optional().describe('日期'),
          })
          .strict(),
      )
      .default([])
      .describe('预算调整（经财政部门批准的总额增减）'),

    transfers: z
      .array(
        z
          .object({
            id: itemId,
            from: nonEmptyText.describe('调出的项目/科目').register(fieldMeta, { label: '调出项目/科目' }),
            to: nonEmptyText.describe('调入的项目/科目').register(fieldMeta, { label: '调入项目/科目' }),
            amount: nonNegativeAmount.describe('调剂金额（万元）'),
            reason: textField.optional().describe('调剂原因'),
            date: dateField.optional().describe('日期'),
          })
          .strict(),
      )
      .default([])
      .describe('预算调剂（总额内的项目间调剂）'),

    execution: z
      .object({
        quarterlyCumulative: z
          .array(nonNegativeAmount)
          .length(4, { message: '应为四个季度末的累计执行数（万元）' })
          .describe('一至四季度末累计执行数（万元）'),
        byCategory: byCategory.optional().describe('全年执行数按类别（万元）'),
      })
      .strict(),

    projects: z
      .object({
        count: countField
          .describe('部门预算安排的二级项目数')
          .register(fieldMeta, { unit: '个', label: '二级项目数' }),
        completedOnTime: countField.describe('按计划时间完成的项目数').register(fieldMeta, { unit: '个' }),
        monitored: countField.optional().describe('纳入“双监控”的项目数').register(fieldMeta, { unit: '个' }),
        monitoredRunningWell: countField
          .optional()
          .describe('监控结果“整体运行良好”的项目数')
          .register(fieldMeta, { unit: '个' }),
        newProjects: countField.optional().describe('年中新增项目数').register(fieldMeta, { unit: '个' }),
        adjustedBudget: nonNegativeAmount.optional().describe('二级项目调整预算合计（万元）'),
        executed: nonNegativeAmount.optional().describe('二级项目支出合计（万元）'),
        items: z
          .array(
            z
              .object({
                id: itemId,
                name: nonEmptyText.describe('项目名称'),
                initialBudget: nonNegativeAmount.optional().describe('年初预算数（万元）'),
                adjustedBudget: nonNegativeAmount
                  .optional()
                  .describe('全年预算数（调整后）')
                  .register(fieldMeta, { label: '全年预算数（调整后）' }),
                executed: nonNegativeAmount.optional().describe('全年执行数（万元）'),
                completedOnTime: booleanField.optional().describe('按计划时间完成'),
                monitored: booleanField.optional().describe('纳入“双监控”'),
                constructed: field(booleanField, { source: 'derived' })
                  .optional()
                  .describe('示例中为构造的数字（非报告原文）'),
                targets: z.array(targetSchema).optional().describe('项目绩效目标（项目支出绩效自评表）'),
                evaluation: z
                  .record(z.string(), evaluationEntry)
                  .optional()
                  .register(fieldMeta, { source: 'judgement' })
                  .describe('项目自评的评价人判断，键为项目框架的指标 code'),
              })
              .strict(),
          )
          .optional()
          .describe('逐个二级项目'),
      })
      .strict(),

    threePublicCosts: z
      .object({
        budget: z
          .object({
            outboundTravel: nonNegativeAmount.optional().describe('因公出国（境）费'),
            reception: nonNegativeAmount.optional().describe('公务接待费'),
            vehiclePurchase: nonNegativeAmount.optional().describe('公务用车购置费'),
            vehicleOperation: nonNegativeAmount.optional().describe('公务用车运行维护费'),
          })
          .strict(),
        actual: z
          .object({
            outboundTravel: nonNegativeAmount.optional().describe('因公出国（境）费'),
            reception: nonNegativeAmount.optional().describe('公务接待费'),
            vehiclePurchase: nonNegativeAmount.optional().describe('公务用车购置费'),
            vehicleOperation: nonNegativeAmount.optional().describe('公务用车运行维护费'),
          })
          .strict(),
      })
      .strict()
      .describe('“三公”经费预算与实际（万元）'),

    dailyOperating: z
      .object({
        initialBudget: nonNegativeAmount.optional().describe('日常公用经费预算安排数（万元）'),
        adjustedBudget: nonNegativeAmount.describe('日常公用经费调整预算数（万元）'),
        actual: nonNegativeAmount.describe('日常公用经费决算数（万元）'),
      })
      .strict(),

    procurement: z
      .object({
        planned: nonNegativeAmount.describe('政府采购计划金额（万元）'),
        actual: nonNegativeAmount.describe('实际采购金额（万元）'),
        description: textBlock.optional().describe('政府采购情况说明'),
      })
      .strict(),

    assets: z
      .object({
        fixed: z
          .array(
            z
              .object({
                id: itemId,
                name: nonEmptyText.describe('资产类别'),
                count: countField.describe('数量').register(fieldMeta, { unit: '个' }),
                originalValue: nonNegativeAmount.describe('原值（万元）'),
                inUseValue: nonNegativeAmount.describe('其中在用原值（万元）'),
                includes: z
                  .array(
                    z
                      .object({
                        name: nonEmptyText.describe('名称'),
                        count: countField.describe('数量').register(fieldMeta, { unit: '个' }),
                        originalValue: nonNegativeAmount.describe('原值（万元）'),
                        inUseValue: nonNegativeAmount.describe('其中在用原值（万元）'),
                      })
                      .strict(),
                  )
                  .optional()
                  .describe('其中（已含在本类中的细项，如 车辆）'),
              })
              .strict(),
          )
          .describe('固定资产按类别'),
        intangible: z
          .array(
            z
              .object({
                id: itemId,
                name: nonEmptyText.describe('资产类别'),
                count: countField.describe('数量').register(fieldMeta, { unit: '个' }),
                originalValue: nonNegativeAmount.describe('原值（万元）'),
                inUseValue: nonNegativeAmount.describe('其中在用原值（万元）'),
              })
              .strict(),
          )
          .default([])
          .describe('无形资产按类别'),
        disposals: textBlock.optional().describe('资产处置情况'),
      })
      .strict(),

    staff: z
      .object({
        authorizedPosts: countField
          .describe('核定编制数（含工勤）')
          .register(fieldMeta, { unit: '人', label: '核定编制数（含工勤）' }),
        staffInPost: countField
          .describe('实有在编人数（含工勤）')
          .register(fieldMeta, { unit: '人', label: '实有在编人数（含工勤）' }),
        extraStaff: countField
          .describe('编外人员实有人数（含劳务派遣）')
          .register(fieldMeta, { unit: '人', label: '编外人员实有人数（含劳务派遣）' }),
        note: textBlock.optional().describe('人员情况说明'),
        retired: countField
          .describe('离退休人员数')
          .register(fieldMeta, { unit: '人', section: 'people' })
          .optional(),
      })
      .strict(),

    disclosure: z
      .object({
        budget: disclosureEnum.describe('预算公开'),
        finalAccounts: disclosureEnum.describe('决算公开'),
        note: textBlock.optional().describe('公开情况说明'),
      })
      .strict()
      .describe('预决算信息公开'),

    petitions: z
      .object({
        channel: booleanField
          .describe('是否建立便利的群众意见反映渠道和办理回复机制')
          .register(fieldMeta, { label: '已建立群众意见反映渠道和办理回复机制' }),
        received: countField.describe('受理件数').register(fieldMeta, { unit: '件', label: '信访受理件数' }),
        replied: countField.describe('办理回复件数').register(fieldMeta, { unit: '件' }),
        repliedOnTime: countField.describe('按时办理回复件数').register(fieldMeta, { unit: '件' }),
      })
      .strict()
      .describe('群众信访办理'),

    satisfaction: z
      .object({
        score: scaleField({
          name: '满意度得分（百分制）',
          max: 100,
          example: '86.52',
          fraction: true,
          aboveZero: true,
        })
          .describe('满意度得分（百分制）')
          .register(fieldMeta, { unit: '分（百分制）' }),
        source: textField.optional().describe('数据来源').register(fieldMeta, { label: '满意度数据来源' }),
      })
      .strict(),

    targets: z.array(targetSchema).default([]).describe('部门整体绩效目标（表1-3、表2-3）'),

    monitoring: monitoringSchema
      .optional()
      .describe('绩效运行监控（“双监控”）：某一日期的预算执行与目标进度'),

    narrative: z
      .object(
        Object.fromEntries(
          Object.entries(NARRATIVE_LABELS).map(([k, label]) => [k, field(textBlock, { label }).optional()]),
        ) as Record<NarrativeKey, z.ZodOptional<typeof textBlock>>,
      )
      .catchall(field(textBlock, { source: 'derived' }))
      .default({})
      .describe('报告引用的叙述段落，如 goals、accomplishments、experience、plans、suggestions'),
    measures: z
      .record(z.string(), textBlock)
      .default({})
      .register(fieldMeta, { source: 'judgement' })
      .describe('针对失分指标的改进措施，键为指标 code'),

    stated: z
      .record(z.string(), textField)
      .default({})
      .register(fieldMeta, { source: 'derived' })
      .describe('报告或填报中写明的数字（键为指标量名），用于与系统计算值核对'),
    priorYear: z
      .object({
        quantifiedShare: scaleField({
          name: '上年量化指标占比（%）',
          max: 100,
          example: '65.22',
          fraction: true,
        })
          .register(fieldMeta, { unit: '%' })
          .optional()
          .describe('上年量化指标占比（%）'),
        total: nonNegativeDecimal.describe('上年自评总分').register(fieldMeta, { unit: '分' }).optional(),
        scores: z
          .record(z.string(), nonNegativeDecimal)
          .optional()
          .register(fieldMeta, { source: 'derived' })
          .describe('上年各指标得分，键为指标 code'),
        dataset: field(textField, { source: 'derived' })
          .optional()
          .describe('上年数据文件（相对本文件的路径）'),
        rectifications: z
          .array(
            z
              .object({
                ref: textField.describe('整改事项编号'),
                year: yearField.describe('问题所属年度'),
                indicatorCode: textField.optional().describe('指标编码'),
                problem: textField.describe('存在问题'),
                measure: textField.optional().describe('整改措施'),
                owner: textField.optional().describe('责任人'),
                deadline: dateField.optional().describe('整改期限'),
                status: rectificationStatusField.describe('整改状态'),
                note: textField.optional().describe('完成情况'),
              })
              .strict(),
          )
          .optional()
          .register(fieldMeta, { source: 'derived' })
          .describe('上年问题整改情况：上年未完成的整改事项，由系统从整改台账带入'),
      })
      .passthrough()
      .optional(),

    evaluation: z
      .record(z.string(), evaluationEntry)
      .default({})
      .register(fieldMeta, { source: 'judgement' })
      .describe('评价人判断，键为指标 code'),

    figures: z
      .record(
        z.string(),
        z.union([
          figureValue,
          z.object({ target: figureValue.optional(), actual: figureValue.optional() }).strict(),
        ]),
      )
      .default({})
      .register(fieldMeta, { source: 'entered', section: 'figures' })
      .describe('本框架专用指标数据：键为框架 fields 中的字段 id；成对字段写作 {target, actual}'),
  })
  .strict();

export type Dataset = z.output<typeof datasetSchema>;
export type DatasetInput = z.input<typeof datasetSchema>;
export type EvaluationEntry = z.output<typeof evaluationEntry>;
export type Target = Dataset['targets'][number];
export type Monitoring = NonNullable<Dataset['monitoring']>;
export type ProjectItem = NonNullable<Dataset['projects']['items']>[number];
