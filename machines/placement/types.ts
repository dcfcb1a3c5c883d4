// What a placement machine holds and what it hears. Every time is an ISO 8601 instant that arrived
// in an event; the machine never reads a clock.
import type { PlacingNation, RecipientRole, Setting } from '../rulebook/types';
import type {
  Child,
  ChildViews,
  Contact,
  Draft,
  FamilyTimeArrangementInput,
  FamilyTimeSessionInput,
  LegalBasis,
  PlacementDetails,
  Sibling,
  Signatory,
} from './events';

export type {
  Child,
  ChildViews,
  Contact,
  Draft,
  EventOf,
  LegalBasis,
  PlacementDetails,
  PlacementEvent,
  PlacementEventType,
  Signatory,
  SystemEvent,
  SystemEventType,
  UserEvent,
  UserEventInput,
  UserEventType,
} from './events';

/** What starts a placement machine: the draft as submitted, with what the engine knows of it. */
export type PlacementInput = Draft & {
  placementId: string;
  rulebookId: string;
  placingAuthorityId: string;
  placingNation: PlacingNation;
  /** When the draft was created: the opening time of the first clocks. */
  createdAt: string;
};

export type DeadlineStatus = 'open' | 'met' | 'missed' | 'cancelled';

export interface Deadline {
  /** Unique within the placement: `<rule>#<seq>`. */
  id: string;
  rule: string;
  citation: string;
  openedAt: string;
  dueAt: string;
  status: DeadlineStatus;
  /** When the duty was done; set on a missed deadline too when it was done late. */
  metAt: string | null;
  /** When the status left `open`. */
  closedAt: string | null;
  note?: string;
  /** What the clock is about where a rule can run several at once (e.g. the copy recipient followed up). */
  subject?: string;
  /**
   * The due time under the other reading of an open parameter (`alternativeRule`), where it differs:
   * shown beside `dueAt`, which is the reading the rulebook chose and the one the scheduler keeps.
   */
  alternativeDueAt?: string;
  alternativeRule?: string;
}

export type DeliveryStatus = 'pending' | 'accepted' | 'failed';

export interface NoticeRecipient {
  role: RecipientRole;
  required: boolean;
  status: DeliveryStatus;
  at: string | null;
  detail?: string;
}

export type NoticeReason = 'initial' | 'order-change' | 'move' | 'dol-extension' | 'dol-termination' | 'end' | 'update' | 'transitional';

export interface NoticeVersion {
  version: number;
  reasons: NoticeReason[];
  signedAt: string;
  signatory: Signatory;
  /** What the notice describes: the location and order it was signed for. */
  setting: Setting;
  placement: PlacementDetails;
  legalBasis: LegalBasis;
  recipients: NoticeRecipient[];
  /** The notice clocks open when it was signed: the ones it can meet once given. */
  answers: string[];
  givenAt: string | null;
  supersededAt: string | null;
}

export interface HostQuery {
  raisedAt: string;
  text: string;
  answeredAt: string | null;
  answer: string | null;
}

/** The child's views as heard once (REL.child-views). */
export type ChildViewsRecord = Omit<ChildViews, 'ownWords' | 'said' | 'notPossibleReason' | 'wantsAdvocate' | 'communication'> & {
  id: string;
  at: string;
  occasion: 'notification' | 'visit' | 'review' | 'other';
  said: string | null;
  ownWords: boolean;
  notPossibleReason: string | null;
  wantsAdvocate: NonNullable<ChildViews['wantsAdvocate']> | null;
  communication: string | null;
};

/** A visit or review held, and the views recorded at it (null: none yet). */
export interface ViewsOccasion {
  kind: 'visit' | 'review';
  at: string;
  viewsId: string | null;
}

export type SiblingRecord = Omit<Sibling, 'siblingId' | 'knownAs' | 'ageYears' | 'separationReason' | 'contactPlan'> & {
  id: string;
  recordedAt: string;
  updatedAt: string;
  knownAs: string | null;
  ageYears: number | null;
  separationReason: string | null;
  contactPlan: string | null;
};

/** A change that parted the child from a sibling placed together, with its reason. */
export interface SiblingSeparation {
  at: string;
  siblingId: string;
  cause: 'recorded' | 'move';
  reason: string;
}

export type FamilyTimeArrangement = Omit<
  FamilyTimeArrangementInput,
  'arrangementId' | 'siblingId' | 'fromPostcodeDistrict' | 'milesFromPlacement' | 'ended'
> & {
  id: string;
  arrangedAt: string;
  updatedAt: string;
  siblingId: string | null;
  fromPostcodeDistrict: string | null;
  milesFromPlacement: number | null;
  endedAt: string | null;
};

