// For the operators: readiness for the load balancer (GET /api/ready), Prometheus metrics (GET /metrics)
// and the per-request counters behind them.
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { metrics, registry } from '../../metrics';
import type { Services } from '../../services';
import type { RouteModule } from '../routing';

const ReadinessSchema = z.object({
  status: z.enum(['ready', 'unavailable']),
  database: z.enum(['up', 'down']),
  pendingMigrations: z.array(z.string()).nullable().describe('Migrations not yet applied; null when they could not be read.'),
  dispatcher: z.enum(['running', 'stopped', 'off']).describe('The outbox dispatcher of this instance; `off` when it sends no mail.'),
  draining: z.boolean().describe('The instance is stopping and takes no new work.'),
});

/** GET /api/ready: 200 when this instance should receive traffic, 503 (with the reason) when not. */
export const registerOperationsRoutes: RouteModule = (routes, { operations }) => {
  routes.add({
    method: 'get',
    path: '/api/ready',
    operationId: 'getReadiness',
    summary: 'Readiness of this instance for the load balancer',
    description:
      'Ready when the database answers, every migration is applied, the outbox dispatcher runs (when this instance sends mail) ' +
      'and the instance is not stopping. GET /api/health only says the process is alive.',
    tags: ['system'],
    access: 'public',
    responses: {
      200: { description: 'Ready for traffic.', schema: ReadinessSchema },
      503: { description: 'Not ready; the fields say why.', schema: ReadinessSchema },
    },
    handler: async () => {
      const r = await operations.readiness();
      return {
        status: r.ready ? 200 : 503,
        headers: { 'Cache-Control': 'no-store' },
        body: {
          status: r.ready ? 'ready' : 'unavailable',
          database: r.database,
          pendingMigrations: r.pendingMigrations,
          dispatcher: r.dispatcher,
          draining: r.draining,
        },
      };
    },
  });
};

/** Counts each answer by method, route pattern (never the raw path: ids would explode the series) and status. */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const end = metrics.httpDuration.startTimer();
  res.once('finish', () => {
    const pattern = req.route?.path;
    const route = typeof pattern === 'string' ? `${req.baseUrl ?? ''}${pattern}` : 'unmatched';
    const labels = { method: req.method, route };
    end(labels);
    metrics.httpRequests.inc({ ...labels, status: String(res.statusCode) });
  });
  next();
};

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * GET /metrics in Prometheus' text format. With METRICS_TOKEN set it needs `Authorization: Bearer
 * <METRICS_TOKEN>` (Prometheus' `authorization` setting); without it, it is served only outside production.
 * The metrics hold no personal data, but they tell how busy each council is: not for the public internet.
 */
export function metricsHandler(services: Pick<Services, 'config' | 'operations'>): RequestHandler {
  const { metricsToken, env } = { metricsToken: services.config.metricsToken, env: services.config.env };
  return async (req, res, next) => {
    try {
      if (metricsToken) {
        const given = /^Bearer +(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
        if (!sameSecret(given, metricsToken)) {
          res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain').send('Send Authorization: Bearer <METRICS_TOKEN>.\n');
          return;
        }
      } else if (env === 'production') {
        res.status(404).type('text/plain').send('Not found: set METRICS_TOKEN to serve /metrics in production.\n');
        return;
      }
      await services.operations.collectOutboxGauges();
      res
        .set('Cache-Control', 'no-store')
        .type(registry.contentType)
        .send(await registry.metrics());
    } catch (e) {
      next(e);
    }
  };
}
