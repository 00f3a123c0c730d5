/** Command-line parsing with node:util, turning its errors into Chinese usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
/** The parseArgs configuration of a command (named, so that the built declarations can name the result). */
type Config<T extends Options> = {
  args: string[];
  options: T & { help: { type: 'boolean'; short: 'h' } };
  allowPositionals: true;
  strict: true;
};

export function parse<T extends Options>(
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<Config<T>>> {
  try {
    return parseArgs<Config<T>>({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const msg = (e as Error).message;
    const unknown = msg.match(/Unknown option '([^']+)'/);
    if (unknown) throw new UsageError(`未知选项 ${unknown[1]}`);
    const missing = msg.match(/Option '([^']+)[^']*' argument missing/);
    if (missing) throw new UsageError(`选项 ${missing[1]} 需要一个值`);
    throw new UsageError(`命令行参数有误：${msg}`);
  }
}
