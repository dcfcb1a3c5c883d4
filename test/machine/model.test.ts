// Model-based tests of the placement statechart (xstate/graph). The product state space is far too
// big to walk, so each model is a focused traversal: a start (draft, notified, placed), the event
// types it generates from the snapshot, caps that keep it finite, and the few context facts that
// tell its states apart. Every path is replayed and checked on every step (model-helpers.ts).
// Together the models must reach every leaf state of every region and take every event type.
// Deliberately broken machines show the checks can fail; the last block replays, as plain
// sequences, the defects the models found (they fail until the machine is fixed).
import { assign } from 'xstate';
import type { ParameterValue, Rulebook } from '../../machines/rulebook';
import { ssi2026v1 } from '../../machines/rulebook/ssi-2026-31.v1';
import { ssi2026v2 } from '../../machines/rulebook/ssi-2026-31.v2';
import {
  applyEvent,
  createPlacementMachine,
  currentNotice,
  startPlacement,
  viewOf,
  type PersistedPlacement,
  type PlacementContext,
  type PlacementEvent,
  type PlacementInput,
} from '../../machines/placement';
import { fulfil } from '../../machines/placement/deadlines';
import { recordDelivery } from '../../machines/placement/notices';
import { draftInput } from './helpers';
import {
  ALL_EVENT_TYPES,
  INVARIANTS,
  allLeafStates,
  anyFailed,
  clockFacts,
  countOf,
  explore,
  formatViolations,
  pendingCount,
  producedBy,
  signatory,
  staleNotice,
  type Exploration,
  type InvariantId,
  type ModelSpec,
  type Snap,
} from './model-helpers';

const V1 = ssi2026v1;
const V2 = ssi2026v2;
const BOOKS: Rulebook[] = [V1, V2];

/** The rulebook with some parameters set otherwise (same id: a what-if variant). */
const withParameters = (book: Rulebook, values: Record<string, ParameterValue>): Rulebook => ({
  ...book,
  parameters: Object.fromEntries([
    ...Object.entries(book.parameters),
    ...Object.entries(values).map(([id, value]) => [
      id,
      { ...(book.parameters[id] ?? { id, statement: 'what-if', citation: 'test', confidence: 'infer' as const }), value },
    ]),
  ]),
});

// ---------------------------------------------------------------------------------------------
// Starts

const signed = (): ((p: PersistedPlacement) => PlacementEvent[]) => () => [{ type: 'NOTICE_SIGNED', signatory, at: '2026-03-03T09:00:00.000Z' }];
/** Every recipient that decides "given" accepts the newest version. */
const delivered =
  (at = '2026-03-03T09:05:00.000Z') =>
  (p: PersistedPlacement): PlacementEvent[] => {
    const n = p.context.notices[p.context.notices.length - 1];
    return n.recipients
      .filter((r) => r.required && r.status !== 'accepted')
      .map((r) => ({ type: 'DELIVERY_ACCEPTED', version: n.version, recipient: r.role, at }));
  };
