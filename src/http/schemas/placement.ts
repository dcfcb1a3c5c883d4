// The placement's response shapes (shared/api.md). The request shapes (the draft and every event) are
// defined once beside the machine, in machines/placement/events.ts.
import { z } from 'zod';
import { LEGAL_STATUS_CODES } from '../../../machines/placement';

export { DraftSchema, UserEventSchema } from '../../../machines/placement';

const ReasonSchema = z.object({ rule: z.string(), citation: z.string(), text: z.string() });

export const PlacementSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  version: z.number().int(),
  placingAuthorityId: z.string(),
  hostAuthorityId: z.string(),
  setting: z.enum(['residential', 'foster']),
  legalBasis: z.object({}).passthrough(),
  state: z.string().describe('Lifecycle: draft, notified, placed, ending, transferring, ended, superseded, transferred.'),
  regions: z.record(z.string(), z.string()).describe('The state of each parallel region of the placement machine.'),
  legalStatus: z.object({
    code: z.enum(LEGAL_STATUS_CODES),
    reasons: z.array(ReasonSchema),
  }),
  deadlines: z.array(
    z.object({
      id: z.string(),
      rule: z.string(),
      citation: z.string(),
      dueAt: z.string(),
      status: z.enum(['open', 'met', 'missed', 'cancelled']),
      metAt: z.string().nullable(),
      note: z.string().optional(),
      subject: z.string().optional().describe('What the clock is about when the rule runs more than one at once (e.g. one recipient).'),
      alternativeDueAt: z
        .string()
        .optional()
        .describe('Where the law is open (see `alternativeRule`), the due time under the other reading. `dueAt` is the reading that protects the child.'),
      alternativeRule: z.string().optional().describe('The rulebook parameter whose other reading gives `alternativeDueAt`.'),
    }),
  ),
  allowedEvents: z.array(z.string()).describe('Events the caller may send now.'),
  rulebook: z.string(),
  child: z.object({}).passthrough().describe("Name and date of birth only for roles that need the child's identity."),
  placement: z.object({}).passthrough(),
  proposedMove: z.object({}).passthrough().nullable(),
  arrivedAt: z.string().nullable(),
  service: z
    .object({
      evidence: z.array(
        z.object({
          at: z.string(),
          evidence: z.string(),
          serviceName: z.string(),
          serviceProviderId: z.string().nullable(),
          legalBasis: z.object({ type: z.string(), madeOn: z.string() }),
        }),
      ),
      evidenceForCurrentOrder: z.boolean().describe('The service the child is at (or moving to) confirmed it holds evidence of the order now in force.'),
      stays: z.array(
        z.object({
          serviceName: z.string(),
          serviceProviderId: z.string().nullable(),
          careInspectorateNumber: z.string().nullable(),
          arrivedAt: z.string(),
          departedAt: z.string().nullable(),
          departureReason: z.string().nullable(),
        }),
      ),
    })
    .describe("What the care services recorded (rule SP.evidence-before-admission): the evidence of the order each held, and the child's stays."),
  transitional: z
    .object({
      scheme: z.string(),
      schemeRulebookId: z.string(),
      instrument: z.string(),
      carriedOverAt: z.string().nullable(),
      carriedOverTo: z.string().nullable(),
    })
    .nullable()
    .describe('Set for a placement begun under an earlier scheme (SSI 2022/225 or SSI 2013/99) and imported with its history; null otherwise.'),
  notice: z
    .object({
      version: z.number().int(),
      reasons: z.array(z.string()),
      signedAt: z.string(),
      givenAt: z.string().nullable(),
      outstandingRecipients: z.array(z.object({ role: z.string(), status: z.string(), detail: z.string().nullable() })),
    })
    .nullable(),
  voice: z
    .object({ lastReview: z.object({ at: z.string(), viewsRecorded: z.boolean() }).nullable() })
    .optional()
    .describe(
      "For the placing authority, the host authority and the care service: the last review held and whether the child's views were recorded at it (REL.child-views). The views themselves: GET /api/placements/{id}/relationships.",
    ),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const PlacementListSchema = z.object({
  items: z.array(PlacementSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
