import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { logger, withRequestId } from '../logger';
import { routeOf } from './problem';
import type { AuthUser } from '../services/actor';

declare global {
  namespace Express {
    interface Request {
      /** Correlates logs and problem responses; echoed in the X-Request-Id header. */
      requestId: string;
      /** Set by `authenticate`; absent on public routes. */
      user?: AuthUser;
    }
  }
}

// Hex digits and hyphens only (a UUID, nginx's $request_id, a trace id): an id a client chose freely could carry a
// child's name into every log line.
const SAFE_REQUEST_ID = /^[0-9A-Fa-f-]{16,64}$/;

/**
 * Adopts an incoming X-Request-Id made of hex digits (from a proxy) or makes one, handles the rest of the request with
 * it as the log context, and logs one line when the response is finished: method, route pattern, status and
 * time (no URL, query or header: they may carry ids, tokens or names).
 */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  req.requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.set('X-Request-Id', req.requestId);
  const started = process.hrtime.bigint();
  res.once('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger().info({ requestId: req.requestId, method: req.method, route: routeOf(req), status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
  });
  withRequestId(req.requestId, next);
};
