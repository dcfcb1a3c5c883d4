// The shape of a rulebook: the law as data. Every number, list and clause the machine or a document
// uses is a field here, with the citation and confidence tag a legal officer needs to check it.
import type { CalendarId } from '../calendar';

/** Where a rule was read: SSI 2026/31 or its guidance, the 2022 predecessor scheme, or our inference. */
export type Confidence = '2026' | '2022' | '2013' | 'infer';

export const SETTINGS = ['residential', 'foster'] as const;
export type Setting = (typeof SETTINGS)[number];
export const PLACING_NATIONS = ['england', 'wales', 'northern-ireland'] as const;
export type PlacingNation = (typeof PLACING_NATIONS)[number];

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

/** What kind of act meets the clock. `notice` clocks are met by a notice version given to every recipient. */
export type MetBy = 'notice' | 'advocacy-decision' | 'visit' | 'review' | 'duty-performed' | 'hearing' | 'time';

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
  required: boolean;
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

export interface Rulebook {
  id: string;
  version: number;
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
}

/** A single value the law leaves open or states once, with its provenance. */
export interface RuleParameter extends Provenance {
  id: string;
  statement: string;
  value: string | number | boolean | string[];
}
