/** What a union's join QR code (or a pasted link) points to: `/join/<orgId>`, or a bare union id. */
export function parseJoinTarget(text: string, origin: string = window.location.origin): string | null {
  const value = text.trim();
  if (/^\d{1,20}$/.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  const match = /^\/join\/(\d{1,20})\/?$/.exec(url.pathname);
  if (match?.[1]) return match[1];
  const param = url.searchParams.get('orgId');
  return param && /^\d{1,20}$/.test(param) ? param : null;
}
