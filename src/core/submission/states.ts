/**
 * The submission cycle of a dataset (one department's year): its states and the transitions between
 * them, as data. A dataset with no submission row is 填报中 (draft). Pure: who may do what is decided
 * from two capabilities the caller derives from the user (acts for the department; reviews).
 */

export const SUBMISSION_STATES = ['draft', 'submitted', 'reviewing', 'returned', 'passed'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

export const SUBMISSION_STATE_LABELS: Record<SubmissionState, string> = {
  draft: '填报中',
  submitted: '已送审',
  reviewing: '复核中',
  returned: '已退回',
  passed: '已通过',
};

/** States in which the dataset's data is frozen: saves and workbook imports are refused. */
export const FROZEN_STATES: readonly SubmissionState[] = ['submitted', 'reviewing', 'passed'];

export const isFrozen = (s: SubmissionState): boolean => FROZEN_STATES.includes(s);

/** Who may do a transition: the department (its 填报人, or an administrator) or a reviewer (复核人, or an administrator). */
export type TransitionActor = 'department' | 'reviewer';

export interface TransitionSpec {
  /** The verb on the button and in the history. */
  label: string;
  from: readonly SubmissionState[];
  to: SubmissionState;
  by: TransitionActor;
  /** Whether a reason must (or may) be given. */
  reason: 'required' | 'optional' | 'none';
}

export const TRANSITIONS = {
  submit: { label: '送审', from: ['draft', 'returned'], to: 'submitted', by: 'department', reason: 'none' },
  withdraw: { label: '撤回', from: ['submitted'], to: 'draft', by: 'department', reason: 'optional' },
  startReview: { label: '开始复核', from: ['submitted'], to: 'reviewing', by: 'reviewer', reason: 'none' },
  return: { label: '退回', from: ['reviewing'], to: 'returned', by: 'reviewer', reason: 'required' },
  pass: { label: '通过', from: ['reviewing'], to: 'passed', by: 'reviewer', reason: 'optional' },
  reopen: { label: '重新填报', from: ['passed'], to: 'draft', by: 'department', reason: 'required' },
} as const satisfies Record<string, TransitionSpec>;

export type Transition = keyof typeof TRANSITIONS;
export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as Transition[];

export const isTransition = (s: string): s is Transition => Object.hasOwn(TRANSITIONS, s);

const ACTOR_LABELS: Record<TransitionActor, string> = {
  department: '本部门填报人或管理员',
  reviewer: '复核人或管理员',
};

/** What the user may do on this dataset, as the server derives it from the user and the dataset. */
export interface Capabilities {
  /** Acts for the dataset's department: its 填报人, or an administrator. */
  department: boolean;
  /** Reviews: a 复核人, or an administrator. */
  reviewer: boolean;
}

/** Refused because of who asks (`role`) or because of the state the dataset is in (`state`). */
export type Permission = { ok: true } | { ok: false; why: 'role' | 'state'; reason: string };

/** Whether a user with these capabilities may do transition `t` from state `s` (a Chinese reason when not). */
export function mayTransition(t: Transition, s: SubmissionState, who: Capabilities): Permission {
  const spec: TransitionSpec = TRANSITIONS[t];
  if (!who[spec.by]) return { ok: false, why: 'role', reason: `仅${ACTOR_LABELS[spec.by]}可以${spec.label}` };
  if (!spec.from.includes(s)) {
    const allowed = spec.from.map((x) => SUBMISSION_STATE_LABELS[x]).join('或');
    return {
      ok: false,
      why: 'state',
      reason: `当前状态为“${SUBMISSION_STATE_LABELS[s]}”，不能${spec.label}（仅在${allowed}时可以${spec.label}）`,
    };
  }
  return { ok: true };
}

/** The transitions this user may do now, in the order of the cycle. */
export function allowedTransitions(s: SubmissionState, who: Capabilities): Transition[] {
  return TRANSITION_NAMES.filter((t) => mayTransition(t, s, who).ok);
}

/** A reason checked against the transition: a Chinese message when one is required and missing. */
export function reasonProblem(t: Transition, reason: string | undefined): string | null {
  const spec: TransitionSpec = TRANSITIONS[t];
  if (spec.reason === 'required' && !reason?.trim()) return `${spec.label}须写明理由`;
  return null;
}

/** The label of a state stored as text (an unknown value is shown as 未知状态, never as its code). */
export function stateLabel(s: string | null | undefined): string {
  return s && Object.hasOwn(SUBMISSION_STATE_LABELS, s)
    ? SUBMISSION_STATE_LABELS[s as SubmissionState]
    : s
      ? '未知状态'
      : SUBMISSION_STATE_LABELS.draft;
}

/** The transition that leads from one state to another (each pair is one transition), for the history. */
export function transitionBetween(from: SubmissionState, to: SubmissionState): Transition | undefined {
  return TRANSITION_NAMES.find((t) => {
    const spec: TransitionSpec = TRANSITIONS[t];
    return spec.to === to && spec.from.includes(from);
  });
}
