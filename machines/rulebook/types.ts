// The shape of a rulebook: the law as data. Every number, list and clause the machine or a document
// uses is a field here, with the citation and confidence tag a legal officer needs to check it.
import type { CalendarId } from '../calendar';

/** Where a rule was read: SSI 2026/31 or its guidance, the 2022 predecessor scheme, or our inference. */
export type Confidence = '2026' | '2022' | '2013' | 'infer';

export const SETTINGS = ['residential', 'foster'] as const;
export type Setting = (typeof SETTINGS)[number];
export const PLACING_NATIONS = ['england', 'wales', 'northern-ireland'] as const;
export type PlacingNation = (typeof PLACING_NATIONS)[number];

/** One value per placing nation, made by `of` (written out, so a nation added above must be given one here). */
export const perNation = <T>(of: (nation: PlacingNation) => T): Record<PlacingNation, T> => ({
  england: of('england'),
  wales: of('wales'),
  'northern-ireland': of('northern-ireland'),
});

export interface Provenance {
  /** Instrument and regulation or guidance section. */
  citation: string;
  confidence: Confidence;
  /** Why an `infer` reading was chosen, or what a legal officer should confirm. */
  note?: string;
}

/** A span of time measured from an instant or a date. */
export type Span =
  | { unit: 'working-days'; amount: number; calendar: CalendarId; countStartDay: boolean }
  | { unit: 'calendar-days' | 'weeks' | 'months' | 'years'; amount: number };

/**
 * How a clock's due time is set:
 * - `span`: a span from the event that opens it (the order made, the arrival, the notice of intent);
 * - `before-event`: the duty must be done before a later event (arrival, a move); the due time shown
 *   is the planned time of that event, and the event itself decides met or missed;
 * - `at-instant`: a point in time carried by the placement (an order's expiry, an 18th birthday).
 */
export type ClockKind =
  | { kind: 'span'; span: Span }
  | { kind: 'before-event'; event: 'CHILD_ARRIVED' | 'MOVED' }
  | { kind: 'at-instant'; instant: 'dol-expiry' | 'eighteenth-birthday' | 'current-dol-expiry' };

/**
 * What a missed clock means for the child's order:
 * - `unrecognised`: a condition of effect failed, the order no longer has effect in Scotland;
 * - `non-compliant`: a duty was breached (visible to reviewers, may lead to enforcement), the order stands;
 * - `ends-regime`: not a breach: the regime ends when the time comes (the child turns 18).
 */
export type MissedEffect = 'unrecognised' | 'non-compliant' | 'ends-regime';

/**
 * What kind of act meets the clock. `notice` clocks are met by a notice version given to every recipient
 * that decides "given"; `copy-delivered` by a copy recipient's server accepting a version; the others by
 * the event of the same name (CONDITIONS_CHECKED, URGENT_TRANSFER_REPORTED, REPORTER_NOTIFIED).
 */
export type MetBy =
  | 'notice'
  | 'advocacy-decision'
  | 'visit'
  | 'review'
  | 'duty-performed'
  | 'hearing'
  | 'time'
  | 'copy-delivered'
  | 'conditions-check'
  | 'urgent-transfer-report'
  | 'reporter-notified';

/** The events that open a clock named by `opensOn` (the machine knows these triggers; CARRIED_OVER: a placement begun under an earlier scheme reaches this rulebook). */
export type ClockTrigger = 'CHILD_ARRIVED' | 'TRANSFER_EFFECTIVE' | 'REPORTER_NOTIFIED' | 'URGENT_TRANSFER_MADE' | 'CARRIED_OVER';

export interface ClockRule extends Provenance {
  id: string;
  /** The condition in the domain summary (C1..C12) or the undertaking this clock belongs to. */
  condition: string;
  title: string;
  statement: string;
  clock: ClockKind;
  metBy: MetBy;
  /** Whether an open clock puts the order at risk (a recognition window) or is a plain duty. */
  atRiskWhileOpen: boolean;
  missedEffect: MissedEffect;
  /** Who must act. */
  duty: 'placing' | 'host' | 'ministers' | 'scra' | 'none';
  /**
   * The event that opens the clock, for clocks a rulebook adds or moves. Absent: where rulebook @1 opened
   * it (the reducer of its condition: C10.transfer-hearing at TRANSFER_EFFECTIVE, and so on).
   */
  opensOn?: ClockTrigger;
  /** Opened again from the act that meets it (a recurring duty, like a visit). */
  recurs?: boolean;
  /**
   * Only for a clock opened by an order change: the clock that applies instead while the child has not
   * yet arrived in Scotland. Absent: this clock applies before arrival too (rulebook @1).
   */
  beforeArrival?: string;
  /**
   * For advocacy clocks: the settings it applies to (absent: parameter P.advocacy-settings) and the
   * parameter holding the date its duty commences (absent: in force with the rulebook; an empty value:
   * not yet commenced, so the clock never opens).
   */
  applies?: { settings?: Setting[]; commencementParameter?: string };
  examples?: RuleExample[];
}

/** Home-nation visit and review clocks (C8): one span per nation. */
export interface NationalClockRule extends Omit<ClockRule, 'clock' | 'citation' | 'confidence'> {
  byNation: Record<PlacingNation, { span: Span } & Provenance>;
  citation: string;
  confidence: Confidence;
}

export interface ConditionRule extends Provenance {
  id: string;
  condition: string;
  title: string;
  statement: string;
  examples?: RuleExample[];
}

