/**
 * jixiao's command line. Exit codes: 0 success, 1 findings reported, 2 bad input, 3 internal error.
 * No stack trace reaches the user unless JIXIAO_DEBUG=1.
 */
import { COMMANDS } from './commands/index.ts';
import { EXIT, UsageError, processIo, type Io } from './io.ts';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'jixiao（绩效）— 预算绩效自评：评分、解释失分、核对数字、生成报告',
    '',
    '用法：jixiao <命令> [参数]，jixiao <命令> --help 查看命令说明',
    '',
    '命令：',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? EXIT.ok : EXIT.badInput;
  }
  if (name === '--version' || name === '-v') {
    io.out('jixiao 0.1.0');
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err(`未知命令“${name}”。\n\n${help()}`);
    return EXIT.badInput;
  }
  let usage = '';
  try {
    const command = await entry.load();
    usage = command.usage;
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n\n${usage}`);
      return EXIT.badInput;
    }
    io.err(`内部错误：${(e as Error).message ?? String(e)}。请把命令和输入文件报告给开发者。`);
    if (process.env.JIXIAO_DEBUG) io.err(String((e as Error).stack));
    return EXIT.internal;
  }
}
