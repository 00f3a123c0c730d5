import { resolve } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { writeJurisdiction } from '../../synth/write.ts';
import { parse } from '../args.ts';
import { EXIT, UsageError, type Command } from '../io.ts';
import { progressOn } from '../../batch/progress.ts';

function integer(
  text: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback?: number,
): number {
  if (text === undefined) {
    if (fallback === undefined) throw new UsageError(`需要 ${name}`);
    return fallback;
  }
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new UsageError(`${name} 应为 ${min}—${max} 之间的整数，收到“${text}”`);
  return Number(text);
}

export const synthCommand: Command = {
  name: 'synth',
  usage: `用法：jixiao synth --departments <数量> --seed <种子> [-o <文件夹>] [--year <年度>] [--inconsistent <百分比>] [--json]

  --departments   部门数量（1—1000000）
  --seed          随机种子（整数）；同一种子、同一序号的部门总是相同
  -o, --output    输出文件夹（缺省 ./synth-<种子>）；每个部门一个 YAML 文件，另写 manifest.json
  --year          评价年度（缺省 2023）
  --inconsistent  故意制造数字不一致的部门所占百分比（缺省 10），逐处记录在 manifest.json
  --json          以 JSON 输出结果（文件夹、部门数、种子、年度、故意不一致的部门数）

在终端上运行时，标准错误输出显示进度；输出被管道或重定向时、或用 --json 时不显示。`,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      departments: { type: 'string' },
      seed: { type: 'string' },
      output: { type: 'string', short: 'o' },
      year: { type: 'string' },
      inconsistent: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.out(this.usage);
      return EXIT.ok;
    }
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    const departments = integer(values.departments, '--departments', 1, 1_000_000);
    const seed = integer(values.seed, '--seed', 0, 4_294_967_295);
    const year = integer(values.year, '--year', 2000, 2100, 2023);
    const inconsistentPercent = integer(values.inconsistent, '--inconsistent', 0, 100, 10);
    const folder = resolve(values.output ?? `synth-${seed}`);
    if (existsSync(folder) && readdirSync(folder).length) {
      io.err(`输出文件夹 ${folder} 已存在且不为空；请换一个文件夹或先清空它`);
      return EXIT.badInput;
    }
    const progress = progressOn('生成', values.json === true);
    const manifest = writeJurisdiction(folder, departments, { seed, year, inconsistentPercent }, (done) =>
      progress.update(done, departments),
    );
    if (values.json) {
      io.out(
        JSON.stringify(
          { folder, departments, seed, year, inconsistent: manifest.inconsistent.length },
          null,
          2,
        ),
      );
      return EXIT.ok;
    }
    io.out(
      `已生成 ${departments} 个部门的合成数据（种子 ${seed}，${year} 年度）到 ${folder}；` +
        `其中 ${manifest.inconsistent.length} 个部门故意制造了数字不一致，见 manifest.json`,
    );
    return EXIT.ok;
  },
};
