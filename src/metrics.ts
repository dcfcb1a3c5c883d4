// Prometheus metrics (prom-client), one registry per process: each app instance is scraped on its own
// (its counters are its own), while the outbox gauges read the shared database at scrape time, so every
// instance reports the same depth and age (aggregate them with max, not sum).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'cbp_' });

const registers = [registry];

export const metrics = {
  httpRequests: new Counter({
    name: 'cbp_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern (never the path with its ids) and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  }),
  httpDuration: new Histogram({
    name: 'cbp_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  }),
  eventApply: new Histogram({
    name: 'cbp_event_apply_seconds',
    help: 'Time to apply one event to a placement, from reading it to the commit, by event type and outcome.',
    labelNames: ['type', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  }),
  deadlinesFired: new Counter({
    name: 'cbp_deadlines_fired_total',
    help: 'Deadlines this instance lapsed (DEADLINE_ELAPSED recorded), by rule.',
    labelNames: ['rule'] as const,
    registers,
  }),
  sweeps: new Counter({
    name: 'cbp_deadline_sweeps_total',
    help: 'Deadline sweeps this instance ran, by outcome (ok or error).',
    labelNames: ['outcome'] as const,
    registers,
  }),
  sweepDuration: new Histogram({
    name: 'cbp_deadline_sweep_seconds',
    help: 'Time one deadline sweep took.',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60],
    registers,
  }),
  mail: new Counter({
    name: 'cbp_outbox_sends_total',
    help: 'Send attempts by this instance, by message kind and outcome (sent, retrying, failed).',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  }),
  outboxDepth: new Gauge({
    name: 'cbp_outbox_depth',
    help: 'Messages in the outbox (the shared database) by status: queued, accepted (sent, outcome not yet recorded), failed.',
    labelNames: ['status'] as const,
    registers,
  }),
  outboxOldestAge: new Gauge({
    name: 'cbp_outbox_oldest_queued_age_seconds',
    help: 'Age of the oldest message still waiting to be sent (0 when none waits).',
    registers,
  }),
  ready: new Gauge({
    name: 'cbp_ready',
    help: '1 while this instance would answer GET /api/ready with 200.',
    registers,
  }),
};

/** Times `work` into the event-apply histogram, labelled with its outcome. */
export async function timedEvent<T>(type: string, work: () => Promise<T>): Promise<T> {
  const end = metrics.eventApply.startTimer({ type });
  try {
    const result = await work();
    end({ outcome: 'ok' });
    return result;
  } catch (e) {
    // An AppError is the service's answer (refused, stale, not found); anything else a fault.
    end({ outcome: (e as Error)?.name === 'AppError' ? 'refused' : 'error' });
    throw e;
  }
}
