/**
 * The data-entry workbook (.xlsx): one sheet per dataset section, Chinese headers, units stated, no
 * formulas, the current figures filled in. Reading it back names the sheet and cell of every error;
 * the caller changes nothing unless the whole workbook is valid.
 *
 * Protection before exceljs parses anything: the file size, and the zip's declared entry count and
 * uncompressed sizes (exceljs has no zip-bomb guard). Then exceljs parses it in a child process
 * (read-child.mjs) with a heap cap, a resident-memory watchdog and a time limit: a workbook that
 * exhausts memory or time kills that child and is refused with a Chinese message, the server goes on.
 * Merged ranges are read from their master cell only (exceljs repeats the master value in every cell).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { parseDataset } from '../../core/dataset/parse.ts';
import { upgradeStored } from '../../core/dataset/upgrade.ts';
import { fromCellText } from '../../core/text.ts';
import { unzipBounded } from '../zip.ts';
import {
  EXTRA_SHEETS,
  NARRATIVE_KEYS,
  SECTIONS,
  cleanInput,
  frameworkFieldSections,
  getPath,
  setPath,
  type FieldSpec,
  type FrameworkFieldLike,
  type Section,
} from '../../core/dataset/sections.ts';
import { safeCells } from './cell-text.ts';

export const WORKBOOK_MAX_BYTES = 5 * 1024 * 1024;
const MAX_UNZIPPED_BYTES = 60 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 2000;
const MAX_LIST_ROWS = 2000;
const NARRATIVE_SHEET = '叙述';
const README_SHEET = '填表说明';
/** A very hidden sheet: which dataset and version the workbook was made from, and a hash of that data. */
const RECORD_SHEET = '系统记录';
/** A hidden last column of each list sheet: the item's id, so rows merge by identity. */
const ID_HEADER = '条目编号（系统使用，请勿改动）';

/** Where a downloaded workbook came from. */
export interface WorkbookRecord {
  dataset: number;
  version: number;
  /** sha-256 of the data the workbook was made from (canonical JSON). */
  hash: string;
}

/** JSON with object keys sorted, so equal data hashes alike whatever its key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export const dataHash = (data: unknown) => createHash('sha256').update(canonical(data)).digest('hex');

export interface WorkbookError {
  sheet: string;
  cell: string;
  path?: string;
  message: string;
}

export type WorkbookRead =
  | {
      ok: true;
      value: unknown;
      locate: (path: string) => { sheet: string; cell: string } | undefined;
      /** Every field path the workbook's cells were read into, with its cell. */
      cells: ReadonlyMap<string, { sheet: string; cell: string }>;
      /** The workbook's own record of where it came from; null for a workbook without one. */
      record: WorkbookRecord | null;
    }
  | { ok: false; errors: WorkbookError[] };

const sheetName = (s: Section) => s.title;

/**
 * The workbook's sheets, in order: the form's sections, the framework's own fields (dataset
 * `figures`), then the parts the form shows in their own tabs (项目明细, 运行监控, 其中 items).
 */
export function workbookSections(frameworkFields?: readonly FrameworkFieldLike[]): Section[] {
  return [...SECTIONS, ...frameworkFieldSections(frameworkFields), ...EXTRA_SHEETS];
}

/** The columns of a list sheet: a nested list's rows first name their parent item. */
function sheetColumns(s: Extract<Section, { kind: 'list' }>): FieldSpec[] {
  return s.parent
    ? [{ path: '', label: s.parent.label, kind: 'text', required: true }, ...s.columns]
    : s.columns;
}

/** The rows of a list sheet: each item (with its parent item's name, for a nested list). */
function listRows(
  data: unknown,
  s: Extract<Section, { kind: 'list' }>,
): { parent?: string; item: unknown }[] {
  const asList = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);
  if (!s.parent) return asList(getPath(data, s.path)).map((item) => ({ item }));
  const { path, key } = s.parent;
  return asList(getPath(data, path)).flatMap((p) =>
    asList(getPath(p, key)).map((item) => ({ parent: String(getPath(p, 'name') ?? ''), item })),
  );
}
const colLetter = (i: number) => String.fromCharCode(65 + i);
const withUnit = (f: FieldSpec) => (f.unit ? `${f.label}（${f.unit}）` : f.label);

