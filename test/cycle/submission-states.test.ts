/** The submission states and transitions as data: who may do what from where, with Chinese reasons. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  allowedTransitions,
  isFrozen,
  mayTransition,
  reasonProblem,
  stateLabel,
  SUBMISSION_STATE_LABELS,
  SUBMISSION_STATES,
  transitionBetween,
  TRANSITION_NAMES,
  TRANSITIONS,
} from '../../src/core/submission/states.ts';

const FILLER = { department: true, reviewer: false };
const REVIEWER = { department: false, reviewer: true };
const ADMIN = { department: true, reviewer: true };
const OTHER = { department: false, reviewer: false };

test('five states, each with its Chinese label; the contract names', () => {
  assert.deepEqual(SUBMISSION_STATE_LABELS, {
    draft: '填报中',
    submitted: '已送审',
    reviewing: '复核中',
    returned: '已退回',
    passed: '已通过',
  });
  assert.deepEqual(
    TRANSITION_NAMES.map((t) => TRANSITIONS[t].label),
    ['送审', '撤回', '开始复核', '退回', '通过', '重新填报'],
  );
  assert.deepEqual(SUBMISSION_STATES.filter(isFrozen), ['submitted', 'reviewing', 'passed']);
  assert.equal(stateLabel(null), '填报中');
  assert.equal(stateLabel('bogus'), '未知状态');
});

test('the filler may submit from draft or returned, withdraw only before the review, reopen after passing', () => {
  assert.deepEqual(allowedTransitions('draft', FILLER), ['submit']);
  assert.deepEqual(allowedTransitions('returned', FILLER), ['submit']);
  assert.deepEqual(allowedTransitions('submitted', FILLER), ['withdraw']);
  assert.deepEqual(allowedTransitions('reviewing', FILLER), []);
  assert.deepEqual(allowedTransitions('passed', FILLER), ['reopen']);
});

test('the reviewer starts, returns and passes; an administrator may do both sides; others nothing', () => {
  assert.deepEqual(allowedTransitions('submitted', REVIEWER), ['startReview']);
  assert.deepEqual(allowedTransitions('reviewing', REVIEWER), ['return', 'pass']);
  assert.deepEqual(allowedTransitions('draft', REVIEWER), []);
  assert.deepEqual(allowedTransitions('submitted', ADMIN), ['withdraw', 'startReview']);
  for (const s of SUBMISSION_STATES) assert.deepEqual(allowedTransitions(s, OTHER), []);
});

test('refusals say why in Chinese: the role first, then the state', () => {
  const role = mayTransition('return', 'reviewing', FILLER);
  assert.ok(!role.ok && role.why === 'role');
  assert.ok(!role.ok && role.reason === '仅复核人或管理员可以退回');
  const state = mayTransition('withdraw', 'reviewing', FILLER);
  assert.ok(!state.ok && state.why === 'state');
  assert.ok(!state.ok && /当前状态为“复核中”，不能撤回（仅在已送审时可以撤回）/.test(state.reason));
  const both = mayTransition('submit', 'passed', FILLER);
  assert.ok(!both.ok && /仅在填报中或已退回时可以送审/.test(both.reason));
});

test('return and reopen need a reason; the others do not', () => {
  assert.equal(reasonProblem('return', undefined), '退回须写明理由');
  assert.equal(reasonProblem('return', '  '), '退回须写明理由');
  assert.equal(reasonProblem('reopen', ''), '重新填报须写明理由');
  assert.equal(reasonProblem('return', '缺少佐证'), null);
  for (const t of ['submit', 'withdraw', 'startReview', 'pass'] as const)
    assert.equal(reasonProblem(t, undefined), null);
});

test('each pair of states is one transition (the history names it)', () => {
  assert.equal(transitionBetween('returned', 'submitted'), 'submit');
  assert.equal(transitionBetween('submitted', 'draft'), 'withdraw');
  assert.equal(transitionBetween('passed', 'draft'), 'reopen');
  assert.equal(transitionBetween('draft', 'passed'), undefined);
  for (const t of TRANSITION_NAMES)
    for (const from of TRANSITIONS[t].from) assert.equal(transitionBetween(from, TRANSITIONS[t].to), t);
});
