/**
 * Honest failure: change one figure of the seed and the checker must report that line. Each change is
 * small (a transposed digit, a rate off by 0.02, a score raised), the kind of slip a report carries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkReport } from '../../src/checker/index.ts';
import { futian, seedReportText } from '../helpers.ts';
import { tempFile } from '../cli/run.ts';

const MUTATIONS: { line: number; from: string; to: string; why: string }[] = [
  { line: 231, from: '368\t108.35', to: '368\t108.45', why: '表 1-5 固定资产原值 ≠ 各类相加' },
  { line: 238, from: '372\t108.91', to: '372\t109.91', why: '表 1-5 合计原值' },
  { line: 353, from: '1,592.35', to: '1,529.35', why: '表 2-2 二季度序时进度 ≠ 调整预算 × 50%' },
  { line: 355, from: '96.90%', to: '96.92%', why: '表 2-2 四季度执行率 ≠ 累计执行数 ÷ 调整预算' },
  { line: 173, from: '99.92%', to: '99.29%', why: '政府采购执行率 ≠ 12.01 ÷ 12.02' },
  {
    line: 336,
    from: '0.40\t0.40\t0.30\t75.0%',
    to: '0.40\t0.40\t0.30\t57.0%',
    why: '表 2-1 公务接待费控制率',
  },
  { line: 596, from: '2.00', to: '4.00', why: '附表满意度得分 ≠ 86.52 按框架分档' },
  { line: 71, from: '2,669.00', to: '2,696.00', why: '表 1-1 上年合计 ≠ 各类别相加' },
  { line: 159, from: '34\t33', to: '35\t33', why: '表 1-4 指标总个数 ≠ 表 1-3 条数' },
  { line: 221, from: '原值合计 108.35', to: '原值合计 108.53', why: '正文固定资产原值 ≠ 表 1-5' },
];

describe('a changed figure in the seed is found at its line', () => {
  const text = seedReportText();
  for (const m of MUTATIONS) {
    it(`第 ${m.line} 行：${m.why}`, async () => {
      const lines = text.split('\n');
      assert.ok(lines[m.line - 1]!.includes(m.from), `line ${m.line} has “${m.from}”`);
      lines[m.line - 1] = lines[m.line - 1]!.replace(m.from, m.to);
      const r = await checkReport(tempFile('mutated.txt', lines.join('\n')), { framework: futian() });
      assert.ok(r.ok);
      const at = r.result.findings.filter((f) => f.location?.line === m.line && f.severity === 'error');
      assert.ok(
        at.length >= 1,
        `no error at line ${m.line}: ${JSON.stringify(r.result.findings.map((f) => f.path))}`,
      );
    });
  }
});