function displayValue(f: FieldSpec, v: unknown): string | number | null {
  if (v === undefined || v === null || v === '') return null;
  switch (f.kind) {
    case 'amount':
    case 'decimal':
    case 'count': {
      const n = Number(v);
      return Number.isFinite(n) && String(v).trim() !== '' ? n : String(v);
    }
    case 'bool':
      return v === true || v === 'true' ? '是' : v === false || v === 'false' ? '否' : String(v);
    case 'enum':
      return f.options?.find((o) => o.value === v)?.label ?? String(v);
    case 'textBlock':
      return Array.isArray(v) ? v.join('\n') : String(v);
    case 'text':
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    default:
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

function styleValueCell(cell: ExcelJS.Cell, f: FieldSpec) {
  if (f.kind === 'amount' || f.kind === 'decimal') cell.numFmt = '0.00';
  if (f.kind === 'count') cell.numFmt = '0';
  if (f.kind === 'enum' && f.options)
    cell.dataValidation = {
      type: 'list',
      allowBlank: !f.required,
      formulae: [`"${f.options.map((o) => o.label).join(',')}"`],
    };
  if (f.kind === 'bool')
    cell.dataValidation = { type: 'list', allowBlank: !f.required, formulae: ['"是,否"'] };
}

/**
 * The workbook for a dataset (its stored, validated data). With `dataset` and `version` it records
 * where it came from (a very hidden sheet), so an upload merges against that version.
 */
export async function buildWorkbook(
  data: unknown,
  meta: {
    department: string;
    year: number;
    dataset?: number;
    version?: number;
    /** The dataset's framework's own fields (Framework['fields']): a sheet for their figures. */
    frameworkFields?: readonly FrameworkFieldLike[];
  },
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jixiao';
  const readme = wb.addWorksheet(README_SHEET);
  [
    `${meta.department} ${meta.year} 年度绩效自评填报表`,
    '',
    '1. 每个工作表对应系统中的一个填报栏目；金额单位为万元，保留两位小数。',
    '2. 请只改动数值列或表格内容，不要改动 A 列的项目名称和表头；列表类工作表可增删行。',
    '3. 请直接填写数值，不要使用公式。',
    '4. 改好后在系统中“上传工作簿”；如有错误，系统会指出工作表和单元格，且不做任何修改。',
    '5. “项目绩效目标”“固定资产其中项”工作表每行第一列填写所属项目或资产类别的名称（与对应工作表中的名称一致）。',
    '6. 文字较长的栏目（职能、变动原因、情况说明等）可在单元格内换行，每行为一段。',
  ].forEach((t) => readme.addRow([t]));
  readme.getRow(1).font = { bold: true, size: 14 };
  readme.getColumn(1).width = 90;

  const header = (ws: ExcelJS.Worksheet) => {
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };
  for (const s of workbookSections(meta.frameworkFields)) {
    const ws = wb.addWorksheet(sheetName(s));
    if (s.kind === 'fields') {
      ws.addRow(['项目', '数值', '单位', '说明']);
      for (const f of s.fields) {
        const row = ws.addRow([
          f.label,
          displayValue(f, getPath(data, f.path)),
          f.unit ?? '',
          f.required ? '必填' : '选填',
        ]);
        styleValueCell(row.getCell(2), f);
        if (f.kind === 'textBlock') row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
      }
      ws.getColumn(1).width = 40;
      ws.getColumn(2).width = 24;
      ws.getColumn(3).width = 14;
      ws.getColumn(4).width = 10;
    } else {
      const columns = sheetColumns(s);
      ws.addRow(columns.map(withUnit));
      const list = listRows(data, s);
      list.forEach(({ parent, item }) => {
        const id = getPath(item, 'id');
        const row = ws.addRow([
          ...(s.parent ? [parent ?? null] : []),
          ...s.columns.map((c) => displayValue(c, getPath(item, c.path))),
          typeof id === 'string' ? id : null,
        ]);
        columns.forEach((c, i) => styleValueCell(row.getCell(i + 1), c));
      });
      ws.getCell(1, columns.length + 1).value = ID_HEADER;
      ws.getColumn(columns.length + 1).hidden = true;
      for (let i = 0; i < 20; i++) {
        const row = ws.getRow(list.length + 2 + i);
        columns.forEach((c, j) => styleValueCell(row.getCell(j + 1), c));
      }
      columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.kind === 'text' ? 36 : 16));
    }
    header(ws);
  }
  const wn = wb.addWorksheet(NARRATIVE_SHEET);
  wn.addRow(['段落', '内容（每段一行，段与段之间换行）', '代码（请勿改动）']);
  const narrative = (getPath(data, 'narrative') ?? {}) as Record<string, unknown>;
  for (const n of NARRATIVE_KEYS) {
    const v = narrative[n.key];
    const row = wn.addRow([n.label, Array.isArray(v) ? v.join('\n') : '', n.key]);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  wn.getColumn(1).width = 20;
  wn.getColumn(2).width = 100;
  wn.getColumn(3).width = 22;
  header(wn);
  if (meta.dataset !== undefined && meta.version !== undefined) {
    const wr = wb.addWorksheet(RECORD_SHEET, { state: 'veryHidden' });
    wr.addRow(['数据编号', meta.dataset]);
    wr.addRow(['版本', meta.version]);
    wr.addRow(['内容摘要', dataHash(data)]);
  }
  safeCells(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * Checks the zip's own directory before anything inflates it: entry count and declared sizes.
 * Returns a Chinese reason when the file should be refused.
 */
export function checkZip(bytes: Uint8Array): string | null {
  if (bytes.length > WORKBOOK_MAX_BYTES)
    return `文件过大（${(bytes.length / 1048576).toFixed(1)} MB），上限 ${WORKBOOK_MAX_BYTES / 1048576} MB`;
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04)
    return '不是 .xlsx 文件（请用系统下载的填报工作簿，另存为 Excel 工作簿 .xlsx）';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return '文件已损坏（找不到 zip 目录）';
  const entries = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (entries > MAX_ZIP_ENTRIES) return `文件内条目过多（${entries}），不像填报工作簿`;
  let p = cdOffset;
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50)
      return '文件已损坏（zip 目录不完整）';
    const compressed = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    if (size === 0xffffffff || compressed === 0xffffffff) return '文件内含超大条目（zip64），拒绝解析';
    total += size;
    if (total > MAX_UNZIPPED_BYTES) return `解压后过大（超过 ${MAX_UNZIPPED_BYTES / 1048576} MB），拒绝解析`;
    if (compressed > 0 && size / compressed > 200 && size > 1024 * 1024)
      return '压缩比异常，疑似压缩炸弹，拒绝解析';
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return null;
}

type Raw = string | number | boolean | Date | null | { formula: string };

/** What the child sends back for one worksheet: its non-empty cells (merged: master only). */
interface SheetCells {
  name: string;
  rowCount: number;
  cells: [string, string | number | boolean | { date: string | null } | { formula: string }][];
}

/** A parsed worksheet as the reader needs it. */
interface Sheet {
  rowCount: number;
  get(address: string): Raw;
}

function toSheet(s: SheetCells): Sheet {
  const cells = new Map<string, Raw>();
  for (const [address, v] of s.cells) {
    if (v !== null && typeof v === 'object' && 'date' in v) {
      const d = v.date === null ? null : new Date(v.date);
      cells.set(address, d);
    } else if (typeof v === 'string') {
      // Text that export prefixed with an apostrophe (it looked like a formula) reads back as it was.
      cells.set(address, fromCellText(v));
    } else cells.set(address, v);
  }
  return { rowCount: s.rowCount, get: (address) => cells.get(address) ?? null };
}

export interface ParseLimits {
  /** V8 heap cap of the child (--max-old-space-size), MB. */
  memoryMb: number;
  /** Resident memory at which the parent kills the child (buffers live outside the heap), MB. */
  rssMb: number;
  /** Time limit, ms. */
  timeoutMs: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { memoryMb: 256, rssMb: 640, timeoutMs: 20_000 };

const CHILD = fileURLToPath(new URL('./read-child.mjs', import.meta.url));
/** At most this many parsing children at once; further uploads wait their turn. */
const MAX_CHILDREN = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_CHILDREN) await new Promise<void>((ok) => waiting.push(ok));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

function rssOf(pid: number): number | undefined {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return (pages * 4096) / 1048576;
  } catch {
    return undefined;
  }
}

