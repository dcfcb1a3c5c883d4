// The web service's express router: assets, page security (sessions, CSRF, CSP), sign-in and the pages.
// Mounted beside the JSON API (`app.use(createWebRouter(...))` after the /api routes); it leaves /api
// alone, so the API keeps its bearer tokens and its own helmet defaults.
import express, { type ErrorRequestHandler, type Router } from 'express';
import { assetRouter, type Stylesheet } from './assets';
import { MemoryNotifyDraftStore, type NotifyDraftStore, type PageBackend } from './backend';
import { PageError, Renderer } from './context';
import { multipartForm } from './multipart';
import { csrf, CsrfError } from './security/csrf';
import { pageHeaders } from './security/headers';
import { sessions, type SessionStore } from './security/session';
import { IMPORT_UPLOAD_LIMIT, importRoutes } from './routes/imports';
import { evaluationRoutes } from './routes/evaluation';
import { pageRoutes } from './routes/pages';
import { signInRoutes } from './routes/sign-in';
import type { RateLimiter, SignInCodeStore, SignInMailer, UserDirectory, WebUser } from './sign-in/ports';
import { MemoryRateLimiter } from './sign-in/memory';
import { createPageEnvironment } from './views';

export interface WebDeps {
  stylesheet: Stylesheet;
  users: UserDirectory;
  sessions: SessionStore;
  signIn: {
    codes: SignInCodeStore;
    mailer: SignInMailer;
    /** HMAC key for sign-in codes: 32+ random bytes from configuration. */
    secret: string;
    /** The public origin, for the link in the mail. */
    baseUrl: string;
    perAccount?: RateLimiter;
    perIp?: RateLimiter;
    codeTtlMs?: number;
  };
  /** Placement data; without it only sign-in and the assets are served. */
  backend?: PageBackend;
  drafts?: NotifyDraftStore;
  clock?: () => Date;
  /** Secure cookies, HSTS and upgrade-insecure-requests: true everywhere but development and tests over http. */
  secure: boolean;
  /** Development only: the sign-in page lists these users to sign in as without mail. */
  demoUsers?: () => Promise<WebUser[]>;
  idleTimeoutMs?: number;
  absoluteTimeoutMs?: number;
  /** Re-read templates on each render (development). */
  watchTemplates?: boolean;
  onError?: (err: unknown) => void;
}

export function createWebRouter(deps: WebDeps): Router {
  const clock = deps.clock ?? (() => new Date());
  const env = createPageEnvironment({ watch: deps.watchTemplates });
  const render = new Renderer(env, deps.stylesheet);
  const router = express.Router();

  router.use(assetRouter(deps.stylesheet));
  const pages = express.Router();
  pages.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }));
  // The import page sends a file: read before the CSRF check, which finds `_csrf` among its fields.
  pages.use('/imports', ...multipartForm(IMPORT_UPLOAD_LIMIT));
  pages.use(...pageHeaders({ secure: deps.secure }));
  pages.use(sessions({ store: deps.sessions, clock, secure: deps.secure, idleTimeoutMs: deps.idleTimeoutMs, absoluteTimeoutMs: deps.absoluteTimeoutMs }));
  pages.use(csrf());
  pages.use(async (req, res, next) => {
    const id = req.session.data.userId;
    if (id) {
      const user = await deps.users.findById(id);
      if (user) req.webUser = user;
      else req.session.destroy();
    }
    next();
  });
  pages.use(
    signInRoutes(render, {
      users: deps.users,
      codes: deps.signIn.codes,
      mailer: deps.signIn.mailer,
      secret: deps.signIn.secret,
      baseUrl: deps.signIn.baseUrl,
      perAccount: deps.signIn.perAccount ?? new MemoryRateLimiter(5, 15 * 60 * 1000, () => clock().getTime()),
      perIp: deps.signIn.perIp ?? new MemoryRateLimiter(30, 15 * 60 * 1000, () => clock().getTime()),
      clock,
      codeTtlMs: deps.signIn.codeTtlMs,
      demoUsers: deps.demoUsers,
      onMailError: deps.onError,
    }),
  );
  if (deps.backend) pages.use(pageRoutes(render, { backend: deps.backend, drafts: deps.drafts ?? new MemoryNotifyDraftStore(), clock }));
  if (deps.backend?.importPlacements) pages.use(importRoutes(render, { backend: deps.backend }));
  if (deps.backend) pages.use(evaluationRoutes(render, { backend: deps.backend, clock }));
  pages.use((_req, _res, next) => next(new PageError(404, 'Page not found', 'If you typed the web address, check it is correct.')));

  const errors: ErrorRequestHandler = (err, req, res, _next) => {
    if (res.headersSent) return;
    const status =
      err instanceof PageError ? err.status : err instanceof CsrfError ? 403 : typeof err?.status === 'number' && err.status < 500 ? err.status : 500;
    if (status >= 500) deps.onError?.(err);
    const model =
      err instanceof CsrfError
        ? {
            heading: 'Your form could not be sent',
            body: 'The page was open too long, or it came from somewhere else. Go back, reload the page and try again.',
          }
        : err instanceof PageError
          ? { heading: err.title, body: err.body }
          : status === 500
            ? { heading: 'Sorry, there is a problem with the service', body: 'Try again later. Anything you had saved is still there.' }
            : { heading: 'Something went wrong with that request', body: 'Go back and try again.' };
    try {
      render.page(req, res, 'error.njk', { pageTitle: model.heading, ...model, status }, status);
    } catch (e) {
      deps.onError?.(e);
      res.status(status).type('text').send(model.heading);
    }
  };
  pages.use(errors);

  // Pages own every path but the API's.
  router.use((req, res, next) => (req.path === '/api' || req.path.startsWith('/api/') ? next() : pages(req, res, next)));
  return router;
}