export const RECIPIENT_ROLES = [
  'host-authority',
  'care-inspectorate',
  'scottish-ministers',
  'principal-reporter',
  'health-board',
  'education-authority',
  'service-provider',
  'advocacy-provider',
] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export interface RecipientRule extends Provenance {
  role: RecipientRole;
  label: string;
  /**
   * Whether this recipient decides that the notice was given: a version is given when every required
   * recipient accepted it. A recipient with `required: false` still receives every version, as a copy.
   */
  required: boolean;
  /** The clock opened when a copy to this recipient fails (its failure is followed up, legal status unchanged). */
  followUp?: string;
}

export interface NoticeField extends Provenance {
  key: string;
  label: string;
  section: 'placing-authority' | 'child' | 'order' | 'placement' | 'needs' | 'contacts' | 'signature';
  /** Statutory minimum (2022) fields must be present before a notice can be signed. */
  mandatory: boolean;
}

export interface UndertakingClause extends Provenance {
  id: string;
  text: string;
}

export interface LegalBasisType extends Provenance {
  type: string;
  label: string;
  nations: PlacingNation[];
  settings: Setting[];
  /** A court order, rather than an arrangement such as s.20 accommodation. */
  isOrder: boolean;
  deprivationOfLiberty: boolean;
}

/** A question a legal officer must answer before the rulebook is relied on. */
export interface OpenQuestion extends Provenance {
  id: string;
  question: string;
  /** The rules whose reading depends on the answer. */
  rules: string[];
  /** What the engine does until it is answered. */
  meanwhile: string;
}

/** A primary text read for this version (sources.md), cited by its `ref` (S1, S2, ...). */
export interface SourceText {
  ref: string;
  title: string;
  where: string;
}

export interface Rulebook {
  id: string;
  version: number;
  /** The version this one revises (the review pack's diff is against it). */
  previous?: string;
  title: string;
  instrument: string;
  inForceFrom: string;
  /** The time zone in which dates of Scottish legal clocks are read. */
  timeZone: string;
  clocks: Record<string, ClockRule>;
  visits: Record<string, NationalClockRule>;
  conditions: Record<string, ConditionRule>;
  parameters: Record<string, RuleParameter>;
  recipients: Record<Setting, RecipientRule[]>;
  noticeFields: NoticeField[];
  undertaking: UndertakingClause[];
  legalBases: LegalBasisType[];
  openQuestions?: OpenQuestion[];
  sources?: SourceText[];
}

export type ParameterValue = string | number | boolean | string[];

/** A single value the law leaves open or states once, with its provenance. */
export interface RuleParameter extends Provenance {
  id: string;
  statement: string;
  value: ParameterValue;
  /** The other reading where the law is open: computed and shown beside the one chosen (e.g. a second due date). */
  alternativeValue?: ParameterValue;
  examples?: RuleExample[];
}

// ---- executable examples ---------------------------------------------------------------------------
// Beside each rule, as OpenFisca keeps a test beside each formula: given a placement and events at
// times, this deadline and this legal status. machines/placement/examples.ts runs and describes them.

/** What the example's placement is, where it differs from the standard one (examples.ts, EXAMPLE_BASE). */
export interface ExampleGiven {
  setting?: Setting;
  placingNation?: PlacingNation;
  legalBasis?: { type?: string; madeOn?: string; effectiveFrom?: string; expiresAt?: string | null };
  dateOfBirth?: string;
  createdAt?: string;
  plannedStart?: string;
  lookedAfterSince?: string;
  /** The rulebook of the earlier scheme the placement began under; a `CARRIED_OVER` step moves it onto this one. */
  scheme?: string;
  /** What-if values of parameters for this example only. */
  parameters?: Record<string, ParameterValue>;
}

/**
 * One step: a placement event (`event` is its type, `with` its other fields; a notice is signed by a
 * standard signatory) or a shorthand: `NOTICE_GIVEN` signs (or updates) the notice and every recipient
 * that decides "given" accepts it at `at`; `DELIVERED` those recipients accept the newest version;
 * `DEADLINE_ELAPSED` with `{ rule }` is the scheduler firing that rule's open clock; `CARRIED_OVER` (with `given.scheme`)
 * elapses what the scheme had due and carries the placement onto this rulebook at `at`.
 * `refused: true`: the step must be refused (the example shows what the law does not allow).
 */
export interface ExampleStep {
  at: string;
  event: string;
  with?: Record<string, unknown>;
  refused?: boolean;
}

export interface ExampleDeadline {
  rule: string;
  dueAt?: string;
  /** The due time under the other reading of an open parameter; null: none shown. */
  alternativeDueAt?: string | null;
  status?: 'open' | 'met' | 'missed' | 'cancelled';
  citationIncludes?: string;
  /** No deadline of this rule was ever opened. */
  absent?: boolean;
}

export interface ExampleExpect {
  /** Clocks due by then are elapsed first, as the scheduler would have done. */
  asOf?: string;
  status?: string;
  /** Rule ids the legal status cites, all of them. */
  reasons?: string[];
  lifecycle?: string;
  deadlines?: ExampleDeadline[];
  /** Facts of the rulebook itself (citations, tags, open questions). */
  rules?: { id: string; confidence?: Confidence; citationIncludes?: string; present?: boolean }[];
}

export interface RuleExample {
  title: string;
  /** The point of sources.md this example settles. */
  point?: number;
  given?: ExampleGiven;
  steps: ExampleStep[];
  expect: ExampleExpect;
}
