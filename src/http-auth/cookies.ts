/** The few cookie operations the login needs (no cookie plugin is installed, and one cookie needs no more). */

/** The HttpOnly cookie `POST /login` sets and every route accepts in place of a bearer token. */
export const SESSION_COOKIE = 'metricast_session';
/** How long a browser session lasts before the login form is shown again. */
export const SESSION_MAX_AGE_SECONDS = 12 * 3600;

/** The value of cookie `name` in a `Cookie` header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * A `Set-Cookie` value for the session: HttpOnly (scripts cannot read it), SameSite=Strict (other
 * sites cannot make the browser send it, which is the CSRF defence of the form posts), Secure when
 * the API is served over HTTPS. An empty value with max-age 0 clears it.
 */
export function sessionCookie(
  value: string,
  options: { readonly secure: boolean; readonly maxAge: number },
): string {
  const parts = [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${options.maxAge}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
