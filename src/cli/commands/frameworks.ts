import { listFrameworks } from '../../adapters/files.ts';
import type { IndicatorNode } from '../../core/framework/schema.ts';
import { ruleKindLabel } from '../../core/rules/registry.ts';
import { parse } from '../args.ts';
import { EXIT, type Command } from '../io.ts';
import { loadFrameworkOrReport } from './common.ts';

export const frameworksCommand: Command = {
  name: 'frameworks',
  usage: `用法：jixiao frameworks [框架 id 或文件]`,
  async run(args, io) {
    const { values, positionals } = parse(args, {});
    if (values.help) {
      io.out(this.usage);
      return EXIT.ok;
    }
    if (positionals[0]) {
      const fw = loadFrameworkOrReport(io, positionals[0]);
      if (typeof fw === 'number') return fw;
      io.out(`${fw.id}：${fw.name}（总分 ${fw.total}）`);
      const walk = (n: IndicatorNode, depth: number) => {
        io.out(
          `${'  '.repeat(depth)}${n.name}（${n.weight}分）${n.rule ? `［${ruleKindLabel(n.rule.kind)}］` : ''}`,
        );
        n.children?.forEach((c) => walk(c, depth + 1));
      };
      fw.indicators.forEach((n) => walk(n, 1));
      return EXIT.ok;
    }
    const list = listFrameworks();
    io.out('内置指标体系框架：');
    for (const f of list)
      io.out(
        `  ${f.id}  ${f.name}${f.year ? `（${f.year} 年度）` : ''}  [${f.scope === 'project' ? '项目支出' : '部门整体'}]`,
      );
    return EXIT.ok;
  },
};