export type ChildParse = { ok: true; sheets: SheetCells[] } | { ok: false; message: string };

/**
 * Parses the workbook's cells in a child process. Never throws: a crash, running out of memory or
 * time is a refusal with a Chinese message.
 */
export async function parseInChild(
  bytes: Uint8Array,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): Promise<ChildParse> {
  const release = await slot();
  try {
    return await new Promise<ChildParse>((resolve) => {
      const child = spawn(process.execPath, [`--max-old-space-size=${limits.memoryMb}`, CHILD], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let killedFor: 'time' | 'memory' | undefined;
      const kill = (why: 'time' | 'memory') => {
        if (killedFor) return;
        killedFor = why;
        child.kill('SIGKILL');
      };
      const timer = setTimeout(() => kill('time'), limits.timeoutMs);
      const watch = setInterval(() => {
        const rss = child.pid === undefined ? undefined : rssOf(child.pid);
        if (rss !== undefined && rss > limits.rssMb) kill('memory');
      }, 50);
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => {
        if (err.length < 4000) err += b.toString();
      });
      child.stdin.on('error', () => {}); // the child may die before reading everything
      child.stdin.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      const done = (r: ChildParse) => {
        clearTimeout(timer);
        clearInterval(watch);
        resolve(r);
      };
      child.on('error', () =>
        done({ ok: false, message: '无法启动工作簿解析进程，未做任何修改，请稍后重试' }),
      );
      child.on('close', (code) => {
        const memory = `工作簿解析所需内存超过上限（${limits.memoryMb} MB），已停止解析，未做任何修改。请使用系统下载的填报工作簿，删去多余的行、列和工作表后再上传`;
        if (killedFor === 'time')
          return done({
            ok: false,
            message: `工作簿解析超过 ${limits.timeoutMs / 1000} 秒，已停止解析，未做任何修改。请使用系统下载的填报工作簿，删去多余的行、列和工作表后再上传`,
          });
        if (killedFor === 'memory' || /heap out of memory|Allocation failed/i.test(err))
          return done({ ok: false, message: memory });
        if (code !== 0)
          return done({
            ok: false,
            message: '工作簿解析进程异常退出，未做任何修改：请确认文件是有效的 .xlsx 工作簿',
          });
        try {
          const r = JSON.parse(Buffer.concat(out).toString('utf8')) as
            { ok: true; sheets: SheetCells[] } | { ok: false };
          done(r.ok ? r : { ok: false, message: '无法读取该文件：不是有效的 .xlsx 工作簿' });
        } catch {
          done({ ok: false, message: '工作簿解析进程返回了无法识别的结果，未做任何修改' });
        }
      });
    });
  } finally {
    release();
  }
}

