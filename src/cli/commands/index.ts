/**
 * The command registry: each command's name and one-line summary, and its module, loaded only when
 * the command runs (loading every command's dependencies took ≈ 1.2 s of every `jixiao` call). A new
 * command is one file in this folder and one entry here.
 */
import type { Command } from '../io.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: CommandEntry[] = [
  {
    name: 'score',
    summary: '按指标体系框架评分，列出每个指标得分和每一处失分',
    load: async () => (await import('./score.ts')).scoreCommand,
  },
  {
    name: 'validate',
    summary: '检查数据文件是否完整有效（字段、数字、单位），以及评分所需的评价依据是否齐全',
    load: async () => (await import('./validate.ts')).validateCommand,
  },
  {
    name: 'frameworks',
    summary: '列出内置的指标体系框架；给出 id 时显示其指标树',
    load: async () => (await import('./frameworks.ts')).frameworksCommand,
  },
  {
    name: 'report',
    summary: '生成部门整体支出绩效自评报告或绩效运行监控报告（.docx，也可 HTML、Markdown、PDF）',
    load: async () => (await import('./report.ts')).reportCommand,
  },
  {
    name: 'serve',
    summary: '启动网页服务：部门填报、评分、下载报告，财政局复核',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'synth',
    summary: '生成合成辖区：指定数量的部门年度数据（用于基准测试和演练），同一种子结果相同',
    load: async () => (await import('./synth.ts')).synthCommand,
  },
  {
    name: 'batch',
    summary: '批量评分：一个文件夹中的全部部门数据，多线程，输出汇总表（.xlsx）和逐文件错误清单',
    load: async () => (await import('./batch.ts')).batchCommand,
  },
  {
    name: 'targets',
    summary: '列出绩效目标：指标值解析、定量与否、实际完成值、完成情况、得分，以及各类定量指标占比（表1-4）',
    load: async () => (await import('./targets.ts')).targetsCommand,
  },
  {
    name: 'monitor',
    summary:
      '绩效运行监控（“双监控”）：预算执行与序时进度、目标进度与执行进度的偏差、各目标红黄绿状态和纠偏措施',
    load: async () => (await import('./monitor.ts')).monitorCommand,
  },
  {
    name: 'check',
    summary: '核对数字：报告（.docx/.txt/.pdf）或数据文件中对不上的合计、比率、重复数字、单位和失分说明',
    load: async () => (await import('./check.ts')).checkCommand,
  },
  {
    name: 'extract',
    summary: '从已写成的报告（.docx/.txt/.pdf）重建数据文件，列出未能重建的部分',
    load: async () => (await import('./extract.ts')).extractCommand,
  },
];
