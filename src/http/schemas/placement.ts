// The placement contract's shapes (shared/api.md), used both to validate requests and to publish the
// OpenAPI document. Rules beyond shape (a DoL order in foster care, an order of another nation) are the
// machine's to check, so their errors cite the rule.
import { z } from 'zod';
import { LEGAL_STATUS_CODES } from '../../../machines/placement';
import { activeRulebook } from '../../../machines/rulebook';
import { USER_EVENT_TYPES } from '../../engine/permissions';

const instant = () => z.iso.datetime({ offset: true }).describe('ISO 8601 date-time with offset');
const date = () => z.iso.date().describe('YYYY-MM-DD');
const text = (max = 2000) => z.string().trim().min(1).max(max);
const optionalText = (max = 2000) => z.string().trim().max(max).nullable().optional();

const legalBasisTypes = activeRulebook.legalBases.map((b) => b.type) as [string, ...string[]];

export const LegalBasisSchema = z.strictObject({
  type: z.enum(legalBasisTypes),
  court: optionalText(300),
  madeOn: date(),
  effectiveFrom: instant(),
  expiresAt: instant().nullable(),
});

export const PlacementDetailsSchema = z.strictObject({
  hostAuthorityId: text(100),
  healthBoardId: optionalText(100),
  serviceName: text(300),
  serviceAddress: optionalText(500),
  serviceEmail: z.email().max(254).nullable().optional(),
  serviceProviderId: optionalText(100),
  careInspectorateNumber: optionalText(50),
  plannedStart: instant(),
  permanence: z.enum(['temporary', 'permanent']),
  bestInterests: optionalText(4000),
});

const ContactSchema = z.strictObject({
  name: optionalText(200),
  role: optionalText(200),
  phone: optionalText(50),
  email: z.email().max(254).nullable().optional(),
});

export const DraftSchema = z.strictObject({
  child: z.strictObject({
    firstName: text(100),
    lastName: text(100),
    dateOfBirth: date(),
    gender: text(50),
  }),
  setting: z.enum(['residential', 'foster']),
  legalBasis: LegalBasisSchema,
  placement: PlacementDetailsSchema,
  needs: z.strictObject({ health: optionalText(), education: optionalText(), advocacy: optionalText() }).optional(),
  contacts: z
    .strictObject({ socialWorker: ContactSchema.optional(), teamManager: ContactSchema.optional(), reviewingOfficer: ContactSchema.optional(), outOfHours: ContactSchema.optional() })
    .optional(),
});

const SignatorySchema = z.strictObject({ name: text(200), role: text(200), method: optionalText(100) });
const at = { at: instant().describe('When it happened: may be in the past, never in the future.') };
const only = <T extends string>(type: T, extra: z.ZodRawShape = {}) => z.strictObject({ type: z.literal(type), ...at, ...extra });

/** One schema per event a user may send; the system's own events are not accepted here. */
export const UserEventSchema = z.discriminatedUnion('type', [
  only('NOTICE_SIGNED', { signatory: SignatorySchema }),
  only('NOTICE_UPDATED', { signatory: SignatorySchema }),
  only('CHILD_ARRIVED'),
  only('HOST_CONDITIONS_CONFIRMED'),
  only('HOST_QUERY_RAISED', { text: text(4000) }),
  only('HOST_QUERY_ANSWERED', { text: text(4000) }),
  only('ORDER_CHANGED', { legalBasis: LegalBasisSchema }),
  only('MOVE_PROPOSED', { setting: z.enum(['residential', 'foster']).optional(), placement: PlacementDetailsSchema }),
  only('MOVE_WITHDRAWN'),
  only('MOVED'),
  only('DOL_EXTENDED', { expiresAt: instant() }),
  only('DOL_TERMINATED'),
  only('SCOTTISH_CSO_MADE', { interim: z.boolean() }),
  only('ADVOCACY_OFFERED', { providerId: text(100).optional() }),
  only('ADVOCACY_NOT_APPROPRIATE', { reason: text(4000) }),
  only('ADVOCACY_ACCEPTED'),
  only('ADVOCACY_DECLINED'),
  only('ADVOCATE_ASSIGNED', { advocate: text(200).optional() }),
  only('VISIT_RECORDED'),
  only('REVIEW_RECORDED'),
  only('ENFORCEMENT_NOTICE_ISSUED', { duty: text(500) }),
  only('DUTY_PERFORMED'),
  only('SHERIFF_APPLICATION_MADE'),
  only('ENFORCEMENT_ORDER_MADE'),
  only('TRANSFER_PROPOSED'),
  only('TRANSFER_CONSENTED'),
  only('TRANSFER_REFUSED'),
  only('TRANSFER_EFFECTIVE'),
  only('REPORTER_NOTIFIED'),
  only('HEARING_HELD'),
  only('PLACEMENT_ENDED', { reason: text(1000) }),
]);

// Keep the schema and the permission table in step: every user event has both.
const schemaTypes = new Set(UserEventSchema.options.map((o) => o.shape.type.value));
for (const t of USER_EVENT_TYPES) if (!schemaTypes.has(t)) throw new Error(`no request schema for ${t}`);

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
    }),
  ),
  allowedEvents: z.array(z.string()).describe('Events the caller may send now.'),
  rulebook: z.string(),
  child: z.object({}).passthrough().describe("Name and date of birth only for roles that need the child's identity."),
  placement: z.object({}).passthrough(),
  proposedMove: z.object({}).passthrough().nullable(),
  arrivedAt: z.string().nullable(),
  notice: z
    .object({
      version: z.number().int(),
      reasons: z.array(z.string()),
      signedAt: z.string(),
      givenAt: z.string().nullable(),
      outstandingRecipients: z.array(z.object({ role: z.string(), status: z.string(), detail: z.string().nullable() })),
    })
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const PlacementListSchema = z.object({
  items: z.array(PlacementSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
