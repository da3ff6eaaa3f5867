import { describe, expect, it } from 'vitest';
import { MEMBER_STATUSES, type MemberStatus } from './auth.js';
import { canTransition, MEMBERSHIP_TRANSITIONS, type MembershipAction } from './members.js';

const ALLOWED: Record<MembershipAction, Array<MemberStatus | null>> = {
  add: [null],
  apply: ['registered'],
  withdraw: ['pending'],
  approve: ['pending'],
  reject: ['pending'],
  transfer: ['active'],
  hold: ['active'],
  join_from_held: ['held'],
  end: ['active', 'held', 'pending'],
};

describe('the membership state machine', () => {
  const froms: Array<MemberStatus | null> = [null, ...MEMBER_STATUSES];
  for (const action of Object.keys(MEMBERSHIP_TRANSITIONS) as MembershipAction[]) {
    for (const from of froms) {
      const allowed = ALLOWED[action].includes(from);
      it(`${action} from ${from ?? 'nothing'} is ${allowed ? 'allowed' : 'forbidden'}`, () => {
        expect(canTransition(action, from)).toBe(allowed);
      });
    }
  }
  it('never leaves an ended membership', () => {
    for (const action of Object.keys(MEMBERSHIP_TRANSITIONS) as MembershipAction[]) expect(canTransition(action, 'ended')).toBe(false);
  });
});
