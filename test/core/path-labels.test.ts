/**
 * Path labels: one implementation (src/core/labels.ts) in two styles, both read from the field
 * catalogue. Every field of the catalogue — a new one included, without touching the label code — is
 * named in Chinese in both styles, by its catalogue label, and the form style names it where the form
 * shows it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogue } from '../../src/core/dataset/catalogue.ts';
import { SECTIONS } from '../../src/core/dataset/sections.ts';
import { displayAt, fieldPathLabel, pathLabel } from '../../src/core/labels.ts';

/** A concrete path of a pattern: the first item of every list, a made-up key of every record. */
const concrete = (pattern: string): (string | number)[] =>
  pattern
    .replace(/\[\]/g, '.0')
    .replace(/\{\}/g, 'somekey')
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** Keyed parts named by a metric, a narrative block or an indicator, not by their field label. */
const KEYED = /^(stated|narrative|measures|evaluation)\./;

describe('path labels', () => {
  it('every catalogue field is named in Chinese in both styles, ending with its own label', () => {
    const fields = catalogue();
    assert.ok(fields.length > 100);
    for (const def of fields) {
      const segs = concrete(def.path);
      const plain = pathLabel(segs);
      const form = pathLabel(segs, { style: 'form' });
      for (const label of [plain, form]) assert.doesNotMatch(label, /[A-Za-z]/, `${def.path} → ${label}`);
      if (KEYED.test(def.path) || def.path.startsWith('execution.quarterlyCumulative')) continue;
      assert.ok(plain.endsWith(def.label), `${def.path}: plain “${plain}” should end with “${def.label}”`);
    }
  });

  it('the form style names a field by its section and form label, with “ › ”', () => {
    let n = 0;
    for (const s of SECTIONS)
      if (s.kind === 'fields')
        for (const f of s.fields) {
          assert.equal(pathLabel(concrete(f.path), { style: 'form' }), `${s.title} › ${f.label}`);
          n++;
        }
    assert.ok(n > 40);
  });

  it('the form style names list items by position and name from the data; plain by position', () => {
    const data = { adjustments: [{ id: 'a', category: 'project', amount: '5' }] };
    assert.equal(
      pathLabel(['adjustments', { id: 'a' }, 'amount'], { style: 'form', data }),
      '预算调整 › 第 1 项「项目支出」 › 调整金额（追加为正，调减为负）',
    );
    assert.equal(fieldPathLabel('targets[25].category'), '部门整体绩效目标第 26 条·指标类别');
    assert.equal(
      pathLabel(['execution', 'quarterlyCumulative', 1], { style: 'form' }),
      '预算执行 › 二季度末累计执行数',
    );
  });

  it('keyed parts read the same in both styles, indicator names from the framework', () => {
    const framework = { indicators: [{ code: 'c1', name: '预算编制合理性' }] };
    assert.equal(pathLabel(['measures', 'c1'], { style: 'form', framework }), '改进措施 › 预算编制合理性');
    assert.equal(fieldPathLabel('measures.c1', framework), '改进措施·预算编制合理性');
    assert.equal(displayAt(['adjustments', 0, 'category'], 'project'), '项目支出');
  });
});
