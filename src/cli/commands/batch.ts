import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runBatch } from '../../batch/run.ts';
import { progressOn } from '../../batch/progress.ts';
import { parse } from '../args.ts';
import { EXIT, UsageError, type Command } from '../io.ts';
import { defaultFramework, loadFrameworkOrReport } from './common.ts';

export const batchCommand: Command = {
  name: 'batch',
  get usage() {
    return `用法：jixiao batch <文件夹|数据库> [--framework <框架 id 或文件>] [-o <汇总表.xlsx>] [--reports <文件夹>] [--workers <线程数>] [--no-checks] [--json]

  <文件夹>      含部门数据文件（.yaml/.yml/.json，含子文件夹；manifest.json 除外）
  <文件夹> 也可以是网页应用的数据库：postgres://… 连接串，或（服务已停止时的）内置数据库目录
  --framework   统一使用的指标体系框架（缺省 ${defaultFramework()}）
  -o, --output  汇总表：每个部门一行（总分、等级、各三级指标失分、问题数按严重程度），另有“错误清单”工作表
  --reports     为每个部门生成自评报告（.docx）写入该文件夹，并用报告核对逐份核对（汇总表中列出核对结果）
  --workers     工作线程数（缺省为 CPU 核数；0 表示不用工作线程）
  --no-checks   不做数据一致性核对，只评分
  --json        以 JSON 输出汇总（文件数、评分数、出错文件及原因、各等级数）

在终端上运行时，标准错误输出显示进度；输出被管道或重定向时、或用 --json 时不显示。

某个文件出错不会中断运行：错误逐条列出，最后汇总。
退出码：0 全部成功；1 有文件出错或发现数据错误；2 参数或框架有误`;
  },
  async run(args, io) {
    const { values, positionals } = parse(args, {
      framework: { type: 'string' },
      output: { type: 'string', short: 'o' },
      workers: { type: 'string' },
      reports: { type: 'string' },
      'no-checks': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.out(this.usage);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('需要一个数据文件夹或数据库');
    const input = /^postgres(ql)?:\/\//.test(positionals[0]!) ? positionals[0]! : resolve(positionals[0]!);
    if (!input.startsWith('postgres') && !existsSync(input)) {
      io.err(`找不到 ${positionals[0]}`);
      return EXIT.badInput;
    }
    if (values.workers !== undefined && !/^\d{1,3}$/.test(values.workers))
      throw new UsageError(`--workers 应为整数，收到“${values.workers}”`);
    const output = values.output ? resolve(values.output) : undefined;
    if (output && !/\.xlsx$/i.test(output)) throw new UsageError('汇总表应为 .xlsx 文件');
    const framework = loadFrameworkOrReport(io, values.framework ?? defaultFramework());
    if (typeof framework === 'number') return framework;
    const json = values.json === true;
    const progress = progressOn('评分', json);
    const summary = await runBatch({
      input,
      framework,
      output,
      workers: values.workers === undefined ? undefined : Number(values.workers),
      checks: !values['no-checks'],
      reportsDir: values.reports ? resolve(values.reports) : undefined,
      onProgress: (done, total) => progress.update(done, total),
      onError: (e) => {
        progress.clear();
        io.err(`  ✗ ${e.file}：${e.message}`);
      },
    });
    if (summary.files === 0) {
      io.err(`${positionals[0]} 中没有数据文件（.yaml/.yml/.json）`);
      return EXIT.badInput;
    }
    if (json) {
      io.out(
        JSON.stringify(
          {
            files: summary.files,
            scored: summary.scored,
            failed: summary.failed,
            checked: summary.checked,
            withErrors: summary.withErrors,
            grades: summary.grades,
            errors: summary.errors,
            ...(output ? { output } : {}),
            ...(values.reports ? { reports: resolve(values.reports) } : {}),
          },
          null,
          2,
        ),
      );
      return summary.failed || summary.withErrors ? EXIT.findings : EXIT.ok;
    }
    const grades = Object.entries(summary.grades)
      .map(([g, n]) => `${g || '无等级'} ${n}`)
      .join('，');
    io.out(
      `共 ${summary.files} 个文件：评分 ${summary.scored} 个${grades ? `（${grades}）` : ''}，出错 ${summary.failed} 个` +
        (summary.checked
          ? `；数据核对发现错误的部门 ${summary.withErrors} 个`
          : '；未做数据核对（核对功能不可用）'),
    );
    if (output) io.out(`汇总表：${output}`);
    if (values.reports) io.out(`报告：${resolve(values.reports)}`);
    return summary.failed || summary.withErrors ? EXIT.findings : EXIT.ok;
  },
};
