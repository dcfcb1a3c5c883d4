import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { authenticate } from '../auth/middleware';
import type { Config } from '../config';
import { createEngine } from '../engine/create-engine';
import type { PlacementService } from '../engine/placement-service';
import type { Orm } from '../store/orm';
import { APP_VERSION } from '../version';
import { OpenApiRegistry } from './openapi';
import { notFoundHandler, problem, problemHandler } from './problem';
import { forkEntityManager, requestId } from './request-context';
import { ApiRoutes, type RouteModule } from './routing';
import { routeModules as defaultRouteModules } from './routes';

export interface AppDeps {
  orm: Orm;
  config: Config;
  /** The app's notion of now; tests pass a fixed clock. */
  clock?: () => Date;
  /** Defaults to every module in routes/index.ts. */
  routeModules?: RouteModule[];
  /** The placement engine; defaults to `createEngine` (documents and mail queued, no dispatcher). */
  engine?: PlacementService;
}

export interface App extends Express {
  /** The OpenAPI registry the routes were registered in (for tests and tooling). */
  locals: Express['locals'] & { openapi: OpenApiRegistry; engine: PlacementService };
}

/** Builds the express app without listening, so tests drive it with supertest and `serve` adds the socket. */
export function createApp({ orm, config, clock = () => new Date(), routeModules = defaultRouteModules, engine }: AppDeps): App {
  const placements = engine ?? createEngine(orm, { clock });
  const app = express() as App;
  app.set('trust proxy', config.http.trustProxy);
  app.set('query parser', 'simple'); // flat strings only: no nested objects from ?a[b]=c
  app.use(requestId);
  app.use(helmet());
  app.use(requireJsonBody);
  app.use(express.json({ limit: config.http.bodyLimit, type: ['application/json', 'application/*+json'] }));
  app.use(forkEntityManager(orm));

  const registry = new OpenApiRegistry({
    title: 'Cross-border placements API',
    version: APP_VERSION,
    description:
      'Compliance workflow for children placed from England, Wales and Northern Ireland into care in Scotland ' +
      '(SSI 2026/31). Errors are application/problem+json (RFC 9457).',
  });
  const routes = new ApiRoutes({
    registry,
    authenticate: authenticate({
      failureLimit: config.http.authFailureLimit,
      failureWindowMs: config.http.authFailureWindowMs,
    }),
    clock,
    checkResponses: config.env !== 'production',
  });
  for (const register of routeModules) register(routes, { orm, config, clock, registry, engine: placements });
  app.locals.openapi = registry;
  app.locals.engine = placements;

  app.use(routes.router);
  app.use(notFoundHandler);
  app.use(problemHandler);
  return app;
}

/** 415 for a request body that is not JSON, rather than silently ignoring it and reporting missing fields. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is(['application/json', 'application/*+json'])) {
    return next(problem(415, 'Unsupported Media Type', 'Send the body as application/json.'));
  }
  next();
};
