// The placement contract, defined once: the draft a placing authority submits, and every event a
// placement hears. The TypeScript types, the request validation, the OpenAPI document, the role table
// (src/services/access-policy.ts, checked with `satisfies`) and the probes that ask the machine which
// events it accepts are all derived from these schemas.
import { z } from 'zod';
import { RECIPIENT_ROLES, SETTINGS, rulebooks } from '../rulebook';
import { countableDate, countableInstant, date, email, line, optionalLine, optionalText, organisationId, text } from './fields';

/** Every legal basis type any rulebook version knows (the placement's own rulebook checks it further). */
const LEGAL_BASIS_TYPES = [...new Set(Object.values(rulebooks).flatMap((b) => b.legalBases.map((l) => l.type)))];

export const ChildSchema = z.strictObject({
  firstName: line(100),
  lastName: line(100),
  dateOfBirth: date(),
  gender: line(50),
});

export const LegalBasisSchema = z.strictObject({
  type: z.enum(LEGAL_BASIS_TYPES),
  court: optionalLine(300),
  madeOn: countableDate(),
  effectiveFrom: countableInstant(),
  expiresAt: countableInstant().nullable(),
});

export const PlacementDetailsSchema = z.strictObject({
  hostAuthorityId: organisationId(),
  healthBoardId: organisationId().nullable().optional(),
  serviceName: line(300),
  serviceAddress: optionalLine(500),
  serviceEmail: email().nullable().optional(),
  /** The registered provider's organisation, when it uses this system. */
  serviceProviderId: organisationId().nullable().optional(),
  careInspectorateNumber: optionalLine(50),
  plannedStart: countableInstant(),
  permanence: z.enum(['temporary', 'permanent']),
  bestInterests: optionalText(4000),
});

export const ContactSchema = z.strictObject({
  name: optionalLine(200),
  role: optionalLine(200),
  phone: optionalLine(50),
  email: email().nullable().optional(),
});

export const CONTACT_KEYS = ['socialWorker', 'teamManager', 'reviewingOfficer', 'outOfHours'] as const;
export const NEEDS_KEYS = ['health', 'education', 'advocacy'] as const;

export const NeedsSchema = z.strictObject({ health: optionalText(), education: optionalText(), advocacy: optionalText() });
export const ContactsSchema = z.strictObject({
  socialWorker: ContactSchema.optional(),
  teamManager: ContactSchema.optional(),
  reviewingOfficer: ContactSchema.optional(),
  outOfHours: ContactSchema.optional(),
});

export const SettingSchema = z.enum(SETTINGS);

/** What a placing authority submits to start a draft notification (shared/api.md). */
export const DraftSchema = z.strictObject({
  child: ChildSchema,
  setting: SettingSchema,
  legalBasis: LegalBasisSchema,
  placement: PlacementDetailsSchema,
  needs: NeedsSchema.optional(),
  contacts: ContactsSchema.optional(),
  lookedAfterSince: date().optional().describe("When the child became looked after, if before this placement: the home nation's review cycle counts from it."),
});

export const SignatorySchema = z.strictObject({ name: line(200), role: line(200), method: optionalLine(100) });

const userAt = countableInstant()
  .optional()
  .describe('When it happened: may be in the past, never in the future. When absent, the time the server received the request.');

/** An event a user sends: `at` may be left out. */
function userEvent<const T extends string, S extends z.ZodRawShape>(type: T, description: string, shape: S) {
  return z.strictObject({ type: z.literal(type), at: userAt, ...shape }).describe(description);
}

/** An event only the system sends (scheduler, mail dispatcher): always stamped. */
function systemEvent<const T extends string, S extends z.ZodRawShape>(type: T, description: string, shape: S) {
  return z.strictObject({ type: z.literal(type), at: countableInstant(), ...shape }).describe(description);
}

