import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Services } from '../services';
import { APP_VERSION } from '../version';
import { buildStylesheet } from '../web/assets';
import { createWebRouter } from '../web/app';
import { ServicesPageBackend } from '../web/service-backend';
import { authenticate } from './auth';
import { OpenApiRegistry } from './openapi';
import { notFoundHandler, problem, problemHandler } from './problem';
import { requestId } from './request-context';
import { ApiRoutes, type RouteModule } from './routing';
import { routeModules as defaultRouteModules } from './routes';
import { httpMetrics, metricsHandler } from './routes/operations';

export interface App extends Express {
  /** The OpenAPI registry the routes were registered in (for tests and tooling). */
  locals: Express['locals'] & { openapi: OpenApiRegistry };
}

const FIFTEEN_MINUTES = 15 * 60_000;

/** Paths that take a larger body: an import of placements with their history (JSON or the CSV template). */
const IMPORT_PATH = '/api/imports/placements';
const IMPORT_BODY_LIMIT = '5mb';

/**
 * Builds the express app over the services, without listening: tests drive it with supertest and `serve`
 * adds the socket. The JSON API lives under /api (bearer tokens); every other path is a page (sessions).
 * Both call the same services.
 */
export function createApp(services: Services, routeModules: RouteModule[] = defaultRouteModules): App {
  const { config } = services;
  const app = express() as App;
  app.set('trust proxy', config.http.trustProxy);
  app.set('query parser', 'simple'); // flat strings only: no nested objects from ?a[b]=c
  app.use(requestId);
  app.use(httpMetrics);
  app.get('/metrics', metricsHandler(services));

  const registry = new OpenApiRegistry({
    title: 'Cross-border placements API',
    version: APP_VERSION,
    description:
      'Compliance workflow for children placed from England, Wales and Northern Ireland into care in Scotland ' +
      '(SSI 2026/31). Errors are application/problem+json (RFC 9457).',
  });
  const routes = new ApiRoutes({
    registry,
    authenticate: authenticate(services.users, {
      failureLimit: config.http.authFailureLimit,
      failureWindowMs: config.http.authFailureWindowMs,
      counter: services.rateLimits,
      clock: services.clock,
    }),
    clock: services.clock,
    checkResponses: config.env !== 'production',
  });
  for (const register of routeModules) register(routes, services, registry);
  app.locals.openapi = registry;

  const api = express.Router();
  api.use(helmet());
  api.use(requireJsonBody);
  api.use(IMPORT_PATH, express.json({ limit: IMPORT_BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  api.use(IMPORT_PATH, express.text({ limit: IMPORT_BODY_LIMIT, type: ['text/csv'] }));
  api.use(express.json({ limit: config.http.bodyLimit, type: ['application/json', 'application/*+json'] }));
  api.use(routes.router);
  api.use(notFoundHandler);
  api.use(problemHandler);
  // The API's routes carry their full paths (/api/...); the pages own every other path.
  app.use((req, res, next) => (req.path === '/api' || req.path.startsWith('/api/') ? api(req, res, next) : next()));

  const { signIn, rateLimits } = services;
  app.use(
    createWebRouter({
      stylesheet: buildStylesheet(),
      users: signIn,
      sessions: services.sessions,
      signIn: {
        codes: signIn,
        mailer: signIn,
        secret: config.web.sessionSecret,
        baseUrl: config.web.publicUrl,
        perAccount: rateLimits.limiter('sign-in:account', 5, FIFTEEN_MINUTES),
        perIp: rateLimits.limiter('sign-in:ip', 30, FIFTEEN_MINUTES),
      },
      backend: new ServicesPageBackend(services),
      drafts: services.drafts,
      clock: services.clock,
      secure: config.web.secureCookies,
      idleTimeoutMs: config.web.idleTimeoutMs,
      absoluteTimeoutMs: config.web.absoluteTimeoutMs,
      demoUsers: config.demoUsers ? () => signIn.demoUsers() : undefined,
      watchTemplates: config.env === 'development',
      onError: (err) => console.error(err),
    }),
  );
  return app;
}

/** 415 for a request body that is not JSON, rather than silently ignoring it and reporting missing fields. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  const types = req.path === IMPORT_PATH ? ['application/json', 'application/*+json', 'text/csv'] : ['application/json', 'application/*+json'];
  if (hasBody && !req.is(types)) {
    return next(
      problem(415, 'Unsupported Media Type', `Send the body as ${types.includes('text/csv') ? 'application/json or text/csv' : 'application/json'}.`),
    );
  }
  next();
};