/** Converts a cell to the dataset's input form, or explains what is expected. */
function convert(f: FieldSpec, raw: Raw): { value: unknown } | { error: string } {
  if (raw !== null && typeof raw === 'object' && !(raw instanceof Date))
    return { error: '不接受公式，请直接填写数值' };
  if (raw === null || raw === '') return { value: undefined };
  switch (f.kind) {
    case 'amount':
    case 'decimal':
    case 'count':
      if (typeof raw === 'number') return { value: String(raw) };
      if (typeof raw === 'string') return { value: raw };
      return { error: f.kind === 'count' ? '应为整数' : '应为数字' };
    case 'bool':
      if (typeof raw === 'boolean') return { value: raw };
      if (typeof raw === 'string') return { value: raw };
      return { error: '应为“是”或“否”' };
    case 'enum': {
      const text = String(raw);
      const o = f.options?.find((x) => x.label === text || x.value === text);
      return o
        ? { value: o.value }
        : { error: `应为以下之一：${f.options?.map((x) => x.label).join('、')}，收到“${text}”` };
    }
    case 'date':
      if (raw instanceof Date) return { value: raw.toISOString().slice(0, 10) };
      return { value: String(raw) };
    case 'textBlock':
      return { value: lines(raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw)) };
    default:
      if (raw instanceof Date) return { value: raw.toISOString().slice(0, 10) };
      return { value: String(raw) };
  }
}

