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

// ---- the child's voice and relationships ------------------------------------------------------------
// Personal data of the most sensitive kind: never on the multi-recipient notice (only what advocacy needs,
// see relationships.ts), read only by the roles src/services/access-policy.ts names, each read logged.

export const VIEWS_OCCASIONS = ['notification', 'visit', 'review', 'other'] as const;
export const VIEWS_METHODS = ['direct', 'advocate', 'not-possible'] as const;
export const WANTS_ADVOCATE = ['yes', 'no', 'not-sure'] as const;
export const SIBLING_LIVES = ['same-placement', 'elsewhere-in-scotland', 'home-nation', 'elsewhere'] as const;
export const SIBLING_RELATIONSHIPS = ['full', 'half', 'step', 'other'] as const;
export const FAMILY_RELATIONSHIPS = ['parent', 'sibling', 'grandparent', 'other-relative', 'friend', 'other'] as const;
export const FAMILY_TIME_HOW = ['in-person', 'video', 'phone'] as const;
export const FAMILY_TIME_PER = ['week', 'fortnight', 'month', 'quarter', 'year'] as const;
export const MISSED_REASONS = [
  'child-chose-not-to',
  'family-did-not-come',
  'cancelled-by-service',
  'cancelled-by-placing-authority',
  'transport',
  'illness',
  'other',
] as const;
export const MATTER_STATUSES = ['ongoing', 'acted-on', 'partly-acted-on', 'not-acted-on', 'withdrawn'] as const;

