/**
 * The command registry. A new command is one file in this folder and one line here.
 */
import type { Command } from '../io.ts';
import { checkCommand } from './check.ts';
import { extractCommand } from './extract.ts';
import { batchCommand } from './batch.ts';
import { frameworksCommand } from './frameworks.ts';
import { monitorCommand } from './monitor.ts';
import { reportCommand } from './report.ts';
import { scoreCommand } from './score.ts';
import { synthCommand } from './synth.ts';
import { targetsCommand } from './targets.ts';
import { serveCommand } from './serve.ts';
import { validateCommand } from './validate.ts';

export const COMMANDS: Command[] = [
  scoreCommand,
  validateCommand,
  frameworksCommand,
  reportCommand,
  serveCommand,
  synthCommand,
  batchCommand,
  targetsCommand,
  monitorCommand,
  checkCommand,
  extractCommand,
];
