/**
 * The form's and the workbook's labels come from the field catalogue; the layout (sections.ts) keeps
 * only contextual labels, which name the same field with context added (“年初预算·人员经费” for
 * 人员经费) or shortened under a title that gives the context (“原因” under 预算调剂 for 调剂原因).
 * A new field, or a layout entry whose label is just another name for the field, fails here.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldAt, patternOfPath } from '../../src/core/dataset/catalogue.ts';
import { EXTRA_SHEETS, MONITORING_LISTS, SECTIONS, type FieldSpec } from '../../src/core/dataset/sections.ts';

/** Every input of the form and every column of the workbook, with the catalogue pattern it fills. */
function inputs(): { pattern: string; spec: FieldSpec }[] {
  const out: { pattern: string; spec: FieldSpec }[] = [];
  for (const s of [...SECTIONS, ...EXTRA_SHEETS, ...MONITORING_LISTS])
    if (s.kind === 'fields')
      for (const spec of s.fields) out.push({ pattern: patternOfPath(spec.path), spec });
    else for (const spec of s.columns) out.push({ pattern: `${patternOfPath(s.path)}[].${spec.path}`, spec });
  return out;
}

const plain = (s: string) => s.replace(/·/g, '');

test('a form label is the catalogue label, or that label with context added or taken away', () => {
  const all = inputs();
  assert.ok(all.length > 100);
  const contextual: string[] = [];
  for (const { pattern, spec } of all) {
    const def = fieldAt(pattern);
    assert.ok(def, `${pattern} is no field of the catalogue`);
    // Items of a fixed-length list are named by their position (一季度末… for 一至四季度末…).
    if (spec.label === def.label || def.listLength) continue;
    contextual.push(spec.label);
    const [label, own] = [plain(spec.label), plain(def.label)];
    assert.ok(
      label.includes(own) || own.includes(label),
      `${pattern}: the form says “${spec.label}”, the catalogue “${def.label}”; declare the label in the schema`,
    );
  }
  // The contextual labels left: 年初预算, 上年预算, 全年执行, 三公 budget and actual, 日常公用经费, 说明, 原因.
  assert.ok(contextual.includes('年初预算·人员经费') && contextual.includes('原因'), contextual.join('、'));
  assert.ok(contextual.length <= 25, `${contextual.length} contextual labels: ${contextual.join('、')}`);
});
