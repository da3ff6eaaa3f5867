/** Reads `{ phone }` passed in router state (e.g. after resetting a password). */
export function phoneFromState(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'phone' in state && typeof state.phone === 'string') {
    return state.phone;
  }
  return '';
}
