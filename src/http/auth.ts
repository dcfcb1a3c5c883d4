import type { RequestHandler } from 'express';
import type { AuthUser } from '../services/actor';
import type { Role } from '../vocabulary';
import { HttpProblem, problem } from './problem';

/** Resolves a bearer token to its user (the users service). */
export interface TokenAuthenticator {
  authenticate(token: string): Promise<AuthUser | null>;
}

/** Counters kept in the database (services.rateLimits), so every app instance behind the load balancer shares them. */
export interface FailureCounter {
  take(key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; resetAt: Date }>;
}

export interface AuthenticateOptions {
  /** Failed authentications allowed per client IP per window before 429. */
  failureLimit: number;
  failureWindowMs: number;
  counter: FailureCounter;
  clock: () => Date;
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
  const { failureLimit, failureWindowMs, counter, clock } = options;
  return async (req, res, next) => {
    // Only a failure is counted, per client IP (the proxy's X-Forwarded-For under TRUST_PROXY); over the
    // limit the answer is 429 with Retry-After instead of the 401.
    const fail = async (p: HttpProblem) => {
      const { allowed, resetAt } = await counter.take(`api-auth:${req.ip ?? 'unknown'}`, failureLimit, failureWindowMs);
      if (allowed) return next(p);
      const retryAfter = Math.max(1, Math.ceil((resetAt.getTime() - clock().getTime()) / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      res.setHeader('RateLimit-Policy', `"auth-failures";q=${failureLimit};w=${Math.ceil(failureWindowMs / 1000)}`);
      res.setHeader('RateLimit', `"auth-failures";r=0;t=${retryAfter}`);
      next(problem(429, 'Too Many Requests', 'Too many failed authentication attempts; try again later.'));
    };
    try {
      const header = req.get('authorization');
      if (!header) return await fail(unauthorized('Send Authorization: Bearer <token>.'));
      const match = /^Bearer +(\S+)\s*$/i.exec(header);
      if (!match) return await fail(unauthorized('The Authorization header must be "Bearer <token>".', 'invalid_request'));
      const user = await users.authenticate(match[1]);
      if (!user) return await fail(unauthorized('The token is not valid or has been revoked.', 'invalid_token'));
      req.user = user;
      next();
    } catch (e) {
      next(e);
    }
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
