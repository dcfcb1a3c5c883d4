// Operations for the system administrator.
import { z } from 'zod';
import { actorOf } from '../../services/actor';
import type { RouteModule } from '../routing';

export const registerAdminRoutes: RouteModule = (routes, { deadlines, outbox }) => {
  routes.add({
    method: 'post',
    path: '/api/admin/sweep',
    operationId: 'sweepDeadlines',
    summary: 'Run the deadline sweep now',
    description: 'Sends DEADLINE_ELAPSED for every open deadline that has fallen due, exactly once each; the scheduler runs the same sweep on its interval.',
    tags: ['admin'],
    access: ['admin'],
    responses: {
      200: {
        description: 'What the sweep saw; `fired` is false where the machine had nothing to do (a before-event clock, or one already closed).',
        schema: z.object({
          fired: z.array(z.object({ placementId: z.string(), deadlineId: z.string(), rule: z.string(), dueAt: z.string(), fired: z.boolean() })),
        }),
      },
    },
    handler: async () => ({ body: { fired: await deadlines.sweep() } }),
  });

  routes.add({
    method: 'get',
    path: '/api/admin/outbox',
    operationId: 'listOutbox',
    summary: 'Mail waiting or refused, and why',
    description:
      'Messages not yet sent: `queued` ones wait for their next attempt (`lastError` says why the last one failed); `failed` ones were refused for good.',
    tags: ['admin'],
    access: ['admin'],
    query: z.strictObject({ status: z.enum(['queued', 'failed']).optional() }),
    responses: {
      200: {
        description: 'Oldest first (at most 1000).',
        schema: z.array(
          z.object({
            id: z.string(),
            kind: z.string(),
            status: z.enum(['queued', 'sent', 'failed']),
            address: z.string(),
            subject: z.string(),
            placementReference: z.string().nullable(),
            attempts: z.number().int(),
            lastError: z.string().nullable(),
            nextAttemptAt: z.string().nullable(),
            createdAt: z.string(),
          }),
        ),
      },
    },
    handler: async ({ query }) => ({ body: await outbox.pending(query.status) }),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/outbox/retry',
    operationId: 'retryOutbox',
    summary: 'Send waiting and refused mail again now',
    description:
      'After an SMTP outage the back-off waits up to an hour; this makes every waiting message (or those named) due now and wakes the dispatcher. Recorded in the audit chain.',
    tags: ['admin'],
    access: ['admin'],
    body: z.strictObject({ ids: z.array(z.uuid()).max(1000).optional() }).default({}),
    responses: { 200: { description: 'How many were made due.', schema: z.object({ retried: z.number().int() }) } },
    handler: async ({ body, user }) => ({ body: await outbox.retryNow(actorOf(user), body.ids) }),
  });
};