/** A text block from a cell: one paragraph a line, blank lines dropped. */
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);

function readRecord(ws: Sheet | undefined): WorkbookRecord | null {
  if (!ws) return null;
  const dataset = ws.get('B1');
  const version = ws.get('B2');
  const hash = ws.get('B3');
  if (typeof dataset !== 'number' || typeof version !== 'number' || typeof hash !== 'string') return null;
  if (!Number.isInteger(dataset) || !Number.isInteger(version) || !/^[0-9a-f]{64}$/.test(hash)) return null;
  return { dataset, version, hash };
}

/** The list sheets of the workbook's first version: one missing is an error (not a sheet added since). */
const LIST_SHEETS_OF_FIRST_VERSION = new Set([
  'adjustments',
  'transfers',
  'assets.fixed',
  'targets',
  'keyTasks',
]);

/**
 * Reads one list sheet into `draft`: rows become items, matched to the old items by their hidden id
 * (else by position and first column), keeping the fields the sheet does not show. A nested list's
 * rows name their parent item in the first column and go into that item's list.
 */
function readList(
  s: Extract<Section, { kind: 'list' }>,
  ws: Sheet,
  name: string,
  current: unknown,
  draftIn: unknown,
  errors: WorkbookError[],
  where: Map<string, { sheet: string; cell: string }>,
): unknown {
  let draft = draftIn;
  const columns = sheetColumns(s);
  const offset = s.parent ? 1 : 0;
  // Columns added since the workbook was downloaded are absent (no header at or after the first blank).
  let present = columns.length;
  columns.forEach((c, i) => {
    const h = ws.get(`${colLetter(i)}1`);
    if (i >= present) return;
    if ((h === null || h === ID_HEADER) && i > 0 && !c.required) {
      present = i;
      return;
    }
    if (h !== withUnit(c))
      errors.push({
        sheet: name,
        cell: `${colLetter(i)}1`,
        message: `表头应为“${withUnit(c)}”（请不要改动表头）`,
      });
  });
  const idCol = colLetter(ws.get(`${colLetter(present)}1`) === ID_HEADER ? present : columns.length);
  const hasIds = ws.get(`${idCol}1`) === ID_HEADER;
  const sheetIds = new Set<string>();
  const last = Math.min(ws.rowCount, MAX_LIST_ROWS + 1);
  if (hasIds)
    for (let r = 2; r <= last; r++) {
      const v = ws.get(`${idCol}${r}`);
      if (typeof v === 'string' && v !== '') sheetIds.add(v);
    }
  // The lists the rows go into: one, or one per parent item (by the parent's name).
  const parents = s.parent ? getPath(draft, s.parent.path) : undefined;
  const parentList = Array.isArray(parents) ? (parents as unknown[]) : [];
  const targetOf = (parentName: unknown): string | undefined => {
    if (!s.parent) return s.path;
    const i = parentList.findIndex((p) => getPath(p, 'name') === parentName);
    return i < 0 ? undefined : `${s.parent.path}[${i}].${s.parent.key}`;
  };
  const before = (path: string) => {
    const v = getPath(draftIn, path) ?? getPath(current, path);
    return Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
  };
  const lists = new Map<string, Record<string, unknown>[]>();
  if (s.parent) parentList.forEach((_, i) => lists.set(`${s.parent!.path}[${i}].${s.parent!.key}`, []));
  else lists.set(s.path, []);
  const usedIds = new Set<string>();
  for (let r = 2; r <= last; r++) {
    const raws = columns.slice(0, present).map((_, i) => ws.get(`${colLetter(i)}${r}`));
    if (raws.every((x) => x === null || x === '')) continue;
    const path = targetOf(raws[0]);
    if (path === undefined) {
      errors.push({
        sheet: name,
        cell: `A${r}`,
        message: `${s.parent!.label}“${String(raws[0] ?? '')}”不在上级列表中（请先在对应工作表中填写该项）`,
      });
      continue;
    }
    const items = lists.get(path)!;
    const old = before(path);
    const k = items.length;
    const key = raws[offset];
    const idCell = hasIds ? ws.get(`${idCol}${r}`) : null;
    const id = typeof idCell === 'string' && idCell !== '' && !usedIds.has(idCell) ? idCell : undefined;
    if (id) usedIds.add(id);
    // Keep fields the sheet does not show (e.g. an asset's 其中 items) from the matching old row:
    // by the row's id where it has one, else by position and first column among rows the sheet
    // does not name by id (a row added by hand, or data from before ids).
    const free = old.filter((o) => typeof o.id !== 'string' || !sheetIds.has(o.id));
    const first = s.columns[0]!.path;
    const match =
      id !== undefined
        ? old.find((o) => o.id === id)
        : (free.find((o, j) => j === k && getPath(o, first) === key) ??
          free.find((o) => getPath(o, first) === key));
    let item: Record<string, unknown> = match ? { ...match } : id ? { id } : {};
    s.columns.forEach((col, j) => {
      const i = j + offset;
      if (i >= present) return;
      const cell = `${colLetter(i)}${r}`;
      const p = `${path}[${k}].${col.path}`;
      where.set(p, { sheet: name, cell });
      const c = convert(col, raws[i]!);
      if ('error' in c) errors.push({ sheet: name, cell, path: p, message: `${col.label}：${c.error}` });
      else item = setPath(item, col.path, c.value);
    });
    where.set(`${path}[${k}]`, { sheet: name, cell: `A${r}` });
    items.push(item);
  }
  if (ws.rowCount > MAX_LIST_ROWS + 1)
    errors.push({
      sheet: name,
      cell: `A${MAX_LIST_ROWS + 2}`,
      message: `行数过多（上限 ${MAX_LIST_ROWS} 行）`,
    });
  for (const [path, items] of lists) {
    // An empty list where there was none (运行监控 never filled in) creates nothing.
    if (items.length === 0 && getPath(draft, path) === undefined) continue;
    draft = setPath(draft, path, items);
  }
  return draft;
}