/** One schema per event a user may send. */
export const UserEventSchema = z.discriminatedUnion('type', [
  userEvent('NOTICE_SIGNED', 'The authorised representative signs the first Notice and Undertaking; it is sent to every recipient.', {
    signatory: SignatorySchema,
  }),
  userEvent('NOTICE_UPDATED', 'A new version of the notice is signed and sent (order change, move, DoL extension or termination, end).', {
    signatory: SignatorySchema,
  }),
  userEvent('CHILD_ARRIVED', 'The child arrived at the placement in Scotland.', {}),
  userEvent('HOST_CONDITIONS_CONFIRMED', 'The host authority confirms the notice is complete and the conditions are met.', {}),
  userEvent('HOST_QUERY_RAISED', 'The host authority raises a query the placing authority must answer.', { text: text(4000) }),
  userEvent('HOST_QUERY_ANSWERED', 'The placing authority answers the open query.', { text: text(4000) }),
  userEvent('ORDER_CHANGED', 'A new order replaces the one the notice describes.', { legalBasis: LegalBasisSchema }),
  userEvent('MOVE_PROPOSED', 'A move to another placement in Scotland is planned.', { setting: SettingSchema.optional(), placement: PlacementDetailsSchema }),
  userEvent('MOVE_WITHDRAWN', 'The planned move will not happen.', {}),
  userEvent('MOVED', 'The child moved to the proposed placement.', {}),
  userEvent('DOL_EXTENDED', 'The court extended the deprivation of liberty order.', {
    expiresAt: countableInstant(),
    reviewedOn: countableDate().optional().describe('The day the court reviewed and continued the order (when absent, the day of `at`).'),
  }),
  userEvent('DOL_TERMINATED', 'The deprivation of liberty order was terminated.', {}),
  userEvent('SCOTTISH_CSO_MADE', "A children's hearing made a compulsory supervision order (or an interim one).", { interim: z.boolean() }),
  userEvent('ADVOCACY_OFFERED', 'The child was told of, and offered, independent advocacy.', { providerId: organisationId().optional() }),
  userEvent('ADVOCACY_NOT_APPROPRIATE', "Advocacy was not offered because of the child's age and maturity; the reason is recorded.", { reason: text(4000) }),
  userEvent('ADVOCACY_ACCEPTED', 'The child accepted advocacy.', {}),
  userEvent('ADVOCACY_DECLINED', 'The child declined advocacy.', {}),
  userEvent('ADVOCATE_ASSIGNED', 'An advocate was assigned.', { advocate: line(200).optional() }),
  userEvent('VISIT_RECORDED', 'The placing authority visited the child.', {}),
  userEvent('REVIEW_RECORDED', "The child's care plan was reviewed.", {}),
  userEvent('ENFORCEMENT_NOTICE_ISSUED', 'The Scottish Ministers gave notice of intent to apply to a sheriff.', { duty: text(500) }),
  userEvent('DUTY_PERFORMED', 'The placing authority performed the duty the enforcement notice named.', {}),
  userEvent('SHERIFF_APPLICATION_MADE', 'The Scottish Ministers applied to a sheriff for an enforcement order.', {}),
  userEvent('ENFORCEMENT_ORDER_MADE', 'The sheriff made an enforcement order.', {}),
  userEvent('TRANSFER_PROPOSED', 'A permanent (Part 15) transfer to the host authority is proposed.', {}),
  userEvent('TRANSFER_CONSENTED', 'The host authority consented in writing to the transfer.', {}),
  userEvent('TRANSFER_REFUSED', 'The host authority refused the transfer.', {}),
  userEvent('TRANSFER_EFFECTIVE', 'The transfer took effect.', {}),
  userEvent('REPORTER_NOTIFIED', 'The host authority gave notice to the Principal Reporter.', {}),
  userEvent('HEARING_HELD', "The children's hearing was held.", {}),
  userEvent('PLACEMENT_ENDED', 'The placement ended.', { reason: text(1000) }),
  userEvent('CONDITIONS_CHECKED', "The placing authority checked whether the order's conditions are complied with; if not, what it did.", {
    conditionsMet: z.boolean(),
    text: optionalText(4000),
  }),
  userEvent('URGENT_TRANSFER_MADE', "The host authority's chief social work officer moved the child urgently to another place.", { reason: text(4000) }),
  userEvent('URGENT_TRANSFER_REPORTED', 'The host authority told the placing authority of the urgent transfer.', {}),
  userEvent(
    'SERVICE_EVIDENCE_CONFIRMED',
    'The care service confirms it holds evidence of the legal basis (the order, and the notice describing it) before it admits the child.',
    { evidence: text(1000).describe('What the service holds, e.g. "Copy of the DoL order of 2 March 2026 and notice version 1".') },
  ),
  userEvent('CHILD_DEPARTED', 'The child left the care service. It does not end the placement: the placing authority records the move or the end.', {
    reason: optionalText(1000).describe('Where the child went, if known (another service, home, hospital).'),
  }),
]);

/** Events only the system sends; never accepted from a user. */
export const SystemEventSchema = z.discriminatedUnion('type', [
  systemEvent('DELIVERY_ACCEPTED', "A recipient's mail server accepted a notice version.", {
    version: z.number().int().positive(),
    recipient: z.enum(RECIPIENT_ROLES),
    messageId: z.string().optional(),
  }),
  systemEvent('DELIVERY_FAILED', 'A notice version could not be delivered to a recipient (yet).', {
    version: z.number().int().positive(),
    recipient: z.enum(RECIPIENT_ROLES),
    reason: z.string(),
  }),
  systemEvent('DEADLINE_ELAPSED', 'A legal clock fell due.', { deadlineId: z.string(), rule: z.string() }),
]);

