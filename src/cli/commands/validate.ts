import { checkFigures } from '../../core/framework/figures.ts';
import { score } from '../../core/score.ts';
import { parse } from '../args.ts';
import { unknownTargetCategories } from '../../core/framework/validate.ts';
import { EXIT, UsageError, reportErrors, type Command } from '../io.ts';
import { loadInputs } from './common.ts';

export const validateCommand: Command = {
  name: 'validate',
  usage: `用法：jixiao validate <数据文件> [--framework <框架 id 或文件>]

退出码：0 数据有效且评价依据齐全；1 数据有效但缺少评价依据；2 数据有误`,
  async run(args, io) {
    const { values, positionals } = parse(args, { framework: { type: 'string' } });
    if (values.help) {
      io.out(this.usage);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('需要一个数据文件');
    const inputs = loadInputs(io, positionals[0]!, values.framework);
    if (typeof inputs === 'number') return inputs;
    const { dataset, framework } = inputs;
    const wrongCategories = unknownTargetCategories(dataset, framework);
    if (wrongCategories.length) return reportErrors(io, `数据文件 ${positionals[0]!} 有误`, wrongCategories);
    // The framework's own fields (figures): a wrong one is a data error, a missing one missing evidence.
    const figures = checkFigures(dataset, framework);
    const invalid = figures.filter((f) => f.kind === 'invalid');
    if (invalid.length) {
      io.err(`数据有误：本框架的字段（${framework.name}）`);
      for (const f of invalid) io.err(`  - ${f.message}`);
      return EXIT.badInput;
    }
    io.out(`数据有效：${dataset.department.name} ${dataset.year} 年度（框架 ${framework.id}）`);
    for (const f of figures) io.out(`  - ${f.message}`);
    const result = score(dataset, framework);
    if (!result.missing.length && !figures.length) {
      io.out('评分所需的评价依据齐全。');
      return EXIT.ok;
    }
    io.out(`缺少评价依据 ${result.missing.length} 处：`);
    for (const m of result.missing) io.out(`  - ${m.name}：${m.message}`);
    return EXIT.findings;
  },
};
