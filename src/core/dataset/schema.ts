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
  hint,
  itemId,
  nonEmptyText,
  nonNegativeAmount,
  nonNegativeDecimal,
  scaleField,
  textBlock,
  textField,
  yearField,
} from './fields.ts';

export const SPENDING_CATEGORIES = ['personnel', 'publicOperating', 'project'] as const;
export type SpendingCategory = (typeof SPENDING_CATEGORIES)[number];
export const SPENDING_CATEGORY_LABELS: Record<SpendingCategory, string> = {
  personnel: '人员经费',
  publicOperating: '公用经费',
  project: '项目支出',
};

const byCategory = z
  .object({
    personnel: nonNegativeAmount.describe('人员经费（万元）'),
    publicOperating: nonNegativeAmount.describe('公用经费（万元）'),
    project: nonNegativeAmount.describe('项目支出（万元）'),
  })
  .strict();

const categoryEnum = z.enum(SPENDING_CATEGORIES, {
  error: hint('应为 personnel（人员经费）、publicOperating（公用经费）或 project（项目支出）'),
});

/** How a department disclosed its budget and final accounts; the labels are what users see. */
export const DISCLOSURE_LEVELS = ['full', 'partial', 'none', 'exempt'] as const;
export type DisclosureLevel = (typeof DISCLOSURE_LEVELS)[number];
export const DISCLOSURE_LABELS: Record<DisclosureLevel, string> = {
  full: '按规定公开',
  partial: '存在不符合',
  none: '未公开',
  exempt: '涉密免公开',
};
const disclosureEnum = z.enum(DISCLOSURE_LEVELS, {
  error: hint(
    `应为 ${DISCLOSURE_LEVELS.map(
      (v, i) => `${i === DISCLOSURE_LEVELS.length - 1 ? '或 ' : ''}${v}（${DISCLOSURE_LABELS[v]}）`,
    )
      .join('、')
      .replace('、或', '或')}`,
  ),
});

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

/** A declared performance target (绩效目标/指标) with its actual value and the evaluator's judgement. */
const targetSchema = z
  .object({
    id: itemId,
    category: z
      .enum(TARGET_CATEGORIES, {
        error: hint(`应为以下之一：${TARGET_CATEGORIES.join('、')}`),
      })
      .describe('指标类别'),
    name: nonEmptyText.describe('三级指标名称'),
    target: nonEmptyText.describe('指标值（按申报原文）'),
    actual: textField.optional().describe('实际完成值（按原文）'),
    quantitative: booleanField.optional().describe('申报时是否计为定量指标（缺省由解析判断）'),
    note: textField.optional(),
    weight: nonNegativeDecimal.optional().describe('该指标分值（项目自评表中填写）'),
    grade: z
      .enum(['met', 'partial', 'unmet'], {
        error: hint('应为 met（达成）、partial（部分达成）或 unmet（未达成）'),
      })
      .optional()
      .describe('定性指标的评价人分档'),
    points: nonNegativeDecimal.optional().describe('定性指标的评价人得分（在分档区间内）'),
    reason: textField.optional().describe('评价理由'),
    deviationReason: textField.optional().describe('偏差原因（未达成或超额完成时）'),
    carriedFrom: z
      .number({ error: hint('应为年份，如 2023') })
      .int()
      .min(2000)
      .max(2100)
      .optional()
      .describe('沿用自哪一年的目标（新年度从上年带入；其中的上年日期待部门改期，不作为核对问题）'),
  })
  .strict();

const monitoringForecast = z.enum(['certain', 'possible', 'impossible'], {
  error: hint('应为 certain（确定能）、possible（有可能）或 impossible（完全不可能）'),
});
const monitoringReason = z.enum(['funding', 'policy', 'staffing', 'facilities', 'other'], {
  error: hint(
    '应为 funding（经费保障）、policy（制度保障）、staffing（人员保障）、facilities（硬件条件保障）或 other（其他）',
  ),
});

