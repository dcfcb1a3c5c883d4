import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
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

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Adopts a well-formed incoming X-Request-Id (from a proxy) or makes one. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  req.requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.set('X-Request-Id', req.requestId);
  next();
};
