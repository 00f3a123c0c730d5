/**
 * 佐证材料 (evidence), the pure part: what a file may attach to, which file types are accepted (told by
 * their content, not their name), the size limits, and the file-name rules. No I/O: the server streams
 * the bytes and hands the first and last bytes here; storage keeps them.
 */

/** What a file is attached to, always within one dataset (one department-year). */
export const EVIDENCE_KINDS = ['indicator', 'project', 'target', 'rectification'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  indicator: '三级指标',
  project: '项目',
  target: '绩效目标',
  rectification: '整改事项',
};

/**
 * The accepted file types: extensions, media type, Chinese label. One declaration; detection below
 * names the same keys.
 */
export const EVIDENCE_TYPES = {
  pdf: { ext: ['pdf'], media: 'application/pdf', label: 'PDF 文档' },
  doc: { ext: ['doc'], media: 'application/msword', label: 'Word 97-2003 文档' },
  docx: {
    ext: ['docx'],
    media: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word 文档',
  },
  xls: { ext: ['xls'], media: 'application/vnd.ms-excel', label: 'Excel 97-2003 工作簿' },
  xlsx: {
    ext: ['xlsx'],
    media: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel 工作簿',
  },
  ofd: { ext: ['ofd'], media: 'application/ofd', label: 'OFD 版式文档' },
  png: { ext: ['png'], media: 'image/png', label: 'PNG 图片' },
  jpeg: { ext: ['jpg', 'jpeg'], media: 'image/jpeg', label: 'JPEG 图片' },
  gif: { ext: ['gif'], media: 'image/gif', label: 'GIF 图片' },
  webp: { ext: ['webp'], media: 'image/webp', label: 'WebP 图片' },
  tiff: { ext: ['tif', 'tiff'], media: 'image/tiff', label: 'TIFF 图片' },
} as const satisfies Record<string, { ext: readonly string[]; media: string; label: string }>;
export type EvidenceType = keyof typeof EVIDENCE_TYPES;
const TYPE_KEYS = Object.keys(EVIDENCE_TYPES) as EvidenceType[];

/** The accepted types in words, for messages and the upload button. */
export const ACCEPTED_TEXT =
  'PDF、Word（.doc/.docx）、Excel（.xls/.xlsx）、OFD、图片（PNG/JPEG/GIF/WebP/TIFF）';
/** The accepted extensions, for a file picker's accept attribute. */
export const ACCEPTED_EXTENSIONS = TYPE_KEYS.flatMap((k) => EVIDENCE_TYPES[k].ext.map((e) => `.${e}`));

export interface EvidenceLimits {
  /** Bytes one file may have. */
  fileBytes: number;
  /** Bytes all files of one department-year (one dataset) may have together. */
  yearBytes: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_EVIDENCE_LIMITS: EvidenceLimits = { fileBytes: 20 * MiB, yearBytes: 200 * MiB };

/**
 * The limits from settings (environment variables EVIDENCE_MAX_FILE_MB, EVIDENCE_MAX_YEAR_MB; decimal
 * megabytes); a missing or unusable value keeps the default.
 */
export function evidenceLimitsFrom(env: Record<string, string | undefined>): EvidenceLimits {
  const mb = (v: string | undefined, fallback: number) => {
    const n = v && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
    return Number.isFinite(n) && n > 0 ? Math.floor(n * MiB) : fallback;
  };
  return {
    fileBytes: mb(env.EVIDENCE_MAX_FILE_MB, DEFAULT_EVIDENCE_LIMITS.fileBytes),
    yearBytes: mb(env.EVIDENCE_MAX_YEAR_MB, DEFAULT_EVIDENCE_LIMITS.yearBytes),
  };
}

/** A size for people: “20 MB”, “512 KB”. */
export function sizeText(bytes: number): string {
  if (bytes >= MiB) return `${Number((bytes / MiB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} 字节`;
}

export type NameCheck = { ok: true; name: string; ext: string } | { ok: false; message: string };

/** Longest file name kept (characters). */
const MAX_NAME = 200;

/**
 * The file name to keep: any folder part is dropped (`../../etc/passwd` → `passwd`, `C:\a\b.pdf` →
 * `b.pdf`), surrounding spaces trimmed; refused when empty, when it has control characters, when it is
 * only dots, or when its extension is not an accepted type. Chinese names are kept as they are.
 */
export function checkFileName(raw: string): NameCheck {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f-\u009f]/.test(raw))
    return { ok: false, message: '文件名含有控制字符，请改名后再上传' };
  const base = (raw.split(/[\\/]/).pop() ?? '').normalize('NFC').trim();
  if (!base || /^\.+$/.test(base)) return { ok: false, message: '文件名为空，请给文件命名后再上传' };
  if ([...base].length > MAX_NAME) return { ok: false, message: `文件名过长（超过 ${MAX_NAME} 个字）` };
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (!ext || !typeOfExtension(ext))
    return {
      ok: false,
      message: `不接受“${base}”这类文件：佐证材料只能是 ${ACCEPTED_TEXT}`,
    };
  return { ok: true, name: base, ext };
}