/** 绩效运行监控：某一日期累计执行数与各目标的进度、完成可能性、偏差原因和纠偏措施。 */
const monitoringSchema = z
  .object({
    asOf: dateField.describe('监控日期（YYYY-MM-DD）'),
    budget: nonNegativeAmount.optional().describe('监控时的全年预算数（万元），缺省为调整预算数'),
    executed: nonNegativeAmount.describe('截至监控日期的累计执行数（万元）'),
    pace: z
      .array(
        z
          .object({
            date: z
              .string()
              .regex(/^\d{2}-\d{2}$/, { message: '应为月-日，如 03-31' })
              .describe('月-日'),
            share: scaleField({ name: '序时进度（%）', max: 100, example: '25', fraction: true }).describe(
              '该日应达到的执行进度（%）',
            ),
          })
          .strict(),
      )
      .optional()
      .describe('序时进度表，缺省为季度末 25%、50%、75%、100%'),
    gapThreshold: scaleField({ name: '预警百分点数', max: 100, example: '10' })
      .optional()
      .describe('目标进度与执行进度相差超过该百分点数时预警'),
    targets: z
      .array(
        z
          .object({
            id: itemId,
            name: nonEmptyText.describe('目标名称（与 targets 或项目目标的名称一致）'),
            project: textField.optional().describe('所属二级项目（部门整体目标不填）'),
            progress: textField.optional().describe('截至监控日期的完成值（按原文，如 1,500 人次）'),
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
            name: nonEmptyText,
            budget: nonNegativeAmount.optional(),
            executed: nonNegativeAmount,
          })
          .strict(),
      )
      .optional()
      .describe('各二级项目截至监控日期的执行数（万元）'),
    constructed: booleanField.optional().describe('示例中为构造的数字（非报告原文）'),
    note: textBlock.optional(),
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
            item: textField.optional().describe('对应的评分项 id'),
          })
          .strict(),
      )
      .optional()
      .describe('扣分事项'),
    score: nonNegativeDecimal.optional().describe('评价人判断得分（judged 类指标）'),
    reason: textField.optional().describe('评分理由'),
  })
  .strict();

