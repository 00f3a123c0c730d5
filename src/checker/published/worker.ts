/**
 * Worker thread of `jixiao check <folder>`: receives file paths, posts back each file's summary.
 * Started through src/batch/worker-entry.mjs (which registers tsx for the sources).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadFramework } from '../../adapters/files.ts';
import { checkAnyFile, summarise, type FileSummary } from './file.ts';

const fw = loadFramework((workerData as { framework: string }).framework);
const framework = fw.ok ? fw.value : undefined;

parentPort!.on('message', async (msg: { path: string; name: string }) => {
  let summary: FileSummary;
  try {
    summary = summarise(msg.name, await checkAnyFile(msg.path, framework));
  } catch (e) {
    summary = {
      file: msg.name,
      read: false,
      recognised: false,
      what: '无法读取',
      message: `读取时出错：${(e as Error).message}`,
      findings: [],
      passed: 0,
    };
  }
  parentPort!.postMessage(summary);
});
parentPort!.postMessage('ready');
