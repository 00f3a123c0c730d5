/**
 * Failed sign-ins and wrong old passwords, counted in the database (table auth_failures) so that every
 * server process on one PostgreSQL sees the same counts; on PGlite the same table serves one process.
 *
 * Budgets, each within a 15-minute window, each locking for 15 minutes when spent:
 *  - one account from one client address: 5 failures (the guesser is stopped, but someone elsewhere
 *    cannot lock the real user out with 5 anonymous requests: the lock holds only for that address);
 *  - one client address, whatever the names: 20 failures (no spraying of names or passwords);
 *  - one account from all addresses together: 50 failures (a guesser spread over many addresses);
 *    spending it takes at least 3 addresses, since each address stops at 20;
 *  - the old-password check of a password change: 5 wrong per account.
 * Old entries are evicted when their window and lock have passed (never all at once), so a flood of
 * names unlocks nothing.
 */
import type { Kysely } from 'kysely';
import { authLockedUntil, clearAuthFailures, evictAuthFailures, recordAuthFailure } from '../storage/repo.ts';
import type { DB } from '../storage/schema.ts';

export interface Budget {
  scope: string;
  max: number;
}

export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export const LOGIN_BUDGETS = {
  pair: { scope: 'login:account+address', max: 5 },
  address: { scope: 'login:address', max: 20 },
  account: { scope: 'login:account', max: 50 },
} as const satisfies Record<string, Budget>;

export const PASSWORD_CHECK_BUDGET = { scope: 'password:account', max: 5 } as const satisfies Budget;

type Key = { budget: Budget; key: string };

export class Throttle {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Milliseconds until the first of these keys is free again (0: none is locked). */
  async blockedFor(keys: Key[]): Promise<number> {
    const now = this.now();
    const until = await authLockedUntil(
      this.db,
      keys.map((k) => ({ scope: k.budget.scope, key: k.key })),
      now,
    );
    return until ? until.getTime() - now.getTime() : 0;
  }

  async fail(keys: Key[]): Promise<void> {
    const now = this.now();
    await evictAuthFailures(this.db, now, WINDOW_MS);
    for (const k of keys)
      await recordAuthFailure(this.db, {
        scope: k.budget.scope,
        key: k.key,
        now,
        windowMs: WINDOW_MS,
        max: k.budget.max,
        lockMs: LOCK_MS,
      });
  }

  async clear(keys: Key[]): Promise<void> {
    await clearAuthFailures(
      this.db,
      keys.map((k) => ({ scope: k.budget.scope, key: k.key })),
    );
  }
}

/** The keys of a sign-in attempt (the name as typed, trimmed and lower-cased, and the address). */
export function loginKeys(name: string, address: string) {
  const account = name.trim().toLowerCase();
  return {
    all: [
      { budget: LOGIN_BUDGETS.pair, key: `${account}\n${address}` },
      { budget: LOGIN_BUDGETS.address, key: address },
      { budget: LOGIN_BUDGETS.account, key: account },
    ],
    /** Cleared by a successful sign-in (the address budget is shared by everyone behind it). */
    onSuccess: [
      { budget: LOGIN_BUDGETS.pair, key: `${account}\n${address}` },
      { budget: LOGIN_BUDGETS.account, key: account },
    ],
  };
}

export function passwordCheckKeys(userId: number) {
  return [{ budget: PASSWORD_CHECK_BUDGET, key: String(userId) }];
}

/** “请 N 分钟后再试” for a wait in milliseconds. */
export function waitText(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 60_000))} 分钟`;
}
