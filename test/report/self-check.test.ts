/**
 * `jixiao report` reads back the .docx it wrote with the checker (jixiao check) and prints what it
 * finds, in Chinese and without codes; with --strict a checker error fails the command. The figures
 * printed are those checkReport gives for the same file, not fixed numbers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadFramework } from '../../src/adapters/files.ts';
import { checkReport } from '../../src/checker/index.ts';
import { SEVERITY_LABELS } from '../../src/core/checks/types.ts';
import { main } from '../../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'jixiao-report-self-check-'));
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
};

describe('jixiao report checks what it writes', () => {
  it('prints the checker’s findings on the seed .docx, as checkReport finds them, without codes', async () => {
    const c = capture();
    const file = join(dir, 'seed.docx');
    const code = await main(['report', 'examples/futian-zonggonghui-2023.yaml', '-o', file], c.io);
    assert.equal(code, 0, c.err.join('\n'));
    const fw = loadFramework('futian-2023');
    assert.ok(fw.ok);
    const r = await checkReport(file, { framework: fw.value });
    assert.ok(r.ok);
    const findings = r.result.findings;
    const errors = findings.filter((f) => f.severity === 'error');
    const out = c.out.join('\n');
    if (!findings.length) {
      assert.match(out, /自查（jixiao check）：未发现问题/);
      return;
    }
    assert.match(
      out,
      new RegExp(`自查（jixiao check）：发现 ${findings.length} 处问题（错误 ${errors.length}，`),
    );
    for (const f of findings) {
      assert.ok(out.includes(`【${SEVERITY_LABELS[f.severity]}】${f.message}`), `missing: ${f.message}`);
      assert.ok(!out.includes(f.code), `a finding code is shown: ${f.code}`);
    }
  });

  it('with --strict, a checker error fails the command (exit 1); md is not read back', async () => {
    const c = capture();
    const file = join(dir, 'strict.docx');
    const code = await main(
      ['report', 'examples/futian-zonggonghui-2023.yaml', '-o', file, '--strict'],
      c.io,
    );
    const fw = loadFramework('futian-2023');
    assert.ok(fw.ok);
    const r = await checkReport(file, { framework: fw.value });
    assert.ok(r.ok);
    const failing = r.result.findings.some((f) => f.severity === 'error');
    if (failing) assert.equal(code, 1);
    const m = capture();
    assert.equal(
      await main(['report', 'examples/futian-zonggonghui-2023.yaml', '-o', join(dir, 'r.md')], m.io),
      0,
    );
    assert.match(m.out.join('\n'), /html、md 格式不自动核对/);
  });
});
