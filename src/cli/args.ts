/** Command-line parsing with node:util, turning its errors into Chinese usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.ts';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({
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