export function typeOfExtension(ext: string): EvidenceType | undefined {
  return TYPE_KEYS.find((k) => (EVIDENCE_TYPES[k].ext as readonly string[]).includes(ext.toLowerCase()));
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));

/** What the bytes are, by their signature; zips (docx, xlsx, OFD) by the names in their central directory. */
export type Detected = EvidenceType | 'ole' | 'zip' | 'unknown';

/**
 * The type of a file from its content: `head` (its first bytes, at least 16) and `tail` (its last
 * bytes, where a zip keeps its directory; up to TAIL_BYTES). An Office 97-2003 file (OLE compound
 * document) is `ole`: whether it is a .doc or an .xls is left to the extension.
 */
export function detectType(head: Uint8Array, tail: Uint8Array): Detected {
  if (ascii(head, 0, 1024).includes('%PDF-')) return 'pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipNames(tail);
    if (names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('word/'))) return 'docx';
    if (names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('xl/'))) return 'xlsx';
    if (names.some((n) => n === 'OFD.xml' || n === 'ofd.xml')) return 'ofd';
    return 'zip';
  }
  return 'unknown';
}

/** Bytes of the end of a file kept for detectType (a zip's central directory of a few thousand entries). */
export const TAIL_BYTES = 1024 * 1024;
/** Bytes of the start of a file kept for detectType. */
export const HEAD_BYTES = 1024;

/** Entry names of a zip's central directory, found from the end-of-directory record in `tail`. */
function zipNames(tail: Uint8Array): string[] {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 65535); i--)
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return [];
  const size = view.getUint32(eocd + 12, true);
  let p = eocd - size;
  if (p < 0) return [];
  const names: string[] = [];
  const decoder = new TextDecoder();
  while (p + 46 <= eocd && view.getUint32(p, true) === 0x02014b50) {
    const nameLen = view.getUint16(p + 28, true);
    const extra = view.getUint16(p + 30, true);
    const comment = view.getUint16(p + 32, true);
    names.push(decoder.decode(tail.subarray(p + 46, p + 46 + nameLen)));
    p += 46 + nameLen + extra + comment;
  }
  return names;
}

export type TypeCheck = { ok: true; type: EvidenceType; media: string } | { ok: false; message: string };

const DETECTED_WORDS: Record<Exclude<Detected, EvidenceType>, string> = {
  ole: 'Office 97-2003 文档',
  zip: '压缩包',
  unknown: '无法识别的格式（可能是程序或其他文件）',
};

