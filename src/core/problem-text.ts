/**
 * A point lost as a reader writes it (the report's 存在问题 and a rectification item's problem): one
 * declaration, in the core, so the report and the 整改 items say the same sentence.
 */
import type { Problem } from './score.ts';

/** “1.50” → “1.5”, “2.00” → “2”. */
export function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * A problem as a reader writes it, in two or three sentences, each figure once:
 * “编外人员控制率（参考分值1分）自评得分0.00分，扣1.00分。编外人员控制率为74.19%，高于10%，按评分标准得0分。”
 * The scoring rule is not repeated (it is in the 附表); a band quoted by the rule is put in words, so no
 * quotation marks nest.
 */
export function problemSentence(p: Problem): string {
  const reasons = p.reasons.map((r) => plain(r.replace(/[。；]$/, ''), p)).filter(Boolean);
  const figures = reasons.length ? '' : p.figures.map((f) => `${f.label}为${f.value}`).join('；');
  const why = reasons.length ? reasons.join('；') : figures;
  return (
    `${p.name}（参考分值${trimZeros(p.weight)}分）自评得分${p.score}分，扣${p.lost}分。` +
    (why ? `${why}。` : '')
  );
}

const CJK = '\\u4e00-\\u9fff（）“”';

/** A scoring reason in report prose: no spaces around figures, the band in words. */
function plain(reason: string, p: Problem): string {
  const tight = reason
    .replace(new RegExp(`([${CJK}])\\s+(?=[\\d<>≤≥])`, 'g'), '$1')
    .replace(new RegExp(`([\\d%])\\s+(?=[${CJK}])`, 'g'), '$1');
  return tight
    .replace(
      /属于“(.*)”档，得(\d+(?:\.\d+)?)分/,
      (_, band: string, points: string) => `${bandWords(band, p)}，按评分标准得${points}分`,
    )
    .replace(/属于“(.*)”档/, (_, band: string) => bandWords(band, p));
}

/** “编外人员控制率>10%” → “高于10%”; “90%≤“三公”经费控制率≤100%” → “在90%至100%之间”. */
function bandWords(band: string, p: Problem): string {
  const label = p.figures.map((f) => f.label).find((l) => band.includes(l));
  if (label) {
    const [lo, hi] = band.split(label) as [string, string];
    const left = lo.match(/^(.+?)(≤|<)$/);
    const right = hi.match(/^(≤|<|>|≥)(.+)$/);
    if (left && right && (right[1] === '≤' || right[1] === '<')) return `在${left[1]}至${right[2]}之间`;
    if (!lo && right)
      return { '>': '高于', '≥': '不低于', '<': '低于', '≤': '不高于' }[right[1]!]! + right[2];
  }
  return `属${band.replace(/“/g, '‘').replace(/”/g, '’')}一档`;
}