/**
 * Reads an uploaded workbook onto `onto` (data, or a function choosing it from the workbook's
 * record, e.g. the version the workbook was made from): the sheets' fields replace the matching
 * fields, everything else is kept. All-or-nothing: any error returns errors only.
 */
export async function readWorkbook(
  bytes: Uint8Array,
  onto: unknown,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
  frameworkFields?: readonly FrameworkFieldLike[],
): Promise<WorkbookRead> {
  const refused = checkZip(bytes);
  if (refused) return { ok: false, errors: [{ sheet: '', cell: '', message: refused }] };
  // The directory's sizes may lie: inflate once, counting, and stop at the limit before exceljs
  // (which trusts them) inflates it again in the child.
  const counted = await unzipBounded(bytes, {
    maxTotalBytes: MAX_UNZIPPED_BYTES,
    maxEntries: MAX_ZIP_ENTRIES,
  });
  if (!counted.ok) return { ok: false, errors: [{ sheet: '', cell: '', message: counted.message }] };
  const parsedCells = await parseInChild(bytes, limits);
  if (!parsedCells.ok) return { ok: false, errors: [{ sheet: '', cell: '', message: parsedCells.message }] };
  const sheets = new Map(parsedCells.sheets.map((s) => [s.name, toSheet(s)]));
  const wb = { getWorksheet: (name: string) => sheets.get(name) };
  const record = readRecord(sheets.get(RECORD_SHEET));
  // The sheets' fields are written onto the current format: stored data from an earlier jixiao is
  // upgraded first (a newer format is left for parseDataset below to refuse).
  const current: unknown = upgradeStored(
    typeof onto === 'function' ? await (onto as (r: WorkbookRecord | null) => unknown)(record) : onto,
  );
  const errors: WorkbookError[] = [];
  const where = new Map<string, { sheet: string; cell: string }>();
  let draft: unknown = structuredClone(current);

  for (const s of workbookSections(frameworkFields)) {
    const name = sheetName(s);
    const ws = wb.getWorksheet(name);
    if (!ws) {
      // A sheet added since the workbook was downloaded is simply absent: its fields keep their values.
      // One the workbook must have (a required field, a list it always had) is an error.
      if (s.kind === 'fields' ? s.fields.some((f) => f.required) : LIST_SHEETS_OF_FIRST_VERSION.has(s.path))
        errors.push({
          sheet: name,
          cell: '',
          message: `缺少工作表「${name}」（请使用系统下载的填报工作簿）`,
        });
      continue;
    }
    if (s.kind === 'fields') {
      s.fields.forEach((f, i) => {
        const r = i + 2;
        const label = ws.get(`A${r}`);
        // A row added since the workbook was downloaded: absent below the sheet's last row, value kept.
        if (label === null && r > ws.rowCount) return;
        if (label !== f.label) {
          errors.push({
            sheet: name,
            cell: `A${r}`,
            path: f.path,
            message: `应为“${f.label}”（请不要改动 A 列和行的顺序）`,
          });
          return;
        }
        const cell = `B${r}`;
        where.set(f.path, { sheet: name, cell });
        const c = convert(f, ws.get(cell));
        if ('error' in c) errors.push({ sheet: name, cell, path: f.path, message: `${f.label}：${c.error}` });
        // A blank cell of a field whose object is absent (运行监控 never filled in) creates nothing.
        else if (c.value !== undefined || getPath(draft, f.path) !== undefined)
          draft = setPath(draft, f.path, c.value === undefined && /\]$/.test(f.path) ? '' : c.value);
      });
    } else draft = readList(s, ws, name, current, draft, errors, where);
  }

  const wn = wb.getWorksheet(NARRATIVE_SHEET);
  if (wn) {
    let narrative = { ...((getPath(draft, 'narrative') ?? {}) as Record<string, unknown>) };
    for (let r = 2; r <= Math.min(wn.rowCount, 200); r++) {
      const key = wn.get(`C${r}`);
      if (typeof key !== 'string' || !NARRATIVE_KEYS.some((n) => n.key === key)) continue;
      const text = wn.get(`B${r}`);
      where.set(`narrative.${key}`, { sheet: NARRATIVE_SHEET, cell: `B${r}` });
      if (text !== null && typeof text === 'object' && !(text instanceof Date)) {
        errors.push({ sheet: NARRATIVE_SHEET, cell: `B${r}`, message: '不接受公式' });
        continue;
      }
      const paragraphs = text === null ? [] : lines(String(text));
      if (paragraphs.length) narrative = { ...narrative, [key]: paragraphs };
      else delete narrative[key];
    }
    draft = setPath(draft, 'narrative', narrative);
  }

  const locate = (path: string) => {
    let p = path;
    for (;;) {
      const hit = where.get(p);
      if (hit) return hit;
      const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) return undefined;
      p = p.slice(0, cut);
    }
  };

  // The schema's own checks, for every field the sheets did not already reject.
  const parsed = parseDataset(cleanInput(draft));
  if (!parsed.ok) {
    const seen = new Set(errors.map((e) => e.path).filter(Boolean));
    for (const e of parsed.errors) {
      if (seen.has(e.path)) continue;
      const at = locate(e.path);
      errors.push({ sheet: at?.sheet ?? '', cell: at?.cell ?? '', path: e.path, message: e.message });
    }
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: draft, locate, cells: where, record };
}

/** "工作表「预算执行」B3：…" */
export function formatWorkbookError(e: WorkbookError): string {
  if (!e.sheet) return e.message;
  return `工作表「${e.sheet}」${e.cell ? `单元格 ${e.cell}` : ''}：${e.message}`;
}
