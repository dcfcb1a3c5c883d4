// What a placement machine holds and what it hears. Every time is an ISO 8601 instant that arrived
// in an event; the machine never reads a clock.
import type { PlacingNation, RecipientRole, Setting } from '../rulebook/types';

export interface Child {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  gender: string;
}

export interface LegalBasis {
  type: string;
  court?: string | null;
  madeOn: string;
  effectiveFrom: string;
  expiresAt: string | null;
}

export interface PlacementDetails {
  hostAuthorityId: string;
  healthBoardId?: string | null;
  serviceName: string;
  serviceAddress?: string | null;
  serviceEmail?: string | null;
  /** The registered provider's organisation, when it uses this system. */
  serviceProviderId?: string | null;
  careInspectorateNumber?: string | null;
  plannedStart: string;
  permanence: 'temporary' | 'permanent';
  bestInterests?: string | null;
}

export interface Contact {
  name?: string;
  role?: string;
  phone?: string;
  email?: string;
}

export interface PlacementInput {
  placementId: string;
  rulebookId: string;
  placingAuthorityId: string;
  placingNation: PlacingNation;
  child: Child;
  setting: Setting;
  legalBasis: LegalBasis;
  placement: PlacementDetails;
  needs?: Record<string, string | null | undefined>;
  contacts?: Record<string, Contact | undefined>;
  /** When the draft was created: the opening time of the first clocks. */
  createdAt: string;
}

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
}

export type DeliveryStatus = 'pending' | 'accepted' | 'failed';

export interface NoticeRecipient {
  role: RecipientRole;
  required: boolean;
  status: DeliveryStatus;
  at: string | null;
  detail?: string;
}

export type NoticeReason = 'initial' | 'order-change' | 'move' | 'dol-extension' | 'dol-termination' | 'end' | 'update';

export interface Signatory {
  name: string;
  role: string;
  method?: string;
}

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

export interface PlacementContext {
  placementId: string;
  rulebookId: string;
  placingAuthorityId: string;
  placingNation: PlacingNation;
  child: Child;
  setting: Setting;
  legalBasis: LegalBasis & { terminatedAt?: string | null };
  previousLegalBases: LegalBasis[];
  placement: PlacementDetails;
  proposedMove: { setting: Setting; placement: PlacementDetails; proposedAt: string } | null;
  moves: { from: PlacementDetails; to: PlacementDetails; at: string }[];
  needs: Record<string, string | null | undefined>;
  contacts: Record<string, Contact | undefined>;
  createdAt: string;
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
}

type At = { at: string };

export type PlacementEvent =
  | ({ type: 'NOTICE_SIGNED'; signatory: Signatory } & At)
  | ({ type: 'NOTICE_UPDATED'; signatory: Signatory } & At)
  | ({ type: 'DELIVERY_ACCEPTED'; version: number; recipient: RecipientRole; messageId?: string } & At)
  | ({ type: 'DELIVERY_FAILED'; version: number; recipient: RecipientRole; reason: string } & At)
  | ({ type: 'CHILD_ARRIVED' } & At)
  | ({ type: 'HOST_CONDITIONS_CONFIRMED' } & At)
  | ({ type: 'HOST_QUERY_RAISED'; text: string } & At)
  | ({ type: 'HOST_QUERY_ANSWERED'; text: string } & At)
  | ({ type: 'ORDER_CHANGED'; legalBasis: LegalBasis } & At)
  | ({ type: 'MOVE_PROPOSED'; setting?: Setting; placement: PlacementDetails } & At)
  | ({ type: 'MOVE_WITHDRAWN' } & At)
  | ({ type: 'MOVED' } & At)
  | ({ type: 'DOL_EXTENDED'; expiresAt: string } & At)
  | ({ type: 'DOL_TERMINATED' } & At)
  | ({ type: 'SCOTTISH_CSO_MADE'; interim: boolean } & At)
  | ({ type: 'ADVOCACY_OFFERED'; providerId?: string } & At)
  | ({ type: 'ADVOCACY_NOT_APPROPRIATE'; reason: string } & At)
  | ({ type: 'ADVOCACY_ACCEPTED' } & At)
  | ({ type: 'ADVOCACY_DECLINED' } & At)
  | ({ type: 'ADVOCATE_ASSIGNED'; advocate?: string } & At)
  | ({ type: 'VISIT_RECORDED' } & At)
  | ({ type: 'REVIEW_RECORDED' } & At)
  | ({ type: 'ENFORCEMENT_NOTICE_ISSUED'; duty: string } & At)
  | ({ type: 'DUTY_PERFORMED' } & At)
  | ({ type: 'SHERIFF_APPLICATION_MADE' } & At)
  | ({ type: 'ENFORCEMENT_ORDER_MADE' } & At)
  | ({ type: 'TRANSFER_PROPOSED' } & At)
  | ({ type: 'TRANSFER_CONSENTED' } & At)
  | ({ type: 'TRANSFER_REFUSED' } & At)
  | ({ type: 'TRANSFER_EFFECTIVE' } & At)
  | ({ type: 'REPORTER_NOTIFIED' } & At)
  | ({ type: 'HEARING_HELD' } & At)
  | ({ type: 'PLACEMENT_ENDED'; reason: string } & At)
  | ({ type: 'DEADLINE_ELAPSED'; deadlineId: string; rule: string } & At);

export type PlacementEventType = PlacementEvent['type'];
export type EventOf<T extends PlacementEventType> = Extract<PlacementEvent, { type: T }>;

/** Events only the system sends: never accepted from a user. */
export const SYSTEM_EVENTS: readonly PlacementEventType[] = ['DEADLINE_ELAPSED', 'DELIVERY_ACCEPTED', 'DELIVERY_FAILED'];