/** Whether the content matches the name's extension: an executable renamed .pdf is refused. */
export function checkContent(name: string, ext: string, head: Uint8Array, tail: Uint8Array): TypeCheck {
  const claimed = typeOfExtension(ext);
  const found = detectType(head, tail);
  if (claimed && (found === claimed || (found === 'ole' && (claimed === 'doc' || claimed === 'xls'))))
    return { ok: true, type: claimed, media: EVIDENCE_TYPES[claimed].media };
  const what =
    found in EVIDENCE_TYPES ? EVIDENCE_TYPES[found as EvidenceType].label : DETECTED_WORDS[found as 'ole'];
  return {
    ok: false,
    message: `“${name}”的内容是${what}，与扩展名 .${ext} 不符，未保存。佐证材料只能是 ${ACCEPTED_TEXT}`,
  };
}

/** Where a file goes in the submission bundle: 佐证材料/<what it is attached to>/<file name>. */
export function bundlePath(folder: string, fileName: string, taken: Set<string>): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  const clean = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || '_';
  const base = `佐证材料/${clean(folder)}/${clean(fileName)}`;
  let path = base;
  const dot = base.lastIndexOf('.');
  for (let n = 2; taken.has(path); n++)
    path =
      dot > base.lastIndexOf('/') ? `${base.slice(0, dot)}（${n}）${base.slice(dot)}` : `${base}（${n}）`;
  taken.add(path);
  return path;
}

interface IndicatorLike {
  code: string;
  name: string;
  evidence?: string | undefined;
  children?: IndicatorLike[] | undefined;
}

/** The framework's level-3 indicators, in order. */
export function leafIndicators(fw: { indicators: readonly IndicatorLike[] }): IndicatorLike[] {
  const out: IndicatorLike[] = [];
  const walk = (n: IndicatorLike) => (n.children?.length ? n.children.forEach(walk) : out.push(n));
  fw.indicators.forEach(walk);
  return out;
}

/** Level-3 indicators whose framework row says `evidence: required`. */
export function evidenceRequired(fw: {
  indicators: readonly IndicatorLike[];
}): { code: string; name: string }[] {
  return leafIndicators(fw)
    .filter((n) => n.evidence === 'required')
    .map((n) => ({ code: n.code, name: n.name }));
}

/** Required indicators with no file, given the number of files per indicator code. */
export function missingOf(
  required: readonly { code: string; name: string }[],
  counts: ReadonlyMap<string, number>,
): { code: string; name: string }[] {
  return required.filter((r) => !(counts.get(r.code) ?? 0));
}

/** The finding a missing file is (缺少佐证材料), in the words users read. */
export const MISSING_EVIDENCE_TITLE = '缺少佐证材料';
export const missingEvidenceMessage = (name: string) => `指标“${name}”按框架须附佐证材料，尚未上传`;

interface DataLike {
  targets?: readonly { id?: string | undefined; name: string }[] | undefined;
  projects?: {
    items?:
      | readonly {
          id?: string | undefined;
          name: string;
          targets?: readonly { id?: string | undefined; name: string }[] | undefined;
        }[]
      | undefined;
  };
}

/**
 * What a file is attached to, in words (a folder name in the bundle, a heading in the list), or null
 * when the dataset or framework has no such indicator, project or target.
 */
export function attachmentName(
  kind: EvidenceKind,
  ref: string,
  data: DataLike,
  fw: { indicators: readonly IndicatorLike[] },
): string | null {
  switch (kind) {
    case 'indicator': {
      const n = leafIndicators(fw).find((i) => i.code === ref);
      return n ? n.name : null;
    }
    case 'project':
      return data.projects?.items?.find((p) => p.id === ref)?.name ?? null;
    case 'target': {
      const all = [...(data.targets ?? []), ...(data.projects?.items ?? []).flatMap((p) => p.targets ?? [])];
      return all.find((t) => t.id === ref)?.name ?? null;
    }
    case 'rectification':
      return /^\d{1,12}$/.test(ref) ? `整改事项 ${ref}` : null;
  }
}