const arrived = (): ((p: PersistedPlacement) => PlacementEvent[]) => () => [{ type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00.000Z' }];

/** Notice signed and given; the child has not arrived. */
const NOTIFIED = { label: 'notified: v1 signed 2026-03-03T09:00Z, accepted by every deciding recipient 09:05Z', steps: [signed(), delivered()] };
/** ... and the child has arrived: recognised. */
const PLACED = { label: 'placed: v1 signed 2026-03-03T09:00Z, accepted 09:05Z, child arrived 2026-03-05T11:00Z', steps: [...NOTIFIED.steps, arrived()] };
const SIGNED = { label: 'signed: v1 signed 2026-03-03T09:00Z, nothing delivered yet', steps: [signed()] };

const below = (n: number) => (x: number) => x < n;
const deciding = (s: Snap) => currentNotice(s.context)?.recipients.filter((r) => r.required).length ?? 0;
/**
 * While a notice is being delivered, other events are tried only before the first acceptance, with
 * one recipient outstanding (optionally) and once given: partial deliveries do not multiply the space.
 */
const betweenDeliveries = (s: Snap, e: PlacementEvent, oneOutstanding = true) => {
  if (e.type === 'DELIVERY_ACCEPTED' || e.type === 'DELIVERY_FAILED') return true;
  const pending = pendingCount(s.context);
  return pending === 0 || pending === deciding(s) || (oneOutstanding && pending === 1);
};
const region = (s: Snap, name: string) => (typeof s.value === 'string' ? s.value : (s.value as { active: Record<string, string> }).active[name]);
const lifecycle = (s: Snap) => region(s, 'lifecycle');
const includes = (book: Rulebook, id: string, item: string) => ((book.parameters[id]?.value as string[] | undefined) ?? []).includes(item);

// ---------------------------------------------------------------------------------------------
// The models

interface Model extends ModelSpec {
  /** Leaf states this model exists to reach. */
  reaches: string[];
}

function modelsFor(book: Rulebook): Model[] {
  const input = (o: Parameters<typeof draftInput>[0] = {}) => draftInput({ rulebookId: book.id, ...o });
  const dolInput = () => input({ legalBasis: { type: 'dol-order', court: 'High Court (Family Division)', expiresAt: '2026-06-01T00:00:00Z' } });
  const lenient = withParameters(book, { 'P.late-notice-allowed': true });
  const endOnTransfer = includes(book, 'P.end-notice-after', 'transferred');
  const fosterAdvocacy = includes(book, 'P.advocacy-settings', 'foster');
  const models: Model[] = [
    {
      name: 'notice-lifecycle-legal-basis',
      input: input(),
      types: [
        'NOTICE_SIGNED',
        'NOTICE_UPDATED',
        'DELIVERY_ACCEPTED',
        'DELIVERY_FAILED',
        'CHILD_ARRIVED',
        'ORDER_CHANGED',
        'PLACEMENT_ENDED',
        'SCOTTISH_CSO_MADE',
        'DEADLINE_ELAPSED',
      ],
      elapse: ['C1.notice-before-arrival', 'C3.order-change-renotify', 'END.end-notice', 'C11.age-18'],
      allow: (s, e) =>
        betweenDeliveries(s, e) &&
        (e.type !== 'DELIVERY_FAILED' || (s.context.notices.length === 1 && pendingCount(s.context) === deciding(s))) &&
        (e.type !== 'NOTICE_UPDATED' || below(2)(s.context.notices.length)) &&
        (e.type !== 'ORDER_CHANGED' || below(1)(s.context.previousLegalBases.length)) &&
        // The birthday is tried before arrival; after it, PLACEMENT_ENDED takes the same path.
        !(e.type === 'DEADLINE_ELAPSED' && e.rule === 'C11.age-18' && s.context.arrivedAt !== null),
      facts: (s) => [
        pendingCount(s.context),
        staleNotice(book, s.context),
        anyFailed(s.context),
        s.context.notices.length,
        s.context.previousLegalBases.length,
        clockFacts(s.context, ['C1.notice-before-arrival', 'C1.updated-notice-before-arrival', 'C3.order-change-renotify', 'END.end-notice', 'C11.age-18']),
      ],
      // Ending (the end notice) and a lapse are explored by other models; here they are checked, not expanded.
      stopWhen: (s) => lifecycle(s) === 'ending' || region(s, 'legalBasis') === 'lapsed',
      reaches: [
        'active.lifecycle.draft',
        'active.lifecycle.notified',
        'active.lifecycle.placed',
        'active.lifecycle.ending',
        'active.notice.unsigned',
        'active.notice.sending',
        'active.notice.given',
        'active.legalBasis.current',
        'active.legalBasis.changeWindow',
        'active.legalBasis.lapsed',
        'ended',
        'superseded',
      ],
    },
    {
      name: 'location-moves',
      input: input(),
      setup: PLACED,
      options: { moveSettings: ['foster', 'residential'], deliveries: 'first' },
      types: ['MOVE_PROPOSED', 'MOVE_WITHDRAWN', 'MOVED', 'NOTICE_UPDATED', 'DELIVERY_ACCEPTED', 'PLACEMENT_ENDED', 'SCOTTISH_CSO_MADE', 'DEADLINE_ELAPSED'],
      elapse: ['C4.move-renotify', 'END.end-notice'],
      allow: (s, e) =>
        betweenDeliveries(s, e) &&
        (e.type !== 'MOVE_PROPOSED' || below(2)(countOf(s.context, 'C4.move-renotify'))) &&
        (e.type !== 'NOTICE_UPDATED' || below(3)(s.context.notices.length)),
      facts: (s) =>
        lifecycle(s) === 'ending'
          ? [pendingCount(s.context), staleNotice(book, s.context), clockFacts(s.context, ['END.end-notice']), s.context.supersededBy !== null]
          : [
              pendingCount(s.context),
              staleNotice(book, s.context),
              s.context.notices.length,
              s.context.setting,
              s.context.proposedMove?.setting ?? null,
              s.context.moves.length,
              countOf(s.context, 'C4.move-renotify'),
              clockFacts(s.context, ['C4.move-renotify']),
            ],
      reaches: ['active.location.settled', 'active.location.moving', 'ended', 'superseded'],
    },
    {
      name: 'deprivation-of-liberty',
      input: dolInput(),
      setup: PLACED,
      options: { orderTypes: ['dol-order'], deliveries: 'first' },
      types: ['DOL_EXTENDED', 'DOL_TERMINATED', 'NOTICE_UPDATED', 'DELIVERY_ACCEPTED', 'ORDER_CHANGED', 'PLACEMENT_ENDED', 'DEADLINE_ELAPSED'],
      elapse: ['C5.dol-expiry', 'C5.dol-extension-notice', 'C5.dol-termination-notice', 'C3.order-change-renotify', 'END.end-notice'],
      allow: (s, e) =>
        betweenDeliveries(s, e, false) &&
        (e.type !== 'DOL_EXTENDED' || below(1)(countOf(s.context, 'C5.dol-extension-notice'))) &&
        (e.type !== 'NOTICE_UPDATED' || below(3)(s.context.notices.length)) &&
        (e.type !== 'ORDER_CHANGED' || below(1)(s.context.previousLegalBases.length)),
      facts: (s) =>
        lifecycle(s) === 'ending'
          ? [pendingCount(s.context), staleNotice(book, s.context), clockFacts(s.context, ['END.end-notice', 'C5.dol-termination-notice'])]
          : [
              pendingCount(s.context),
              s.context.notices.length,
              countOf(s.context, 'C5.dol-extension-notice'),
              s.context.previousLegalBases.length,
              !!s.context.legalBasis.terminatedAt,
              clockFacts(s.context, ['C5.dol-expiry', 'C5.dol-extension-notice', 'C5.dol-termination-notice', 'C3.order-change-renotify']),
            ],
      // A lapse is final for recognition: check the lapsed state, do not explore past it.
      stopWhen: (s) => region(s, 'legalBasis') === 'lapsed',
      reaches: ['active.legalBasis.current', 'active.legalBasis.changeWindow', 'active.legalBasis.lapsed', 'active.lifecycle.ending', 'ended'],
    },
    {
      name: 'deprivation-of-liberty-without-notice',
      input: dolInput(),
      types: ['CHILD_ARRIVED', 'NOTICE_SIGNED', 'DOL_EXTENDED', 'DOL_TERMINATED', 'PLACEMENT_ENDED', 'DEADLINE_ELAPSED'],
      elapse: ['C5.dol-expiry', 'C5.dol-extension-notice', 'C5.dol-termination-notice'],
      allow: (s, e) =>
        (e.type !== 'DOL_EXTENDED' || below(2)(countOf(s.context, 'C5.dol-expiry'))) && (e.type !== 'NOTICE_SIGNED' || s.context.arrivedAt === null),
      facts: (s) => [
        s.context.notices.length,
        countOf(s.context, 'C5.dol-expiry'),
        clockFacts(s.context, ['C5.dol-expiry', 'C5.dol-extension-notice', 'C5.dol-termination-notice']),
      ],
      reaches: ['active.lifecycle.draft', 'active.lifecycle.placed', 'active.legalBasis.lapsed', 'ended'],
    },
    {
      name: 'host-review',
      input: input(),
      setup: NOTIFIED,
      types: ['CHILD_ARRIVED', 'HOST_CONDITIONS_CONFIRMED', 'HOST_QUERY_RAISED', 'HOST_QUERY_ANSWERED', 'NOTICE_UPDATED', 'PLACEMENT_ENDED'],
      allow: (s, e) =>
        (e.type !== 'HOST_QUERY_RAISED' || below(2)(s.context.hostReview.queries.length)) &&
        (e.type !== 'NOTICE_UPDATED' || below(3)(s.context.notices.length)),
      facts: (s) => [s.context.hostReview.queries.length, s.context.hostReview.queries.filter((q) => !q.answeredAt).length, s.context.notices.length],
      reaches: ['active.hostReview.awaiting', 'active.hostReview.confirmed', 'active.hostReview.queried'],
    },
    {
      name: 'host-review-before-notice',
      input: input(),
      types: ['CHILD_ARRIVED', 'NOTICE_SIGNED', 'HOST_CONDITIONS_CONFIRMED', 'HOST_QUERY_RAISED', 'PLACEMENT_ENDED'],
      allow: (s, e) => e.type !== 'HOST_QUERY_RAISED' || below(1)(s.context.hostReview.queries.length),
      facts: (s) => [s.context.hostReview.queries.length, s.context.notices.length],
      reaches: ['active.hostReview.notReceived', 'active.hostReview.awaiting', 'active.hostReview.queried'],
    },
    {
      name: 'advocacy',
      input: input(),
      setup: NOTIFIED,
      types: [
        'CHILD_ARRIVED',
        'ADVOCACY_OFFERED',
        'ADVOCACY_NOT_APPROPRIATE',
        'ADVOCACY_ACCEPTED',
        'ADVOCACY_DECLINED',
        'ADVOCATE_ASSIGNED',
        'DEADLINE_ELAPSED',
        'PLACEMENT_ENDED',
      ],
      elapse: ['C7.advocacy-offer'],
      facts: (s) => [clockFacts(s.context, ['C7.advocacy-offer']), s.context.advocacy.advocate],
      reaches: [
        'active.advocacy.notDue',
        'active.advocacy.due',
        'active.advocacy.offered',
        'active.advocacy.notAppropriate',
        'active.advocacy.accepted',
        'active.advocacy.declined',
        'active.advocacy.assigned',
      ],
    },
    {
      name: 'advocacy-foster',
      input: input({ setting: 'foster' }),
      setup: NOTIFIED,
      types: ['CHILD_ARRIVED', 'ADVOCACY_OFFERED', 'ADVOCACY_NOT_APPROPRIATE', 'ADVOCACY_ACCEPTED', 'ADVOCACY_DECLINED', 'ADVOCATE_ASSIGNED'],
      facts: (s) => [s.context.advocacy.advocate],
      // Where the rulebook's advocacy duty does not reach foster care, nothing of it ever opens.
      reaches: fosterAdvocacy ? ['active.advocacy.due', 'active.advocacy.assigned'] : ['active.advocacy.notDue', 'active.lifecycle.placed'],
    },
    {
      // The child's voice and relationships: recorded from the draft on, never changing the legal status.
      name: 'voice-and-relationships',
      input: input(),
      setup: NOTIFIED,
      types: [
        'CHILD_VIEWS_RECORDED',
        'SIBLING_RECORDED',
        'CHILD_ARRIVED',
        'FAMILY_TIME_ARRANGED',
        'FAMILY_TIME_RECORDED',
        'ADVOCACY_MATTER_RAISED',
        'ADVOCACY_MATTER_UPDATED',
        'REVIEW_RECORDED',
        'PLACEMENT_ENDED',
      ],
      allow: (s, e) => {
        const r = s.context.relationships;
        if (e.type === 'CHILD_VIEWS_RECORDED') return below(2)(r.views.length);
        if (e.type === 'SIBLING_RECORDED') return below(1)(r.separations.length) && (r.siblings.length === 0 || s.context.arrivedAt !== null);
        if (e.type === 'FAMILY_TIME_ARRANGED') return below(1)(r.arrangements.length);
        if (e.type === 'FAMILY_TIME_RECORDED') return below(2)(r.sessions.length);
        if (e.type === 'ADVOCACY_MATTER_RAISED') return below(1)(r.advocacyMatters.length);
        if (e.type === 'ADVOCACY_MATTER_UPDATED') return r.advocacyMatters.every((m) => m.outcomes.length === 0);
        if (e.type === 'REVIEW_RECORDED') return below(1)(s.context.visits.reviews);
        return e.type !== 'PLACEMENT_ENDED' || r.views.length + r.sessions.length === 0;
      },
      facts: (s) => {
        const r = s.context.relationships;
        return [
          r.views.length,
          r.siblings.length,
          r.separations.length,
          r.arrangements.length,
          r.sessions.length,
          r.advocacyMatters.map((m) => m.status),
          s.context.visits.reviews,
        ];
      },
      reaches: ['active.lifecycle.notified', 'active.lifecycle.placed'],
    },
    {
      name: 'visits-and-reviews',
      input: input(),
      setup: NOTIFIED,
      types: ['CHILD_ARRIVED', 'VISIT_RECORDED', 'REVIEW_RECORDED', 'DEADLINE_ELAPSED', 'PLACEMENT_ENDED'],
      elapse: ['C8.first-visit', 'C8.visit', 'C8.first-review', 'C8.second-review', 'C8.later-review'],
      allow: (s, e) =>
        (e.type !== 'VISIT_RECORDED' || below(2)(s.context.visits.visits)) &&
        (e.type !== 'REVIEW_RECORDED' || below(3)(s.context.visits.reviews)) &&
        (e.type !== 'PLACEMENT_ENDED' || s.context.visits.visits + s.context.visits.reviews === 0),
      facts: (s) => [
        s.context.visits.visits,
        s.context.visits.reviews,
        clockFacts(s.context, ['C8.first-visit', 'C8.visit', 'C8.first-review', 'C8.second-review', 'C8.later-review']),
      ],
      reaches: ['active.visits.notStarted', 'active.visits.active'],
    },
    {
      name: 'enforcement',
      input: input(),
      setup: PLACED,
      options: { deliveries: 'first' },
      types: [
        'ENFORCEMENT_NOTICE_ISSUED',
        'DUTY_PERFORMED',
        'SHERIFF_APPLICATION_MADE',
        'ENFORCEMENT_ORDER_MADE',
        'PLACEMENT_ENDED',
        'NOTICE_UPDATED',
        'DELIVERY_ACCEPTED',
        'DEADLINE_ELAPSED',
      ],
      elapse: ['C9.enforcement-cure', 'END.end-notice'],
      allow: (s, e) =>
        betweenDeliveries(s, e, false) &&
        (e.type !== 'ENFORCEMENT_NOTICE_ISSUED' || below(2)(countOf(s.context, 'C9.enforcement-cure'))) &&
        // The end notice only: the notice region is another model's concern.
        (e.type !== 'NOTICE_UPDATED' || (lifecycle(s) === 'ending' && below(3)(s.context.notices.length))),
      facts: (s) => [
        countOf(s.context, 'C9.enforcement-cure'),
        clockFacts(s.context, ['C9.enforcement-cure', 'END.end-notice']),
        pendingCount(s.context),
        staleNotice(book, s.context),
        s.context.notices.length,
      ],
      reaches: [
        'active.enforcement.none',
        'active.enforcement.intentNotified',
        'active.enforcement.cureElapsed',
        'active.enforcement.sheriffApplied',
        'active.enforcement.ordered',
        'ended',
      ],
    },
    {
      name: 'transfer',
      input: input(),
      setup: PLACED,
      options: { deliveries: 'first' },
      types: [
        'TRANSFER_PROPOSED',
        'TRANSFER_CONSENTED',
        'TRANSFER_REFUSED',
        'TRANSFER_EFFECTIVE',
        'REPORTER_NOTIFIED',
        'HEARING_HELD',
        'ENFORCEMENT_NOTICE_ISSUED',
        'MOVE_PROPOSED',
        'SCOTTISH_CSO_MADE',
        'PLACEMENT_ENDED',
        'DEADLINE_ELAPSED',
        // The end notice owed after a transfer (P.end-notice-after).
        ...(endOnTransfer ? (['NOTICE_UPDATED', 'DELIVERY_ACCEPTED'] as const) : []),
      ],
      elapse: ['C9.enforcement-cure', 'C10.transfer-hearing', 'C10.reporter-notice', 'END.end-notice'],
      allow: (s, e) =>
        betweenDeliveries(s, e, false) &&
        (e.type !== 'ENFORCEMENT_NOTICE_ISSUED' || below(1)(countOf(s.context, 'C9.enforcement-cure'))) &&
        // A move cancelled by the transfer is tried where no end notice follows (the space stays small).
        (e.type !== 'MOVE_PROPOSED' || (!endOnTransfer && below(1)(countOf(s.context, 'C4.move-renotify')))) &&
        (e.type !== 'NOTICE_UPDATED' || (lifecycle(s) === 'transferring' && below(3)(s.context.notices.length))),
      facts: (s) => [
        countOf(s.context, 'C9.enforcement-cure'),
        countOf(s.context, 'C4.move-renotify'),
        clockFacts(s.context, ['C9.enforcement-cure', 'C10.transfer-hearing', 'C4.move-renotify', 'C10.reporter-notice', 'END.end-notice']),
        pendingCount(s.context),
        s.context.notices.length,
        // A refusal leaves no trace in the context: tell the state after it apart, so the path keeps it.
        producedBy(s) === 'TRANSFER_REFUSED',
      ],
      // Ending after a CSO or a placement end is the other models' concern.
      stopWhen: (s) => lifecycle(s) === 'ending',
      reaches: [
        'active.transfer.none',
        'active.transfer.proposed',
        'active.transfer.consented',
        'active.transfer.effective',
        'active.transfer.reporterNotified',
        'active.lifecycle.transferring',
        'transferred',
        ...(endOnTransfer ? ['active.transfer.hearingHeld'] : ['superseded']),
      ],
    },
    {
      name: 'late-notice-variant',
      book: lenient,
      input: input(),
      options: { deliveries: 'first' },
      types: ['CHILD_ARRIVED', 'NOTICE_SIGNED', 'NOTICE_UPDATED', 'DELIVERY_ACCEPTED', 'PLACEMENT_ENDED', 'DEADLINE_ELAPSED'],
      elapse: ['C1.notice-before-arrival', 'C12.late-notice', 'END.end-notice'],
      allow: (s, e) => betweenDeliveries(s, e, false) && (e.type !== 'NOTICE_UPDATED' || below(2)(s.context.notices.length)),
      facts: (s) => [
        pendingCount(s.context),
        staleNotice(lenient, s.context),
        s.context.notices.length,
        clockFacts(s.context, ['C1.notice-before-arrival', 'C12.late-notice', 'END.end-notice']),
      ],
      stopWhen: (s) => lifecycle(s) === 'ending',
      reaches: ['active.lifecycle.placed', 'active.notice.given', 'ended'],
    },
  ];

  // Models of what a rulebook adds, where it has the data for it (rulebook @2 on).
  if (includes(book, 'P.end-notice-after', 'superseded'))
    models.push({
      name: 'cso-owing-end-notice',
      input: input(),
      setup: PLACED,
      options: { deliveries: 'first' },
      types: ['SCOTTISH_CSO_MADE', 'ORDER_CHANGED', 'NOTICE_UPDATED', 'DELIVERY_ACCEPTED', 'ENFORCEMENT_NOTICE_ISSUED', 'DUTY_PERFORMED', 'DEADLINE_ELAPSED'],
      elapse: ['END.end-notice', 'C3.order-change-renotify', 'C9.enforcement-cure'],
      allow: (s, e) =>
        betweenDeliveries(s, e, false) &&
        (e.type !== 'ORDER_CHANGED' || below(1)(s.context.previousLegalBases.length)) &&
        (e.type !== 'NOTICE_UPDATED' || below(3)(s.context.notices.length)) &&
        // Enforcement of the end notice itself, once superseded.
        (e.type !== 'ENFORCEMENT_NOTICE_ISSUED' || (lifecycle(s) === 'ending' && below(1)(countOf(s.context, 'C9.enforcement-cure')))),
      facts: (s) => [
        pendingCount(s.context),
        staleNotice(book, s.context),
        s.context.notices.length,
        s.context.previousLegalBases.length,
        clockFacts(s.context, ['END.end-notice', 'C3.order-change-renotify', 'C9.enforcement-cure']),
      ],
      reaches: ['active.lifecycle.ending', 'superseded'],
    });
  if (book.clocks['C3.order-change-renotify'].beforeArrival)
    models.push({
      name: 'order-change-before-arrival',
      input: input(),
      setup: NOTIFIED,
      options: { deliveries: 'first' },
      types: ['ORDER_CHANGED', 'NOTICE_UPDATED', 'DELIVERY_ACCEPTED', 'CHILD_ARRIVED', 'PLACEMENT_ENDED', 'DEADLINE_ELAPSED'],
      elapse: ['C3.order-change-renotify', 'END.end-notice'],
      allow: (s, e) =>
        betweenDeliveries(s, e) &&
        (e.type !== 'ORDER_CHANGED' || below(2)(s.context.previousLegalBases.length)) &&
        (e.type !== 'NOTICE_UPDATED' || below(3)(s.context.notices.length)),
      facts: (s) => [
        pendingCount(s.context),
        staleNotice(book, s.context),
        s.context.notices.length,
        s.context.previousLegalBases.length,
        clockFacts(s.context, ['C1.updated-notice-before-arrival', 'C3.order-change-renotify', 'END.end-notice']),
      ],
      stopWhen: (s) => lifecycle(s) === 'ending',
      reaches: ['active.lifecycle.notified', 'active.lifecycle.placed', 'active.legalBasis.changeWindow'],
    });
  const copies = book.recipients.residential.filter((r) => r.followUp).map((r) => r.role);
  if (copies.length > 0)
    models.push({
      name: 'copy-recipients',
      input: input(),
      setup: SIGNED,
      options: { failRoles: ['health-board'], deliveries: 'first', copies: true },
      types: ['DELIVERY_FAILED', 'DELIVERY_ACCEPTED', 'CHILD_ARRIVED', 'NOTICE_UPDATED', 'DEADLINE_ELAPSED'],
      elapse: ['C1.copy-follow-up'],
      allow: (s, e) =>
        (e.type !== 'NOTICE_UPDATED' || below(2)(s.context.notices.length)) &&
        // Copies other than the health board's are delivered together with the deciding recipients.
        (e.type !== 'DELIVERY_ACCEPTED' || ['health-board', 'host-authority', 'care-inspectorate', 'scottish-ministers'].includes(e.recipient)) &&
        (e.type !== 'CHILD_ARRIVED' || pendingCount(s.context) === 0 || pendingCount(s.context) === deciding(s)),
      facts: (s) => [
        pendingCount(s.context),
        s.context.notices.length,
        s.context.notices.map((n) => n.recipients.find((r) => r.role === 'health-board')?.status).join(','),
        clockFacts(s.context, ['C1.copy-follow-up', 'C1.notice-before-arrival']),
        countOf(s.context, 'C1.copy-follow-up'),
      ],
      reaches: ['active.notice.sending', 'active.notice.given', 'active.lifecycle.placed'],
    });
  if (Object.values(book.clocks).some((c) => c.metBy === 'conditions-check' || c.metBy === 'urgent-transfer-report'))
    models.push({
      name: 'placing-and-host-duties',
      input: input(),
      setup: PLACED,
      options: { deliveries: 'first' },
      types: [
        'CONDITIONS_CHECKED',
        'URGENT_TRANSFER_MADE',
        'URGENT_TRANSFER_REPORTED',
        'PLACEMENT_ENDED',
        'NOTICE_UPDATED',
        'DELIVERY_ACCEPTED',
        'DEADLINE_ELAPSED',
      ],
      elapse: ['DUTY.conditions-check', 'DUTY.urgent-transfer-report', 'END.end-notice'],
      allow: (s, e) =>
        betweenDeliveries(s, e, false) &&
        (e.type !== 'CONDITIONS_CHECKED' || below(2)(s.context.conditionsChecks.length)) &&
        (e.type !== 'URGENT_TRANSFER_MADE' || below(1)(s.context.urgentTransfers.length)) &&
        (e.type !== 'NOTICE_UPDATED' || (lifecycle(s) === 'ending' && below(3)(s.context.notices.length))),
      facts: (s) => [
        s.context.conditionsChecks.length,
        s.context.urgentTransfers.length,
        s.context.urgentTransfers.filter((t) => !t.reportedAt).length,
        pendingCount(s.context),
        s.context.notices.length,
        clockFacts(s.context, ['DUTY.conditions-check', 'DUTY.urgent-transfer-report', 'END.end-notice']),
      ],
      reaches: ['active.visits.active', 'active.lifecycle.ending', 'ended'],
    });
  if (book.clocks['C7.foster-advocacy'])
    models.push({
      name: 'advocacy-foster-commenced',
      book: withParameters(book, { 'P.foster-advocacy-commencement': '2026-01-01' }),
      input: input({ setting: 'foster' }),
      setup: NOTIFIED,
      types: [
        'CHILD_ARRIVED',
        'ADVOCACY_OFFERED',
        'ADVOCACY_NOT_APPROPRIATE',
        'ADVOCACY_ACCEPTED',
        'ADVOCACY_DECLINED',
        'ADVOCATE_ASSIGNED',
        'DEADLINE_ELAPSED',
      ],
      elapse: ['C7.foster-advocacy'],
      facts: (s) => [clockFacts(s.context, ['C7.foster-advocacy']), s.context.advocacy.advocate],
      reaches: ['active.advocacy.due', 'active.advocacy.offered', 'active.advocacy.notAppropriate', 'active.advocacy.assigned'],
    });
  // The care service's records: evidence held before admission, the stay, a departure, then the move or the end.
  models.push({
    name: 'care-service',
    input: input(),
    setup: NOTIFIED,
    types: ['SERVICE_EVIDENCE_CONFIRMED', 'CHILD_ARRIVED', 'CHILD_DEPARTED', 'PLACEMENT_ENDED'],
    allow: (s, e) => e.type !== 'SERVICE_EVIDENCE_CONFIRMED' || below(1)(s.context.service.evidence.length),
    facts: (s) => [s.context.service.evidence.length, s.context.service.stays.map((st) => `${st.arrivedAt}-${st.departedAt ?? 'here'}`).join(',')],
    reaches: ['active.lifecycle.placed', 'active.lifecycle.ending'],
  });
  if (book.parameters['P.review-cycle-from'])
    models.push({
      name: 'reviews-of-a-child-already-looked-after',
      input: input({ lookedAfterSince: '2026-01-05' }),
      setup: NOTIFIED,
      types: ['CHILD_ARRIVED', 'REVIEW_RECORDED', 'DEADLINE_ELAPSED'],
      elapse: ['C8.first-review', 'C8.second-review', 'C8.later-review'],
      allow: (s, e) => e.type !== 'REVIEW_RECORDED' || below(3)(s.context.visits.reviews),
      facts: (s) => [s.context.visits.reviews, clockFacts(s.context, ['C8.first-review', 'C8.second-review', 'C8.later-review'])],
      reaches: ['active.visits.active'],
    });
  return models;
}

const MODELS = BOOKS.map((book) => [book, modelsFor(book)] as const);

// ---------------------------------------------------------------------------------------------

const machine = createPlacementMachine(V2);
const results: (Exploration & { book: string })[] = [];
const t0 = Date.now();
beforeAll(() => {
  for (const [book, models] of MODELS) for (const m of models) results.push({ ...explore({ ...m, book: m.book ?? book }), book: book.id });
});

const union = <T>(sets: Iterable<T>[]) => new Set([...sets].flatMap((s) => [...s]));

describe.each(MODELS.map(([book, models]) => [book.id, models] as const))('%s: each model reaches the states it is about', (id, models) => {
  test.each(models.map((m) => [m.name, m] as const))('%s', (_name, m) => {
    const r = results.find((x) => x.model === m.name && x.book === id)!;
    expect(m.reaches.filter((s) => !r.states.has(s))).toEqual([]);
    expect(r.steps).toBeGreaterThan(0);
  });
});

describe('coverage across the models', () => {
  test('every leaf state of every region is reached', () => {
    const leaves = allLeafStates(machine);
    const reached = union(results.map((r) => r.states));
    expect(leaves.length).toBeGreaterThan(30);
    expect(leaves.filter((l) => !reached.has(l))).toEqual([]);
  });

  test('every event type of the machine is taken at least once', () => {
    const taken = union(results.map((r) => r.events.keys()));
    expect(ALL_EVENT_TYPES.filter((t) => !taken.has(t))).toEqual([]);
    // The list is the machine's own: every event it names in a transition is in it.
    const named = new Set<string>();
    const walk = (node: typeof machine.root) => {
      for (const t of node.transitions.keys()) named.add(t);
      for (const child of Object.values(node.states)) walk(child);
    };
    walk(machine.root);
    expect([...named].filter((t) => !ALL_EVENT_TYPES.includes(t as never))).toEqual([]);
  });

  test('rulebook @2 is covered as well as @1: its own duties are taken', () => {
    const v2 = union(results.filter((r) => r.book === V2.id).map((r) => r.events.keys()));
    for (const t of ['CONDITIONS_CHECKED', 'URGENT_TRANSFER_MADE', 'URGENT_TRANSFER_REPORTED', 'REPORTER_NOTIFIED', 'HEARING_HELD', 'DELIVERY_FAILED'] as const)
      expect(v2).toContain(t);
    const states = union(results.filter((r) => r.book === V2.id).map((r) => r.states));
    expect(states).toContain('active.transfer.hearingHeld');
  });

  test('stays small (and reports its numbers)', () => {
    const total = results.reduce((n, r) => n + r.steps, 0);
    expect(total).toBeLessThan(16000);
    console.log(
      [
        ...results.map((r) => `${r.book} ${r.model}: ${r.keys} states, ${r.steps} steps, ${r.ms} ms`),
        `leaf states ${union(results.map((r) => r.states)).size}/${allLeafStates(machine).length}, event types ${union(results.map((r) => r.events.keys())).size}/${ALL_EVENT_TYPES.length}, ${Date.now() - t0} ms`,
      ].join('\n'),
    );
  });
});

describe('invariants hold on every step of every path', () => {
  test.each(Object.entries(INVARIANTS) as [InvariantId, string][])('%s: %s', (id) => {
    const found = results.flatMap((r) => r.violations.filter((v) => v.invariant === id).map((v) => ({ ...v, model: `${r.book} ${v.model}` })));
    if (found.length > 0) throw new Error(`${found.length} violation(s) of ${id}:\n${formatViolations(found)}`);
  });
});

// ---------------------------------------------------------------------------------------------
// The checks have teeth: a machine with a guard or an action broken is caught by them.

describe('a broken machine is caught', () => {
  const book = V1;
  const machine = createPlacementMachine(V1);
  /** A small pre-arrival model under @1: sign, deliver, arrive, change the order, let clocks elapse. */
  const mini = (name: string): ModelSpec => ({
    name,
    book: V1,
    input: draftInput({ rulebookId: V1.id }),
    options: { deliveries: 'first' },
    types: ['NOTICE_SIGNED', 'DELIVERY_ACCEPTED', 'CHILD_ARRIVED', 'ORDER_CHANGED', 'NOTICE_UPDATED', 'DEADLINE_ELAPSED'],
    elapse: ['C1.notice-before-arrival', 'C3.order-change-renotify'],
    allow: (s, e) =>
      betweenDeliveries(s, e) &&
      (e.type !== 'ORDER_CHANGED' || below(1)(s.context.previousLegalBases.length)) &&
      (e.type !== 'NOTICE_UPDATED' || below(2)(s.context.notices.length)),
    facts: (s) => [
      pendingCount(s.context),
      s.context.notices.length,
      s.context.previousLegalBases.length,
      clockFacts(s.context, ['C1.notice-before-arrival', 'C3.order-change-renotify']),
    ],
  });
  const invariantsOf = (r: Exploration) => new Set(r.violations.map((v) => v.invariant));

  test('the real machine passes the small model', () => {
    expect(explore(mini('mini')).violations).toEqual([]);
  });

  test('the scheduler guard without its due-time and before-event checks', () => {
    const broken = machine.provide({
      guards: {
        deadlineDue: ({ context, event }: { context: PlacementContext; event: PlacementEvent }) =>
          event.type === 'DEADLINE_ELAPSED' && context.deadlines.some((d) => d.id === event.deadlineId && d.status === 'open'),
      } as never,
    });
    const found = invariantsOf(explore(mini('deadlineDue removed'), broken));
    expect(found).toContain('j-allowed-events-match-the-rules'); // elapsed early
    expect(found).toContain('f-before-event-clocks-decided-by-event'); // C1 missed by time, not by the arrival
  });

  test('a notice counted as given after its first acceptance', () => {
    const broken = machine.provide({
      actions: {
        recordDelivery: assign(({ context, event }: { context: PlacementContext; event: PlacementEvent }) => {
          const e = event as Extract<PlacementEvent, { type: 'DELIVERY_ACCEPTED' }>;
          const next = recordDelivery(book, context, e);
          const version = next.notices.find((n) => n.version === e.version)!;
          return fulfil(book, next, (d) => version.answers.includes(d.id), e.at);
        }),
      } as never,
    });
    const found = invariantsOf(explore(mini('notice given early'), broken));
    expect(found).toContain('a-recognised-needs-notice-before-arrival');
  });

  test('the lifecycle guard of ORDER_CHANGED dropped', () => {
    const broken = machine.provide({ guards: { noticeEverSigned: () => true } as never });
    expect(invariantsOf(explore(mini('noticeEverSigned removed'), broken))).toContain('j-allowed-events-match-the-rules');
  });

  test('rulebook @2: a failed copy that is not followed up', () => {
    const broken = createPlacementMachine(V2).provide({
      actions: {
        recordDelivery: assign(({ context, event }: { context: PlacementContext; event: PlacementEvent }) => {
          const next = recordDelivery(V2, context, event as Extract<PlacementEvent, { type: 'DELIVERY_FAILED' }>);
          return { ...next, deadlines: next.deadlines.filter((d) => d.rule !== 'C1.copy-follow-up' || context.deadlines.some((x) => x.id === d.id)) };
        }),
      } as never,
    });
    const copies = MODELS.find(([b]) => b === V2)![1].find((m) => m.name === 'copy-recipients')!;
    expect(invariantsOf(explore({ ...copies, book: V2 }, broken))).toContain('n-copies-never-decide-given');
  });

  test('rulebook @2: a transfer that forgets the end notice it owes', () => {
    const broken = createPlacementMachine(V2).provide({ guards: { endNoticeOwed: () => false } as never });
    const model: ModelSpec = {
      name: 'end notice forgotten',
      book: V2,
      input: draftInput({ rulebookId: V2.id }),
      setup: PLACED,
      types: ['TRANSFER_PROPOSED', 'TRANSFER_CONSENTED', 'TRANSFER_EFFECTIVE', 'REPORTER_NOTIFIED', 'HEARING_HELD'],
      facts: () => [],
    };
    const found = invariantsOf(explore(model, broken));
    // The oracle still expects the end notice to be accepted while transferring.
    expect(found).toContain('j-allowed-events-match-the-rules');
  });
});

// ---------------------------------------------------------------------------------------------
// The defects the models found, as plain sequences (the invariant tests above report them too).

describe('sequences found by the models (rulebook @1)', () => {
  const lenient = withParameters(V1, { 'P.late-notice-allowed': true });
  const dolInput = () =>
    draftInput({ rulebookId: V1.id, legalBasis: { type: 'dol-order', court: 'High Court (Family Division)', expiresAt: '2026-06-01T00:00:00Z' } });
  const start = (input: PlacementInput = draftInput({ rulebookId: V1.id }), variant?: Rulebook) => {
    const r = startPlacement(input, variant);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.placement;
  };
  const run = (p: PersistedPlacement, events: PlacementEvent[], variant?: Rulebook) =>
    events.reduce((acc, e) => {
      const r = applyEvent(acc, e, variant);
      if (!r.ok) throw new Error(`${e.type} refused: ${JSON.stringify(r)}`);
      return r.placement;
    }, p);
  const deliverAll = (p: PersistedPlacement, at: string) => run(p, delivered(at)(p));
  const sign = (at: string): PlacementEvent => ({ type: 'NOTICE_SIGNED', signatory, at });
  const update = (at: string): PlacementEvent => ({ type: 'NOTICE_UPDATED', signatory, at });
  const openClocks = (p: PersistedPlacement) => p.context.deadlines.filter((d) => d.status === 'open').map((d) => d.rule);

  test('a child cannot arrive into a placement that has already ended', () => {
    const p = run(start(), [sign('2026-03-03T09:00:00Z'), { type: 'PLACEMENT_ENDED', reason: 'Plan changed', at: '2026-03-03T10:00:00Z' }]);
    expect(viewOf(p).allowedEvents).not.toContain('CHILD_ARRIVED');
    expect(applyEvent(p, { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' })).toMatchObject({ ok: false, reason: 'not-allowed' });
  });

  test('ended after a notice of intent to enforce: no clock is left open', () => {
    let p = run(start(), [sign('2026-03-03T09:00:00Z')]);
    p = deliverAll(p, '2026-03-03T09:05:00Z');
    p = run(p, [
      { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' },
      { type: 'ENFORCEMENT_NOTICE_ISSUED', duty: 'C8.visit', at: '2026-03-20T10:00:00Z' },
      { type: 'PLACEMENT_ENDED', reason: 'Returned home', at: '2026-03-21T10:00:00Z' },
      update('2026-03-21T11:00:00Z'),
    ]);
    p = deliverAll(p, '2026-03-21T12:00:00Z');
    expect(p.value).toBe('ended');
    expect(openClocks(p)).toEqual([]);
  });

  test('transferred after a notice of intent to enforce: no clock is left open', () => {
    let p = run(start(), [sign('2026-03-03T09:00:00Z')]);
    p = deliverAll(p, '2026-03-03T09:05:00Z');
    p = run(p, [
      { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' },
      { type: 'ENFORCEMENT_NOTICE_ISSUED', duty: 'C8.visit', at: '2026-03-20T10:00:00Z' },
      { type: 'TRANSFER_PROPOSED', at: '2026-03-21T10:00:00Z' },
      { type: 'TRANSFER_CONSENTED', at: '2026-03-22T10:00:00Z' },
      { type: 'TRANSFER_EFFECTIVE', at: '2026-03-23T10:00:00Z' },
      { type: 'REPORTER_NOTIFIED', at: '2026-03-23T11:00:00Z' },
      { type: 'HEARING_HELD', at: '2026-03-30T10:00:00Z' },
    ]);
    expect(p.value).toBe('transferred');
    expect(openClocks(p)).toEqual([]);
  });

  test('a DoL order terminated for a child placed without notice, then ended: no clock is left open', () => {
    const p = run(start(dolInput()), [
      { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' },
      { type: 'DOL_TERMINATED', at: '2026-03-10T10:00:00Z' },
      { type: 'PLACEMENT_ENDED', reason: 'Returned home', at: '2026-03-10T11:00:00Z' },
    ]);
    expect(p.value).toBe('ended');
    expect(openClocks(p)).toEqual([]);
  });

  test('late notice allowed: a notice signed before an urgent arrival and given within the window meets C12', () => {
    let p = run(
      start(draftInput({ rulebookId: V1.id }), lenient),
      [sign('2026-03-05T09:00:00Z'), { type: 'CHILD_ARRIVED', at: '2026-03-05T11:00:00Z' }],
      lenient,
    );
    p = run(p, delivered('2026-03-05T15:00:00.000Z')(p), lenient);
    expect(p.context.notices[0].givenAt).toBe('2026-03-05T15:00:00.000Z');
    expect(p.context.deadlines.find((d) => d.rule === 'C12.late-notice')).toMatchObject({ status: 'met' });
    expect(viewOf(p, lenient).legalStatus.code).toBe('recognised');
  });
});
