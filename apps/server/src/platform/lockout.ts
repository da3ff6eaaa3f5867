/** The lockout rule shared by member and admin logins: N failures lock the account for M minutes. */
import { AppError } from './errors.js';

export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}
export interface LockState {
  failedLogins: number;
  lockedUntil: Date | null;
}

export function assertNotLocked(state: LockState, now: Date): void {
  if (state.lockedUntil && state.lockedUntil.getTime() > now.getTime()) {
    const minutes = Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 60_000));
    throw new AppError('ACCOUNT_LOCKED', { params: { minutes } });
  }
}

/** The state after one more failure; a lock that has run out starts a fresh count. */
export function afterFailure(state: LockState, policy: LockoutPolicy, now: Date): LockState & { lockedNow: boolean } {
  const expired = state.lockedUntil !== null && state.lockedUntil.getTime() <= now.getTime();
  const failedLogins = (expired ? 0 : state.failedLogins) + 1;
  if (failedLogins >= policy.maxFailures) {
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000), lockedNow: true };
  }
  return { failedLogins, lockedUntil: expired ? null : state.lockedUntil, lockedNow: false };
}
