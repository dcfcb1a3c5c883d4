import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AuthUser } from '../services/actor';
import type { Role } from '../vocabulary';
import { HttpProblem, problem } from './problem';

/** Resolves a bearer token to its user (the users service). */
export interface TokenAuthenticator {
  authenticate(token: string): Promise<AuthUser | null>;
}

export interface AuthenticateOptions {
  /** Failed authentications allowed per client IP per window before 429. */
  failureLimit: number;
  failureWindowMs: number;
}

const unauthorized = (detail: string, error?: 'invalid_token' | 'invalid_request') =>
  new HttpProblem(401, 'Unauthorized', detail, undefined, 'about:blank', {
    // RFC 6750: tell the client which scheme to use and, for a bad token, why it failed.
    'WWW-Authenticate': error ? `Bearer realm="cbp", error="${error}"` : 'Bearer realm="cbp"',
  });

/**
 * Resolves `Authorization: Bearer <token>` to `req.user`, or answers 401 problem+json.
 * Only failures pass through the rate limiter, so valid users behind a shared IP are never throttled while
 * someone guessing tokens from that IP is cut off with a 429.
 */
export function authenticate(users: TokenAuthenticator, options: AuthenticateOptions): RequestHandler {
  const failureLimiter = rateLimit({
    windowMs: options.failureWindowMs,
    limit: options.failureLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(problem(429, 'Too Many Requests', 'Too many failed authentication attempts; try again later.')),
  });
  return async (req, res, next) => {
    // Over the limit, the limiter's handler calls our callback with the 429 problem instead.
    const fail = (p: HttpProblem) => failureLimiter(req, res, (limited?: unknown) => next(limited ?? p));
    const header = req.get('authorization');
    if (!header) return fail(unauthorized('Send Authorization: Bearer <token>.'));
    const match = /^Bearer +(\S+)\s*$/i.exec(header);
    if (!match) return fail(unauthorized('The Authorization header must be "Bearer <token>".', 'invalid_request'));
    const user = await users.authenticate(match[1]);
    if (!user) return fail(unauthorized('The token is not valid or has been revoked.', 'invalid_token'));
    req.user = user;
    next();
  };
}

/** 403 problem unless the authenticated user has one of the roles. Use after `authenticate`. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const user = req.user;
    if (!user) return next(unauthorized('Authentication required.'));
    if (!roles.includes(user.role)) {
      return next(problem(403, 'Forbidden', `This needs the role ${roles.join(' or ')}; you are ${user.role}.`));
    }
    next();
  };
}

/** The caller, for handlers behind `authenticate` (throws 401 if wired without it). */
export function currentUser(req: { user?: AuthUser }): AuthUser {
  if (!req.user) throw unauthorized('Authentication required.');
  return req.user;
}
