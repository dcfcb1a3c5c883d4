// CSRF: a synchronizer token kept in the server-side session, rendered into every form as `_csrf` and
// checked on every state-changing request. SameSite=Lax on the cookie is the second line, not the first.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export class CsrfError extends Error {
  readonly status = 403;
}

/** Gives `res.locals.csrfToken` (created with the session on first use) and refuses a POST without the right one. */
export function csrf(): RequestHandler {
  return (req, res, next) => {
    Object.defineProperty(res.locals, 'csrfToken', {
      configurable: true,
      enumerable: true,
      get() {
        if (!req.session.data.csrfToken) {
          req.session.data.csrfToken = randomBytes(32).toString('base64url');
          req.session.changed();
        }
        return req.session.data.csrfToken;
      },
    });
    if (SAFE.has(req.method)) return next();
    const expected = req.session.data.csrfToken;
    const given = typeof req.body?._csrf === 'string' ? req.body._csrf : req.get('x-csrf-token');
    if (!expected || typeof given !== 'string' || !equal(expected, given)) return next(new CsrfError('The form was not sent with a valid security token.'));
    next();
  };
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
