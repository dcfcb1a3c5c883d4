// The placement statechart. Parallel regions follow the concerns that run side by side; the context
// (see reducers.ts) holds the facts and clocks, and regions that depend only on clocks follow them
// with eventless transitions. Terminal states are top-level finals, so they accept nothing.
import { and, assertEvent, assign, not, or, setup, stateIn } from 'xstate';
import { parameter, type Rulebook } from '../rulebook';
import { clocksMetBy, elapsesByTime, openDeadlines, uncuredLapses } from './deadlines';
import { notAfter } from './instants';
import { isDol } from './legal-basis';
import { currentNotice, deliveryPending, issueNotice, recordDelivery } from './notices';
import * as r from './reducers';
import * as rel from './relationships';
import type { PlacementContext, PlacementEvent, PlacementInput } from './types';

/** Bump on any change to states or context shape; add a migration in snapshot.ts for the old version. */
export const MACHINE_VERSION = 4;

const LIFECYCLE = (state: string) => stateIn({ active: { lifecycle: state } });

export function createPlacementMachine(book: Rulebook) {
  const cureAllowed = () => parameter<boolean>(book, 'P.lapse-cured-by-late-notice');
  const lastOpen = (ctx: PlacementContext, rule: string) => openDeadlines(ctx, rule).length > 0;

  return setup({
    // XState reads these types from a value it never looks at: its documented idiom is an assertion on an empty object.
    types: {} as { context: PlacementContext; events: PlacementEvent; input: PlacementInput },
    guards: {
      isDraft: LIFECYCLE('draft'),
      isNotified: LIFECYCLE('notified'),
      isPlaced: LIFECYCLE('placed'),
      isEnding: LIFECYCLE('ending'),
      isTransferring: LIFECYCLE('transferring'),
      /** Notice signed or child arrived, and not yet ending or transferring. */
      isLive: or([LIFECYCLE('notified'), LIFECYCLE('placed')]),
      noticeEverSigned: ({ context }) => context.notices.length > 0,
      currentNoticeGiven: ({ context }) => currentNotice(context)?.givenAt != null,
      deliveryPending: ({ context, event }) => (event.type === 'DELIVERY_ACCEPTED' || event.type === 'DELIVERY_FAILED') && deliveryPending(context, event),
      deadlineDue: ({ context, event }) => {
        if (event.type !== 'DEADLINE_ELAPSED') return false;
        const d = context.deadlines.find((x) => x.id === event.deadlineId && x.rule === event.rule);
        // Before-event clocks are decided by the event (arrival, move), never by the time passing.
        return !!d && elapsesByTime(book, d) && notAfter(d.dueAt, event.at);
      },
      orderIsDol: ({ context }) => isDol(book, context.legalBasis.type) && !context.legalBasis.terminatedAt,
      regimeEnded: ({ context }) => context.end !== null,
      endNoticeOwed: ({ context }) => context.deadlines.some((d) => d.rule === 'END.end-notice' && d.metAt === null),
      transferEffective: ({ context }) => context.transfer.effectiveAt !== null,
      recognitionLapsed: ({ context }) => uncuredLapses(book, context, cureAllowed()).some((d) => d.rule.startsWith('C3.') || d.rule.startsWith('C5.')),
      changeWindowOpen: ({ context }) => lastOpen(context, 'C3.order-change-renotify'),
      cureMissed: ({ context }) => context.deadlines.some((d) => d.rule === 'C9.enforcement-cure' && d.status === 'missed' && d.metAt === null),
      advocacyApplies: ({ context, event }) => r.advocacyClocks(book, context.setting, event.at).length > 0,
      moveProposed: ({ context }) => context.proposedMove !== null,
      mayUpdateNotice: or(['isLive', 'isEnding', and(['isTransferring', 'endNoticeOwed'])]),
      wasSuperseded: ({ context }) => context.supersededBy !== null,
      /** The rulebook owes the recipients the end notice after a CSO (P.end-notice-after), and they were told of the placement. */
      endNoticeOnSupersede: ({ context }) => r.endNoticeAfter(book, 'superseded') && context.notices.length > 0,
      hearingDone: stateIn({ active: { transfer: 'hearingHeld' } }),
      /** Duties a rulebook may add; a rulebook without the rule does not accept the event. */
      checksConditions: () => clocksMetBy(book, 'conditions-check').length > 0,
      reportsUrgentTransfers: () => clocksMetBy(book, 'urgent-transfer-report').length > 0,
      urgentTransferUnreported: ({ context }) => context.urgentTransfers.some((t) => t.reportedAt === null),
      atService: ({ context }) => r.atService(context),
      /** The child's voice and relationships are recorded from the draft until the placement stops. */
      mayRecordRelationships: or([LIFECYCLE('draft'), LIFECYCLE('notified'), LIFECYCLE('placed')]),
      hasArrangements: ({ context }) => context.relationships.arrangements.length > 0,
      hasMatters: ({ context }) => context.relationships.advocacyMatters.length > 0,
    },
    actions: {
      issueNotice: assign(({ context, event }) => {
        assertEvent(event, ['NOTICE_SIGNED', 'NOTICE_UPDATED']);
        return issueNotice(book, context, event);
      }),
      recordDelivery: assign(({ context, event }) => {
        assertEvent(event, ['DELIVERY_ACCEPTED', 'DELIVERY_FAILED']);
        return recordDelivery(book, context, event);
      }),
      arrive: assign(({ context, event }) => {
        assertEvent(event, 'CHILD_ARRIVED');
        return r.arrive(book, context, event);
      }),
      openVisitClocks: assign(({ context, event }) => {
        assertEvent(event, 'CHILD_ARRIVED');
        return r.openVisitClocks(book, context, event);
      }),
      openAdvocacyClock: assign(({ context, event }) => {
        assertEvent(event, 'CHILD_ARRIVED');
        return r.openAdvocacyClock(book, context, event);
      }),
      recordVisit: assign(({ context, event }) => {
        assertEvent(event, 'VISIT_RECORDED');
        return r.recordVisit(book, context, event);
      }),
      recordReview: assign(({ context, event }) => {
        assertEvent(event, 'REVIEW_RECORDED');
        return r.recordReview(book, context, event);
      }),
      changeOrder: assign(({ context, event }) => {
        assertEvent(event, 'ORDER_CHANGED');
        return r.changeOrder(book, context, event);
      }),
      extendDol: assign(({ context, event }) => {
        assertEvent(event, 'DOL_EXTENDED');
        return r.extendDol(book, context, event);
      }),
      terminateDol: assign(({ context, event }) => {
        assertEvent(event, 'DOL_TERMINATED');
        return r.terminateDol(book, context, event);
      }),
      proposeMove: assign(({ context, event }) => {
        assertEvent(event, 'MOVE_PROPOSED');
        return r.proposeMove(book, context, event);
      }),
      withdrawMove: assign(({ context, event }) => {
        assertEvent(event, 'MOVE_WITHDRAWN');
        return r.withdrawMove(context, event);
      }),
      completeMove: assign(({ context, event }) => {
        assertEvent(event, 'MOVED');
        return r.completeMove(context, event);
      }),
      endPlacement: assign(({ context, event }) => {
        assertEvent(event, 'PLACEMENT_ENDED');
        return r.endPlacement(book, context, event.at, event.reason);
      }),
      elapse: assign(({ context, event }) => {
        assertEvent(event, 'DEADLINE_ELAPSED');
        return r.elapse(book, context, event);
      }),
      supersede: assign(({ context, event }) => {
        assertEvent(event, 'SCOTTISH_CSO_MADE');
        return r.supersede(context, event);
      }),
      supersedeOwingEndNotice: assign(({ context, event }) => {
        assertEvent(event, 'SCOTTISH_CSO_MADE');
        return r.supersedeOwingEndNotice(book, context, event);
      }),
      checkConditions: assign(({ context, event }) => {
        assertEvent(event, 'CONDITIONS_CHECKED');
        return r.checkConditions(book, context, event);
      }),
      makeUrgentTransfer: assign(({ context, event }) => {
        assertEvent(event, 'URGENT_TRANSFER_MADE');
        return r.makeUrgentTransfer(book, context, event);
      }),
      reportUrgentTransfer: assign(({ context, event }) => {
        assertEvent(event, 'URGENT_TRANSFER_REPORTED');
        return r.reportUrgentTransfer(book, context, event);
      }),
      confirmHostConditions: assign(({ context, event }) => ({
        ...context,
        hostReview: { ...context.hostReview, confirmedAt: event.at, confirmedVersion: currentNotice(context)?.version ?? null },
      })),
      raiseHostQuery: assign(({ context, event }) => {
        assertEvent(event, 'HOST_QUERY_RAISED');
        const query = { raisedAt: event.at, text: event.text, answeredAt: null, answer: null };
        return { ...context, hostReview: { ...context.hostReview, queries: [...context.hostReview.queries, query] } };
      }),
      answerHostQuery: assign(({ context, event }) => {
        assertEvent(event, 'HOST_QUERY_ANSWERED');
        const queries = context.hostReview.queries.map((q) => (q.answeredAt === null ? { ...q, answeredAt: event.at, answer: event.text } : q));
        return { ...context, hostReview: { ...context.hostReview, queries } };
      }),
      decideAdvocacy: assign(({ context, event }) => {
        assertEvent(event, ['ADVOCACY_OFFERED', 'ADVOCACY_NOT_APPROPRIATE']);
        return r.decideAdvocacy(book, context, event);
      }),
      recordAdvocacyDecision: assign(({ context, event }) => ({
        ...context,
        advocacy: { ...context.advocacy, decision: event.type === 'ADVOCACY_ACCEPTED' ? ('accepted' as const) : ('declined' as const), decidedAt: event.at },
      })),
      assignAdvocate: assign(({ context, event }) => {
        assertEvent(event, 'ADVOCATE_ASSIGNED');
        return { ...context, advocacy: { ...context.advocacy, advocate: event.advocate ?? 'assigned' } };
      }),
      issueEnforcement: assign(({ context, event }) => {
        assertEvent(event, 'ENFORCEMENT_NOTICE_ISSUED');
        return r.issueEnforcement(book, context, event);
      }),
      performDuty: assign(({ context, event }) => {
        assertEvent(event, 'DUTY_PERFORMED');
        return r.performDuty(book, context, event);
      }),
      proposeTransfer: assign(({ context, event }) => ({ ...context, transfer: { ...context.transfer, proposedAt: event.at, consentedAt: null } })),
      consentTransfer: assign(({ context, event }) => ({ ...context, transfer: { ...context.transfer, consentedAt: event.at } })),
      refuseTransfer: assign(({ context, event }) => ({
        ...context,
        transfer: { ...context.transfer, proposedAt: null, consentedAt: null, refusedAt: event.at },
      })),
      makeTransferEffective: assign(({ context, event }) => {
        assertEvent(event, 'TRANSFER_EFFECTIVE');
        return r.makeTransferEffective(book, context, event);
      }),
      notifyReporter: assign(({ context, event }) => {
        assertEvent(event, 'REPORTER_NOTIFIED');
        return r.notifyReporter(book, context, event);
      }),
      hearingHeld: assign(({ context, event }) => {
        assertEvent(event, 'HEARING_HELD');
        return r.hearingHeld(book, context, event);
      }),
      confirmServiceEvidence: assign(({ context, event }) => {
        assertEvent(event, 'SERVICE_EVIDENCE_CONFIRMED');
        return r.confirmServiceEvidence(context, event);
      }),
      departService: assign(({ context, event }) => {
        assertEvent(event, 'CHILD_DEPARTED');
        return r.departService(context, event);
      }),
      recordViews: assign(({ context, event }) => {
        assertEvent(event, 'CHILD_VIEWS_RECORDED');
        return rel.recordViews(context, event);
      }),
      recordSibling: assign(({ context, event }) => {
        assertEvent(event, 'SIBLING_RECORDED');
        return rel.recordSibling(context, event);
      }),
      arrangeFamilyTime: assign(({ context, event }) => {
        assertEvent(event, 'FAMILY_TIME_ARRANGED');
        return rel.arrangeFamilyTime(context, event);
      }),
      recordFamilyTime: assign(({ context, event }) => {
        assertEvent(event, 'FAMILY_TIME_RECORDED');
        return rel.recordFamilyTime(context, event);
      }),
      raiseMatter: assign(({ context, event }) => {
        assertEvent(event, 'ADVOCACY_MATTER_RAISED');
        return rel.raiseMatter(context, event);
      }),
      updateMatter: assign(({ context, event }) => {
        assertEvent(event, 'ADVOCACY_MATTER_UPDATED');
        return rel.updateMatter(context, event);
      }),
      // A final state accepts nothing, so no clock may stay open in it (e.g. an enforcement cure).
      closeRemainingClocks: assign(({ context }) => r.closeRemainingClocks(context)),
    },
  }).createMachine({
    id: 'placement',
    context: ({ input }) => r.initialContext(book, input),
    initial: 'active',
    states: {
      active: {
        type: 'parallel',
        on: {
          DEADLINE_ELAPSED: { guard: 'deadlineDue', actions: 'elapse' },
          SCOTTISH_CSO_MADE: [
            // Ending, not final, while the end notice is owed (lifecycle.placed moves on to `ending`).
            { guard: and(['isPlaced', 'endNoticeOnSupersede']), actions: 'supersedeOwingEndNotice' },
            { guard: 'isPlaced', target: '#placement.superseded', actions: 'supersede' },
          ],
          // What the care service records changes no region: the evidence it holds before admitting the child, and
          // the child leaving it (the placing authority then records the move or the end).
          SERVICE_EVIDENCE_CONFIRMED: { guard: or(['isDraft', 'isNotified', 'isPlaced']), actions: 'confirmServiceEvidence' },
          CHILD_DEPARTED: { guard: and([or(['isPlaced', 'isEnding']), 'atService']), actions: 'departService' },
          // The child's voice and relationships: facts recorded beside the legal conditions, never changing them.
          CHILD_VIEWS_RECORDED: { guard: 'mayRecordRelationships', actions: 'recordViews' },
          SIBLING_RECORDED: { guard: 'mayRecordRelationships', actions: 'recordSibling' },
          FAMILY_TIME_ARRANGED: { guard: 'mayRecordRelationships', actions: 'arrangeFamilyTime' },
          FAMILY_TIME_RECORDED: { guard: and(['isPlaced', 'hasArrangements']), actions: 'recordFamilyTime' },
          ADVOCACY_MATTER_RAISED: { guard: 'isPlaced', actions: 'raiseMatter' },
          ADVOCACY_MATTER_UPDATED: { guard: and(['isPlaced', 'hasMatters']), actions: 'updateMatter' },
        },
        states: {
          lifecycle: {
            initial: 'draft',
            states: {
              draft: {
                always: { guard: 'regimeEnded', target: '#placement.ended' },
                on: {
                  NOTICE_SIGNED: { target: 'notified' },
                  CHILD_ARRIVED: { target: 'placed', actions: 'arrive' },
                  PLACEMENT_ENDED: { target: '#placement.ended', actions: 'endPlacement' },
                },
              },
              notified: {
                always: { guard: 'regimeEnded', target: 'ending' },
                on: {
                  CHILD_ARRIVED: { target: 'placed', actions: 'arrive' },
                  PLACEMENT_ENDED: { target: 'ending', actions: 'endPlacement' },
                },
              },
              placed: {
                always: [
                  { guard: 'transferEffective', target: 'transferring' },
                  { guard: 'regimeEnded', target: 'ending' },
                ],
                on: { PLACEMENT_ENDED: { target: 'ending', actions: 'endPlacement' } },
              },
              ending: {
                // Final once the recipients have been told of the end (END.end-notice), or at once if never notified.
                always: [
                  { guard: and([not('endNoticeOwed'), 'wasSuperseded']), target: '#placement.superseded', actions: 'closeRemainingClocks' },
                  { guard: not('endNoticeOwed'), target: '#placement.ended', actions: 'closeRemainingClocks' },
                ],
              },
              transferring: {
                // Final once the hearing was held and any end notice owed (P.end-notice-after) was given.
                always: { guard: and(['hearingDone', not('endNoticeOwed')]), target: '#placement.transferred', actions: 'closeRemainingClocks' },
              },
            },
          },
          notice: {
            initial: 'unsigned',
            on: {
              DELIVERY_ACCEPTED: { guard: 'deliveryPending', actions: 'recordDelivery' },
              DELIVERY_FAILED: { guard: 'deliveryPending', actions: 'recordDelivery' },
            },
            states: {
              unsigned: {
                on: { NOTICE_SIGNED: { guard: or(['isDraft', 'isPlaced']), target: 'sending', actions: 'issueNotice' } },
              },
              sending: {
                always: { guard: 'currentNoticeGiven', target: 'given' },
                on: { NOTICE_UPDATED: { guard: 'mayUpdateNotice', target: 'sending', reenter: true, actions: 'issueNotice' } },
              },
              given: {
                on: { NOTICE_UPDATED: { guard: 'mayUpdateNotice', target: 'sending', actions: 'issueNotice' } },
              },
            },
          },
          legalBasis: {
            initial: 'current',
            on: {
              ORDER_CHANGED: { guard: and(['isLive', 'noticeEverSigned']), target: '.changeWindow', actions: 'changeOrder' },
              DOL_EXTENDED: { guard: and(['isLive', 'orderIsDol']), actions: 'extendDol' },
              DOL_TERMINATED: { guard: and(['isLive', 'orderIsDol']), actions: 'terminateDol' },
            },
            states: {
              current: { always: { guard: 'recognitionLapsed', target: 'lapsed' } },
              changeWindow: {
                always: [
                  { guard: 'recognitionLapsed', target: 'lapsed' },
                  { guard: not('changeWindowOpen'), target: 'current' },
                ],
              },
              lapsed: { always: { guard: not('recognitionLapsed'), target: 'current' } },
            },
          },
          location: {
            initial: 'settled',
            on: {
              URGENT_TRANSFER_MADE: { guard: and(['isPlaced', 'reportsUrgentTransfers']), actions: 'makeUrgentTransfer' },
              URGENT_TRANSFER_REPORTED: { guard: and(['isPlaced', 'urgentTransferUnreported']), actions: 'reportUrgentTransfer' },
            },
            states: {
              settled: { on: { MOVE_PROPOSED: { guard: 'isPlaced', target: 'moving', actions: 'proposeMove' } } },
              moving: {
                always: { guard: not('moveProposed'), target: 'settled' },
                on: {
                  MOVE_PROPOSED: { guard: 'isPlaced', target: 'moving', reenter: true, actions: 'proposeMove' },
                  MOVE_WITHDRAWN: { guard: 'isPlaced', target: 'settled', actions: 'withdrawMove' },
                  MOVED: { guard: 'isPlaced', target: 'settled', actions: 'completeMove' },
                },
              },
            },
          },
          hostReview: {
            initial: 'notReceived',
            on: {
              HOST_QUERY_RAISED: { guard: and(['isLive', 'noticeEverSigned']), target: '.queried', actions: 'raiseHostQuery' },
            },
            states: {
              notReceived: { on: { NOTICE_SIGNED: { guard: or(['isDraft', 'isPlaced']), target: 'awaiting' } } },
              awaiting: {
                on: { HOST_CONDITIONS_CONFIRMED: { guard: 'isLive', target: 'confirmed', actions: 'confirmHostConditions' } },
              },
              confirmed: { on: { NOTICE_UPDATED: { guard: or(['isLive', 'isEnding']), target: 'awaiting' } } },
              queried: { on: { HOST_QUERY_ANSWERED: { guard: or(['isLive', 'isEnding']), target: 'awaiting', actions: 'answerHostQuery' } } },
            },
          },
          advocacy: {
            initial: 'notDue',
            states: {
              notDue: {
                on: { CHILD_ARRIVED: { guard: and(['advocacyApplies', or(['isDraft', 'isNotified'])]), target: 'due', actions: 'openAdvocacyClock' } },
              },
              due: {
                on: {
                  ADVOCACY_OFFERED: { guard: 'isPlaced', target: 'offered', actions: 'decideAdvocacy' },
                  ADVOCACY_NOT_APPROPRIATE: { guard: 'isPlaced', target: 'notAppropriate', actions: 'decideAdvocacy' },
                },
              },
              offered: {
                on: {
                  ADVOCACY_ACCEPTED: { guard: 'isPlaced', target: 'accepted', actions: 'recordAdvocacyDecision' },
                  ADVOCACY_DECLINED: { guard: 'isPlaced', target: 'declined', actions: 'recordAdvocacyDecision' },
                },
              },
              notAppropriate: { on: { ADVOCACY_OFFERED: { guard: 'isPlaced', target: 'offered', actions: 'decideAdvocacy' } } },
              accepted: { on: { ADVOCATE_ASSIGNED: { guard: 'isPlaced', target: 'assigned', actions: 'assignAdvocate' } } },
              declined: { on: { ADVOCACY_OFFERED: { guard: 'isPlaced', target: 'offered', actions: 'decideAdvocacy' } } },
              assigned: { on: { ADVOCATE_ASSIGNED: { guard: 'isPlaced', actions: 'assignAdvocate' } } },
            },
          },
          visits: {
            initial: 'notStarted',
            states: {
              notStarted: { on: { CHILD_ARRIVED: { guard: or(['isDraft', 'isNotified']), target: 'active', actions: 'openVisitClocks' } } },
              active: {
                on: {
                  VISIT_RECORDED: { guard: 'isPlaced', actions: 'recordVisit' },
                  REVIEW_RECORDED: { guard: 'isPlaced', actions: 'recordReview' },
                  CONDITIONS_CHECKED: { guard: and(['isPlaced', 'checksConditions']), actions: 'checkConditions' },
                },
              },
            },
          },
          enforcement: {
            initial: 'none',
            on: { DUTY_PERFORMED: { guard: not(stateIn({ active: { enforcement: 'none' } })), target: '.none', actions: 'performDuty' } },
            states: {
              none: {
                on: {
                  ENFORCEMENT_NOTICE_ISSUED: { guard: or(['isLive', 'isEnding']), target: 'intentNotified', actions: 'issueEnforcement' },
                },
              },
              intentNotified: { always: { guard: 'cureMissed', target: 'cureElapsed' } },
              cureElapsed: { on: { SHERIFF_APPLICATION_MADE: { target: 'sheriffApplied' } } },
              sheriffApplied: { on: { ENFORCEMENT_ORDER_MADE: { target: 'ordered' } } },
              ordered: {},
            },
          },
          transfer: {
            initial: 'none',
            states: {
              none: { on: { TRANSFER_PROPOSED: { guard: 'isPlaced', target: 'proposed', actions: 'proposeTransfer' } } },
              proposed: {
                on: {
                  TRANSFER_CONSENTED: { guard: 'isPlaced', target: 'consented', actions: 'consentTransfer' },
                  TRANSFER_REFUSED: { guard: 'isPlaced', target: 'none', actions: 'refuseTransfer' },
                },
              },
              consented: { on: { TRANSFER_EFFECTIVE: { guard: 'isPlaced', target: 'effective', actions: 'makeTransferEffective' } } },
              effective: { on: { REPORTER_NOTIFIED: { target: 'reporterNotified', actions: 'notifyReporter' } } },
              reporterNotified: { on: { HEARING_HELD: { target: 'hearingHeld', actions: 'hearingHeld' } } },
              hearingHeld: {},
            },
          },
        },
      },
      ended: { type: 'final' },
      superseded: { type: 'final' },
      transferred: { type: 'final' },
    },
  });
}

export type PlacementMachine = ReturnType<typeof createPlacementMachine>;