export type Child = z.output<typeof ChildSchema>;
export type LegalBasis = z.output<typeof LegalBasisSchema>;
export type PlacementDetails = z.output<typeof PlacementDetailsSchema>;
export type Contact = z.output<typeof ContactSchema>;
export type Signatory = z.output<typeof SignatorySchema>;
export type Draft = z.output<typeof DraftSchema>;

/** A user event as submitted: `at` may be absent. */
export type UserEventInput = z.output<typeof UserEventSchema>;
/** A user event as the machine hears it: stamped with when it happened. */
export type UserEvent = UserEventInput & { at: string };
export type SystemEvent = z.output<typeof SystemEventSchema>;
export type PlacementEvent = UserEvent | SystemEvent;
export type PlacementEventType = PlacementEvent['type'];
export type UserEventType = UserEvent['type'];
export type SystemEventType = SystemEvent['type'];
export type EventOf<T extends PlacementEventType> = Extract<PlacementEvent, { type: T }>;

export const USER_EVENT_TYPES: readonly UserEventType[] = UserEventSchema.options.map((o) => o.shape.type.value);
export const SYSTEM_EVENT_TYPES: readonly SystemEventType[] = SystemEventSchema.options.map((o) => o.shape.type.value);

/**
 * A valid payload of each user event: published as OpenAPI examples, and used (with the time of the
 * question) to ask the machine which events its state accepts. Parsed through the schema at load, so
 * an example that drifts from its schema fails at once.
 */
const EXAMPLES = {
  NOTICE_SIGNED: { signatory: { name: 'Jo Bloggs', role: 'Head of Children in Care', method: 'electronic signature' } },
  NOTICE_UPDATED: { signatory: { name: 'Jo Bloggs', role: 'Head of Children in Care' } },
  CHILD_ARRIVED: {},
  HOST_CONDITIONS_CONFIRMED: {},
  HOST_QUERY_RAISED: { text: 'The notice does not name the health board.' },
  HOST_QUERY_ANSWERED: { text: 'NHS Lothian; the notice has been updated.' },
  ORDER_CHANGED: {
    legalBasis: { type: 'care-order', court: 'Family Court at Birmingham', madeOn: '2026-03-01', effectiveFrom: '2026-03-01T10:00:00Z', expiresAt: null },
  },
  MOVE_PROPOSED: {
    placement: { hostAuthorityId: 'S12000036', serviceName: 'Harbour House', plannedStart: '2026-04-01T10:00:00Z', permanence: 'temporary' },
  },
  MOVE_WITHDRAWN: {},
  MOVED: {},
  DOL_EXTENDED: { expiresAt: '2026-09-01T10:00:00Z', reviewedOn: '2026-05-28' },
  DOL_TERMINATED: {},
  SCOTTISH_CSO_MADE: { interim: false },
  ADVOCACY_OFFERED: {},
  ADVOCACY_NOT_APPROPRIATE: { reason: 'The child is two years old.' },
  ADVOCACY_ACCEPTED: {},
  ADVOCACY_DECLINED: {},
  ADVOCATE_ASSIGNED: { advocate: 'A. Advocate' },
  VISIT_RECORDED: {},
  REVIEW_RECORDED: {},
  ENFORCEMENT_NOTICE_ISSUED: { duty: 'Send the updated notice for the care order made on 1 March 2026.' },
  DUTY_PERFORMED: {},
  SHERIFF_APPLICATION_MADE: {},
  ENFORCEMENT_ORDER_MADE: {},
  TRANSFER_PROPOSED: {},
  TRANSFER_CONSENTED: {},
  TRANSFER_REFUSED: {},
  TRANSFER_EFFECTIVE: {},
  REPORTER_NOTIFIED: {},
  HEARING_HELD: {},
  PLACEMENT_ENDED: { reason: 'The child returned home.' },
  CONDITIONS_CHECKED: { conditionsMet: true, text: 'Visited Harbour House; the order is being complied with.' },
  URGENT_TRANSFER_MADE: { reason: 'Harbour House closed after a fire; the child was moved to Firth View the same night.' },
  URGENT_TRANSFER_REPORTED: {},
  SERVICE_EVIDENCE_CONFIRMED: { evidence: 'Copy of the care order of 1 March 2026 and notice version 1, checked by the manager.' },
  CHILD_DEPARTED: { reason: 'Moved to Firth View.' },
} satisfies Record<UserEventType, object>;

export const USER_EVENT_EXAMPLES: readonly UserEventInput[] = USER_EVENT_TYPES.map((type) => UserEventSchema.parse({ type, ...EXAMPLES[type] }));

/** One event of each user type, stamped `at`, for asking the machine what it accepts now. */
export const probeEvents = (at: string): UserEvent[] => USER_EVENT_EXAMPLES.map((e) => ({ ...e, at }));

export const isUserEventType = (type: string): type is UserEventType => (USER_EVENT_TYPES as readonly string[]).includes(type);
