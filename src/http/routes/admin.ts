// Operations for the system administrator.
import { z } from 'zod';
import type { RouteModule } from '../routing';

export const registerAdminRoutes: RouteModule = (routes, { deadlines }) => {
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
};
