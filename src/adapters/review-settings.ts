/**
 * The finance bureau's review settings, read from files it edits: the review signal rules
 * (settings/signals/default.yaml) and the result application (结果应用,
 * settings/result-application/default.yaml). A jurisdiction points at its own files with
 * JIXIAO_SIGNALS_FILE and JIXIAO_RESULT_APPLICATION_FILE. A file is read again when it changes (by
 * modification time and size), so an edit applies without a restart. An invalid file is an error with
 * Chinese messages, never a silent default.
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseResultApplication, type ResultApplication } from '../core/review/application.ts';
import { parseSignalRules, type SignalRules } from '../core/review/signals.ts';
import { readDataFile } from './files.ts';

/** The bureau's settings shipped with the package (beside frameworks/, which holds frameworks only). */
export const SETTINGS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../settings');
export const DEFAULT_SIGNALS_FILE = join(SETTINGS_DIR, 'signals/default.yaml');
export const DEFAULT_RESULT_APPLICATION_FILE = join(SETTINGS_DIR, 'result-application/default.yaml');

export class SettingsFileError extends Error {
  constructor(
    readonly file: string,
    readonly errors: string[],
  ) {
    super(`设置文件 ${file} 有误：${errors.join('；')}`);
  }
}

function cachedLoader<T>(
  pathOf: () => string,
  parse: (raw: unknown) => { ok: true; value: T } | { ok: false; errors: string[] },
): () => T {
  let cache: { key: string; value: T } | undefined;
  return () => {
    const file = pathOf();
    let key: string;
    try {
      const st = statSync(file);
      key = `${file}:${st.mtimeMs}:${st.size}`;
    } catch {
      throw new SettingsFileError(file, ['文件不存在或无法读取']);
    }
    if (cache?.key === key) return cache.value;
    const raw = readDataFile(file);
    if (!raw.ok)
      throw new SettingsFileError(
        file,
        raw.errors.map((e) => e.message),
      );
    const parsed = parse(raw.value);
    if (!parsed.ok) throw new SettingsFileError(file, parsed.errors);
    cache = { key, value: parsed.value };
    return parsed.value;
  };
}

export const signalRules: () => SignalRules = cachedLoader(
  () => process.env.JIXIAO_SIGNALS_FILE || DEFAULT_SIGNALS_FILE,
  parseSignalRules,
);

export const resultApplication: () => ResultApplication = cachedLoader(
  () => process.env.JIXIAO_RESULT_APPLICATION_FILE || DEFAULT_RESULT_APPLICATION_FILE,
  parseResultApplication,
);
