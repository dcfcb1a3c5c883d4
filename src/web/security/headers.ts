// Response headers for pages: a content security policy whose only inline script is the one carrying
// this response's nonce, and no caching of pages that show children's records. The JSON API keeps its
// own helmet defaults; this applies only where pages are mounted.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export function pageHeaders(options: { secure: boolean }): RequestHandler[] {
  // Helmet hands its directive functions the bare ServerResponse; the nonce is kept against it as well as in res.locals (for the templates).
  const nonces = new WeakMap<ServerResponse, string>();
  const nonce = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${nonces.get(res)}'`;
  return [
    (_req, res, next) => {
      const value = randomBytes(16).toString('base64');
      res.locals.cspNonce = value;
      nonces.set(res, value);
      res.set('Cache-Control', 'no-store');
      next();
    },
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", nonce],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(options.secure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: options.secure,
      crossOriginEmbedderPolicy: false,
    }),
  ];
}
