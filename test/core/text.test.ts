/** Which characters a text may carry (src/core/text.ts), and the spreadsheet prefix that round-trips. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  cellText,
  findTextProblems,
  fromCellText,
  nestingDepth,
  textProblem,
  xmlSafe,
} from '../../src/core/text.ts';

test('refused: NUL and C0 controls, lone surrogates, U+FFFE/U+FFFF, bidi embedding/override/isolate', () => {
  for (const [ch, name] of [
    ['\u0000', '空字符'],
    ['\u001b', '控制字符'],
    ['\ud800', '不成对的代理码元'],
    ['\udfff', '不成对的代理码元'],
    ['\ufffe', '非字符'],
    ['\uffff', '非字符'],
    ['\u202a', '双向文字控制符'],
    ['\u202e', '双向文字控制符'],
    ['\u2066', '双向文字控制符'],
    ['\u2069', '双向文字控制符'],
  ] as const) {
    const p = textProblem(`预算${ch}执行`);
    assert.ok(p, JSON.stringify(ch));
    assert.match(
      p,
      new RegExp(`U\\+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}（${name}`),
    );
    assert.match(p, /在第 3 个字符处/);
  }
});

test('kept: tab, line breaks, emoji (a proper surrogate pair), CJK extension B, bidi marks, C1', () => {
  for (const s of ['一\t二\n三\r\n', '满意 😀', '𠀀𪚥', 'a\u200eb\u200fc\u061cd', '\u0085', '全角＝１']) {
    assert.equal(textProblem(s), null, JSON.stringify(s));
    assert.equal(xmlSafe(s), s);
  }
  // The position counts characters, not UTF-16 units: the emoji is one character.
  assert.match(textProblem('😀a\u0000') ?? '', /在第 3 个字符处/);
});

test('xmlSafe drops exactly what XML cannot carry and keeps bidi controls (input refuses those)', () => {
  assert.equal(xmlSafe('a\u0000b\ud800c\ufffed\uffffe\u202ef'), 'abcde\u202ef');
});

test('findTextProblems walks keys and values iteratively, and stops nesting at 64 levels', () => {
  const found = findTextProblems({ a: ['ok', 'x\u0000'], ['k\u202e']: 1 });
  assert.deepEqual(
    found.map((f) => f.path),
    [['a', 1], ['k\u202e']],
  );
  let deep: unknown = 'x';
  for (let i = 0; i < 10_000; i++) deep = { a: deep };
  assert.match(findTextProblems(deep)[0]?.message ?? '', /嵌套过深/);
  assert.ok(nestingDepth(deep) > 64);
  assert.equal(nestingDepth({ a: [{ b: 1 }] }), 3);
});

test('cellText prefixes what a spreadsheet would run, and fromCellText undoes it exactly', () => {
  for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', "'=1", "''+x"])
    assert.equal(cellText(s), `'${s}`);
  for (const s of ['预算', "'普通", '1-2', 'a=b']) assert.equal(cellText(s), s);
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', 'a', '中', ' '), maxLength: 8 }),
      (s) => {
        assert.equal(fromCellText(cellText(s)), s);
        assert.doesNotMatch(cellText(s), /^[=+\-@\t\r]/);
      },
    ),
    { numRuns: 2000 },
  );
});
