import { useEffect, useState } from 'react';
import type { Me, VerificationState } from '@gonghui/contracts';
import { api } from '../api-client';

export type VerificationStatus = VerificationState['verification'];

/**
 * The account's verification as the member should see it. `me.member` exists only once a person
 * record does, so an account with a review waiting for photos or an admin (or just rejected) has no
 * member yet: for those GET /api/v1/me/verification tells the state.
 */
export function useVerificationStatus(me: Me | null): VerificationStatus {
  const fromMe: VerificationStatus = me?.member?.verification ?? 'unverified';
  const accountId = me?.accountId ?? null;
  const needsCheck = accountId !== null && fromMe !== 'verified';
  const [checked, setChecked] = useState<{ accountId: string; status: VerificationStatus } | null>(null);

  useEffect(() => {
    if (!needsCheck || accountId === null) return;
    const controller = new AbortController();
    api
      .verification(controller.signal)
      .then((state) => setChecked({ accountId, status: state.verification }))
      // Without an answer the status from `me` stands.
      .catch(() => undefined);
    return () => controller.abort();
  }, [needsCheck, accountId, fromMe]);

  if (!needsCheck || checked === null || checked.accountId !== accountId) return fromMe;
  return checked.status;
}