/** A record's id within its placement: V1, S1, F1, T1, M1. */
const recordId = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}[1-9][0-9]{0,4}$`), `must be the id of a record of this placement (${prefix}1, ${prefix}2, ...)`)
    .describe(`A record id of this placement (${prefix}1, ${prefix}2, ...)`);

export const ChildViewsSchema = z.strictObject({
  method: z.enum(VIEWS_METHODS).describe('How the views were heard: directly from the child, through an advocate, or not possible (say why).'),
  said: optionalText(8000).describe('What the child said about the placement; required unless it was not possible to hear the child.'),
  ownWords: z.boolean().optional().describe("true: `said` is the child's own words, written down with the child's agreement; otherwise a summary."),
  notPossibleReason: optionalText(2000).describe('Why the child could not give views (required when method is not-possible).'),
  recordedBy: z.strictObject({ name: line(200), role: line(200) }).describe('Who recorded the views.'),
  wantsAdvocate: z.enum(WANTS_ADVOCATE).nullable().optional().describe("Whether the child wants an independent advocate (feeds the notice's advocacy needs)."),
  communication: optionalText(1000).describe(
    "What helps the child give their views (language, interpreter, communication aids): the one part of the views that feeds the notice's advocacy needs.",
  ),
});

export const SiblingSchema = z.strictObject({
  siblingId: recordId('S').optional().describe('The sibling recorded before, to record a change; absent: a sibling not yet recorded.'),
  knownAs: optionalLine(100).describe('What the child calls them (optional; never on the notice).'),
  relationship: z.enum(SIBLING_RELATIONSHIPS),
  ageYears: z.number().int().min(0).max(80).nullable().optional(),
  livesWhere: z.enum(SIBLING_LIVES).describe('same-placement: placed together; otherwise apart, in Scotland, in the home nation or elsewhere.'),
  separationReason: optionalText(2000).describe('Why they are not placed together (required when apart: REL.siblings).'),
  contactPlan: optionalText(2000).describe('The plan for them to stay connected (required when apart: REL.siblings).'),
});

/** A UK postcode district (the outward code, "B15", "EH1"): enough for distance, never a family's address. */
const postcodeDistrict = () =>
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{1,2}[0-9][A-Z0-9]?$/, 'must be a postcode district (the first half of a postcode, e.g. B15 or EH1), not a full postcode');

export const FamilyTimeArrangementSchema = z.strictObject({
  arrangementId: recordId('F').optional().describe('The arrangement recorded before, to change it; absent: a new arrangement.'),
  who: line(200).describe('Who the child spends time with (e.g. "Mum", "brother Sam"; never on the notice).'),
  relationship: z.enum(FAMILY_RELATIONSHIPS),
  siblingId: recordId('S').optional().describe('For a sibling: the sibling record.'),
  how: z.enum(FAMILY_TIME_HOW),
  frequency: z.strictObject({ times: z.number().int().min(1).max(31), per: z.enum(FAMILY_TIME_PER) }).describe('How often it is planned: `times` per `per`.'),
  fromPostcodeDistrict: postcodeDistrict().nullable().optional().describe('The postcode district the family member lives in (no full address).'),
  milesFromPlacement: z.number().min(0).max(2000).nullable().optional().describe('Distance in miles from there to the placement.'),
  ended: z.boolean().optional().describe('true: the arrangement has stopped.'),
});

export const FamilyTimeSessionSchema = z.strictObject({
  arrangementId: recordId('F'),
  held: z.boolean(),
  how: z.enum(FAMILY_TIME_HOW).optional().describe('How it was held, where not as arranged.'),
  missedReason: z.enum(MISSED_REASONS).nullable().optional().describe('Why it did not happen (required when not held).'),
  note: optionalText(2000),
});

export const MoveSiblingsSchema = z
  .strictObject({
    movingToo: z.array(recordId('S')).max(20).optional().describe('Siblings placed with the child who move with the child.'),
    separationReason: optionalText(2000).describe('Why the move separates the child from siblings placed together (REL.siblings).'),
    contactPlan: optionalText(2000).describe('How they will stay connected.'),
  })
  .describe('Where the child lives with brothers or sisters: who moves too; a move that separates them is recorded with its reason (REL.siblings).');

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
  userEvent('MOVED', 'The child moved to the proposed placement.', { siblings: MoveSiblingsSchema.optional() }),
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
  userEvent('VISIT_RECORDED', 'The placing authority visited the child.', {
    childViews: ChildViewsSchema.optional().describe("The child's views at this visit (REL.child-views)."),
  }),
  userEvent('REVIEW_RECORDED', "The child's care plan was reviewed.", {
    childViews: ChildViewsSchema.optional().describe("The child's views at this review (REL.child-views); a review without them is flagged."),
  }),
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
  userEvent('CHILD_VIEWS_RECORDED', "The child's views about the placement were heard and recorded (REL.child-views).", {
    occasion: z.enum(VIEWS_OCCASIONS).describe('At notification, a visit, a review (attached to the latest one without views) or another time.'),
    childViews: ChildViewsSchema,
  }),
  userEvent('SIBLING_RECORDED', 'A brother or sister of the child, where they live and, if apart, why and how they stay connected (REL.siblings).', {
    sibling: SiblingSchema,
  }),
  userEvent('FAMILY_TIME_ARRANGED', 'Family time was arranged (or changed or stopped): who, how often and how.', { arrangement: FamilyTimeArrangementSchema }),
  userEvent('FAMILY_TIME_RECORDED', 'A planned family time session was held or missed (with the reason).', { session: FamilyTimeSessionSchema }),
  userEvent('ADVOCACY_MATTER_RAISED', 'The child raised a matter through the independent advocate.', {
    matter: z.strictObject({ text: text(4000).describe('What the child raised.') }),
  }),
  userEvent('ADVOCACY_MATTER_UPDATED', 'What happened about a matter the child raised through the advocate.', {
    outcome: z.strictObject({ matterId: recordId('M'), status: z.enum(MATTER_STATUSES), text: text(4000).describe('What was done, or why not.') }),
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
export type ChildViews = z.output<typeof ChildViewsSchema>;
export type Sibling = z.output<typeof SiblingSchema>;
export type FamilyTimeArrangementInput = z.output<typeof FamilyTimeArrangementSchema>;
export type FamilyTimeSessionInput = z.output<typeof FamilyTimeSessionSchema>;
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
  CHILD_VIEWS_RECORDED: {
    occasion: 'notification',
    childViews: {
      method: 'direct',
      said: 'I want to be near my brother and I want to keep going to football.',
      ownWords: true,
      recordedBy: { name: 'Sam Patel', role: 'Social worker' },
      wantsAdvocate: 'yes',
      communication: 'Prefers to talk while doing something; no interpreter needed.',
    },
  },
  SIBLING_RECORDED: {
    sibling: {
      knownAs: 'Sam',
      relationship: 'full',
      ageYears: 9,
      livesWhere: 'home-nation',
      separationReason: 'Sam lives with their grandmother in Birmingham.',
      contactPlan: 'Weekly video call; a visit each school holiday.',
    },
  },
  FAMILY_TIME_ARRANGED: {
    arrangement: {
      who: 'Mum',
      relationship: 'parent',
      how: 'video',
      frequency: { times: 1, per: 'week' },
      fromPostcodeDistrict: 'B15',
      milesFromPlacement: 290,
    },
  },
  FAMILY_TIME_RECORDED: { session: { arrangementId: 'F1', held: true } },
  ADVOCACY_MATTER_RAISED: { matter: { text: 'Wants to phone Mum in the evening, not only at the weekend.' } },
  ADVOCACY_MATTER_UPDATED: { outcome: { matterId: 'M1', status: 'acted-on', text: 'Evening calls agreed with the home from next week.' } },
} satisfies Record<UserEventType, object>;

export const USER_EVENT_EXAMPLES: readonly UserEventInput[] = USER_EVENT_TYPES.map((type) => UserEventSchema.parse({ type, ...EXAMPLES[type] }));

/** One event of each user type, stamped `at`, for asking the machine what it accepts now. */
export const probeEvents = (at: string): UserEvent[] => USER_EVENT_EXAMPLES.map((e) => ({ ...e, at }));

export const isUserEventType = (type: string): type is UserEventType => USER_EVENT_TYPES.some((t) => t === type);