export const datasetSchema = z
  .object({
    schemaVersion: z.union([z.literal(1), z.literal('1')]).transform(() => 1 as const),
    department: z
      .object({
        name: nonEmptyText.describe('部门（单位）名称'),
        code: textField.optional().describe('部门编码'),
        jurisdiction: textField.optional().describe('所属地区，如 福田区'),
      })
      .strict(),
    year: yearField.describe('评价年度'),
    framework: textField.optional().describe('默认使用的指标体系框架 id，如 futian-2023'),

    functions: textBlock.optional().describe('部门主要职能，每条一项'),
    annualWork: textBlock.optional().describe('年度总体工作'),
    keyTasksSummary: textBlock.optional().describe('重点工作任务概述'),
    keyTasks: z
      .array(
        z
          .object({
            id: itemId,
            name: nonEmptyText.describe('重点工作'),
            done: booleanField.describe('是否按期保质保量完成'),
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
            personnel: textBlock.optional(),
            publicOperating: textBlock.optional(),
            project: textBlock.optional(),
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
            category: categoryEnum.describe('调整的支出类别'),
            amount: amountField.describe('调整金额（万元），追加为正，调减为负'),
            reason: textField.optional().describe('调整原因'),
            date: dateField.optional(),
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
            from: nonEmptyText.describe('调出的项目/科目'),
            to: nonEmptyText.describe('调入的项目/科目'),
            amount: nonNegativeAmount.describe('调剂金额（万元）'),
            reason: textField.optional(),
            date: dateField.optional(),
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
        count: countField.describe('部门预算安排的二级项目数'),
        completedOnTime: countField.describe('按计划时间完成的项目数'),
        monitored: countField.optional().describe('纳入“双监控”的项目数'),
        monitoredRunningWell: countField.optional().describe('监控结果“整体运行良好”的项目数'),
        newProjects: countField.optional().describe('年中新增项目数'),
        adjustedBudget: nonNegativeAmount.optional().describe('二级项目调整预算合计（万元）'),
        executed: nonNegativeAmount.optional().describe('二级项目支出合计（万元）'),
        items: z
          .array(
            z
              .object({
                id: itemId,
                name: nonEmptyText,
                initialBudget: nonNegativeAmount.optional(),
                adjustedBudget: nonNegativeAmount.optional(),
                executed: nonNegativeAmount.optional(),
                completedOnTime: booleanField.optional(),
                monitored: booleanField.optional(),
                constructed: booleanField.optional().describe('示例中为构造的数字（非报告原文）'),
                targets: z.array(targetSchema).optional().describe('项目绩效目标（项目支出绩效自评表）'),
                evaluation: z
                  .record(z.string(), evaluationEntry)
                  .optional()
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
            outboundTravel: nonNegativeAmount.optional(),
            reception: nonNegativeAmount.optional(),
            vehiclePurchase: nonNegativeAmount.optional(),
            vehicleOperation: nonNegativeAmount.optional(),
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
        description: textBlock.optional(),
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
                count: countField.describe('数量'),
                originalValue: nonNegativeAmount.describe('原值（万元）'),
                inUseValue: nonNegativeAmount.describe('其中在用原值（万元）'),
                includes: z
                  .array(
                    z
                      .object({
                        name: nonEmptyText,
                        count: countField,
                        originalValue: nonNegativeAmount,
                        inUseValue: nonNegativeAmount,
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
                name: nonEmptyText,
                count: countField,
                originalValue: nonNegativeAmount,
                inUseValue: nonNegativeAmount,
              })
              .strict(),
          )
          .default([])
          .describe('无形资产按类别'),
        disposals: textBlock.optional(),
      })
      .strict(),

    staff: z
      .object({
        authorizedPosts: countField.describe('核定编制数（含工勤）'),
        staffInPost: countField.describe('实有在编人数（含工勤）'),
        extraStaff: countField.describe('编外人员实有人数（含劳务派遣）'),
        note: textBlock.optional(),
      })
      .strict(),

    disclosure: z
      .object({
        budget: disclosureEnum.describe('预算公开'),
        finalAccounts: disclosureEnum.describe('决算公开'),
        note: textBlock.optional(),
      })
      .strict()
      .describe('预决算信息公开'),

    petitions: z
      .object({
        channel: booleanField.describe('是否建立便利的群众意见反映渠道和办理回复机制'),
        received: countField.describe('受理件数'),
        replied: countField.describe('办理回复件数'),
        repliedOnTime: countField.describe('按时办理回复件数'),
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
        }).describe('满意度得分（百分制）'),
        source: textField.optional().describe('数据来源'),
      })
      .strict(),

    targets: z.array(targetSchema).default([]).describe('部门整体绩效目标（表1-3、表2-3）'),

    monitoring: monitoringSchema
      .optional()
      .describe('绩效运行监控（“双监控”）：某一日期的预算执行与目标进度'),

    narrative: z
      .record(z.string(), textBlock)
      .default({})
      .describe('报告引用的叙述段落，如 goals、accomplishments、experience、plans、suggestions'),
    measures: z.record(z.string(), textBlock).default({}).describe('针对失分指标的改进措施，键为指标 code'),

    stated: z
      .record(z.string(), textField)
      .default({})
      .describe('报告或填报中写明的数字（键为指标量名），用于与系统计算值核对'),
    figures: z
      .record(
        z.string(),
        z.union([
          decimalField,
          z.object({ target: decimalField.optional(), actual: decimalField.optional() }).strict(),
        ]),
      )
      .default({})
      .describe('本框架专用指标数据'),
    priorYear: z
      .object({
        quantifiedShare: scaleField({
          name: '上年量化指标占比（%）',
          max: 100,
          example: '65.22',
          fraction: true,
        })
          .optional()
          .describe('上年量化指标占比（%）'),
        total: nonNegativeDecimal.optional().describe('上年自评总分'),
        scores: z.record(z.string(), nonNegativeDecimal).optional().describe('上年各指标得分，键为指标 code'),
        dataset: textField.optional().describe('上年数据文件（相对本文件的路径）'),
      })
      .passthrough()
      .optional(),

    evaluation: z.record(z.string(), evaluationEntry).default({}).describe('评价人判断，键为指标 code'),
  })
  .strict();

export type Dataset = z.output<typeof datasetSchema>;
export type DatasetInput = z.input<typeof datasetSchema>;
export type EvaluationEntry = z.output<typeof evaluationEntry>;
export type Target = Dataset['targets'][number];
export type Monitoring = NonNullable<Dataset['monitoring']>;
export type ProjectItem = NonNullable<Dataset['projects']['items']>[number];
