/**
 * Browser login: `GET /login` serves a form asking for an API token, `POST /login` checks it and sets
 * the HttpOnly session cookie, `POST /logout` clears it. The cookie carries the token itself, so a
 * revoked token ends its browser sessions too.
 */
import type { FastifyInstance } from 'fastify';
import type { TokenResolver } from '../http-auth';
import { SESSION_MAX_AGE_SECONDS, sessionCookie } from '../http-auth';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Only paths on this server: an absolute or protocol-relative `next` would make the form an open redirect. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function loginPage(next: string, problem?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>metricast: log in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}
input{width:100%;padding:.5rem;margin:.5rem 0;box-sizing:border-box}.problem{color:#d62728}</style></head>
<body><h1>metricast</h1>
<p>Log in with an API token (<code>metricast token create --name you --scope read</code>, or METRICAST_API_TOKEN).</p>
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/login">
<label for="token">API token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<input type="hidden" name="next" value="${escapeHtml(next)}">
<button type="submit">Log in</button>
</form></body></html>`;
}

const loginBody = {
  type: 'object',
  required: ['token'],
  additionalProperties: false,
  properties: {
    token: { type: 'string', minLength: 1, maxLength: 512 },
    next: { type: 'string', maxLength: 2048 },
  },
} as const;

/** Mounts the login form, the form post and logout; all public. `secure` marks the cookie Secure. */
export function registerLogin(app: FastifyInstance, resolve: TokenResolver, secure: boolean): void {
  // Browsers post forms urlencoded; Fastify parses only JSON by itself.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
  const hidden = { hide: true } as const;
  app.get<{ Querystring: { next?: string } }>(
    '/login',
    {
      config: { public: true },
      schema: { ...hidden, querystring: { type: 'object', properties: { next: { type: 'string' } } } },
    },
    async (request, reply) =>
      reply.type('text/html; charset=utf-8').send(loginPage(safeNext(request.query.next))),
  );
  app.post<{ Body: { token: string; next?: string } }>(
    '/login',
    { config: { public: true }, schema: { ...hidden, body: loginBody } },
    async (request, reply) => {
      const next = safeNext(request.body.next);
      const found = await resolve(request.body.token);
      if (!found)
        return reply
          .status(401)
          .type('text/html; charset=utf-8')
          .send(loginPage(next, 'That token is unknown or revoked.'));
      request.log.info({ token: found.name }, 'login');
      reply.header(
        'set-cookie',
        sessionCookie(request.body.token, { secure, maxAge: SESSION_MAX_AGE_SECONDS }),
      );
      return reply.redirect(next, 303);
    },
  );
  app.post('/logout', { config: { public: true }, schema: hidden }, async (_request, reply) => {
    reply.header('set-cookie', sessionCookie('', { secure, maxAge: 0 }));
    return reply.redirect('/login', 303);
  });
}