export type FamilyTimeSession = Omit<FamilyTimeSessionInput, 'how' | 'missedReason' | 'note'> & {
  id: string;
  at: string;
  how: FamilyTimeArrangement['how'];
  missedReason: NonNullable<FamilyTimeSessionInput['missedReason']> | null;
  note: string | null;
};

export interface AdvocacyMatter {
  id: string;
  raisedAt: string;
  text: string;
  status: 'raised' | 'ongoing' | 'acted-on' | 'partly-acted-on' | 'not-acted-on' | 'withdrawn';
  outcomes: { at: string; status: Exclude<AdvocacyMatter['status'], 'raised'>; text: string }[];
}

/** The child's voice and the relationships that matter to the child (machine version 3). */
export interface Relationships {
  views: ChildViewsRecord[];
  occasions: ViewsOccasion[];
  siblings: SiblingRecord[];
  separations: SiblingSeparation[];
  arrangements: FamilyTimeArrangement[];
  sessions: FamilyTimeSession[];
  advocacyMatters: AdvocacyMatter[];
}

export interface PlacementContext {
  placementId: string;
  rulebookId: string;
  placingAuthorityId: string;
  placingNation: PlacingNation;
  child: Child;
  setting: Setting;
  /** The order in force; `reviewedOn`: the day a court last reviewed and continued it (a DoL extension). */
  legalBasis: LegalBasis & { terminatedAt?: string | null; reviewedOn?: string };
  previousLegalBases: LegalBasis[];
  placement: PlacementDetails;
  proposedMove: { setting: Setting; placement: PlacementDetails; proposedAt: string } | null;
  moves: { from: PlacementDetails; to: PlacementDetails; at: string }[];
  needs: Record<string, string | null | undefined>;
  contacts: Record<string, Contact | undefined>;
  createdAt: string;
  /** When the child became looked after, where that was before this placement (the review cycle counts from it). */
  lookedAfterSince: string | null;
  arrivedAt: string | null;
  end: { at: string; reason: string } | null;
  notices: NoticeVersion[];
  deadlines: Deadline[];
  deadlineSeq: number;
  hostReview: { confirmedAt: string | null; confirmedVersion: number | null; queries: HostQuery[] };
  advocacy: {
    /** The advocacy provider the Ministers asked to act. */
    providerId: string | null;
    offeredAt: string | null;
    notAppropriateReason: string | null;
    decision: 'accepted' | 'declined' | null;
    decidedAt: string | null;
    advocate: string | null;
  };
  visits: { lastVisitAt: string | null; visits: number; lastReviewAt: string | null; reviews: number };
  enforcement: { duty: string; issuedAt: string } | null;
  transfer: { proposedAt: string | null; consentedAt: string | null; refusedAt: string | null; effectiveAt: string | null; reporterNotifiedAt: string | null };
  supersededBy: { at: string; interim: boolean } | null;
  /** The placing authority's checks that the order's conditions are complied with. */
  conditionsChecks: { at: string; conditionsMet: boolean; text: string | null }[];
  /** Urgent transfers by the host authority, and when it told the placing authority. */
  urgentTransfers: { at: string; reason: string; reportedAt: string | null }[];
  /** What the care services recorded: the evidence of the legal basis each held, and each stay (arrival to departure). */
  service: { evidence: ServiceEvidence[]; stays: ServiceStay[] };
  /** A placement begun before SSI 2026/31 came into force, imported with its history (null: begun under it). */
  transitional: TransitionalRecord | null;
  /** The child's views, siblings, family time and what advocacy changed: never on the notice but the advocacy needs. */
  relationships: Relationships;
}

/** A care service's confirmation that it holds evidence of the order before admitting the child. */
export interface ServiceEvidence {
  at: string;
  evidence: string;
  /** The service it was recorded for (the proposed one during a move). */
  serviceName: string;
  serviceProviderId: string | null;
  /** The order it was evidence of. */
  legalBasis: { type: string; madeOn: string };
}

/** The child's time at one care service. */
export interface ServiceStay {
  serviceName: string;
  serviceProviderId: string | null;
  careInspectorateNumber: string | null;
  arrivedAt: string;
  departedAt: string | null;
  departureReason: string | null;
}

export interface TransitionalRecord {
  /** The scheme it began under, e.g. `ssi-2022-225`, and the rulebook that held its history before the carry-over. */
  scheme: string;
  schemeRulebookId: string;
  /** The scheme's instrument, e.g. `SSI 2022/225`. */
  instrument: string;
  /** When it was carried onto the SSI 2026/31 rulebook (its coming into force), or null if it ended before. */
  carriedOverAt: string | null;
  carriedOverTo: string | null;
}
