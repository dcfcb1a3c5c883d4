// Legal status: does this child's order have effect in Scotland right now, and which rule says so.
// Derived from the snapshot in a fixed order (design.md), never stored apart from it.
import { findRule, parameter, type Rulebook } from '../rulebook';
import { clockRule, isBeforeArrival, uncuredLapses } from './deadlines';
import { currentNotice, outstandingRecipients } from './notices';
import type { Deadline, PlacementContext } from './types';

export const LEGAL_STATUS_CODES = ['pending', 'recognised', 'at-risk', 'unrecognised', 'ended', 'superseded', 'transferred'] as const;
export type LegalStatusCode = (typeof LEGAL_STATUS_CODES)[number];

/** The machine's final states: a placement in one accepts nothing more. */
export const FINAL_STATES: readonly string[] = ['ended', 'superseded', 'transferred'];

export interface Reason {
  rule: string;
  citation: string;
  text: string;
}

export interface LegalStatus {
  code: LegalStatusCode;
  reasons: Reason[];
}

/** A snapshot's value as XState gives it: a final state name or the parallel regions' states. */
export type PlacementStateValue = string | { active: Record<string, string> };

export function lifecycleOf(value: PlacementStateValue): string {
  return typeof value === 'string' ? value : value.active.lifecycle;
}

const reason = (book: Rulebook, rule: string, text: string, citation?: string): Reason => ({
  rule,
  citation: citation ?? findRule(book, rule).citation,
  text,
});

const deadlineReason = (book: Rulebook, d: Deadline, text: string): Reason => reason(book, d.rule, text, d.citation);

export function deriveLegalStatus(book: Rulebook, value: PlacementStateValue, ctx: PlacementContext): LegalStatus {
  const lifecycle = lifecycleOf(value);

  // A rulebook that owes the end notice after a CSO keeps the placement `ending` until it is given; it is superseded.
  if (lifecycle === 'superseded' || (lifecycle === 'ending' && ctx.supersededBy))
    return {
      code: 'superseded',
      reasons: [
        reason(
          book,
          'C6.scottish-cso',
          `A Scottish ${ctx.supersededBy?.interim ? 'interim ' : ''}compulsory supervision order was made at ${ctx.supersededBy?.at}; the order no longer has effect under this regime.`,
        ),
      ],
    };
  if (lifecycle === 'transferred' || lifecycle === 'transferring')
    return {
      code: 'transferred',
      reasons: [reason(book, 'C10.host-consent', `Part 15 transfer took effect at ${ctx.transfer.effectiveAt}; the host authority is now responsible.`)],
    };
  if (lifecycle === 'ended' || lifecycle === 'ending') {
    const ageEnded = ctx.deadlines.find((d) => d.rule === 'C11.age-18' && d.status === 'met');
    return {
      code: 'ended',
      reasons: [
        ageEnded
          ? deadlineReason(book, ageEnded, `The child reached 18 at ${ageEnded.dueAt}.`)
          : reason(book, 'END.end-notice', `The placement ended at ${ctx.end?.at ?? 'an unrecorded time'}: ${ctx.end?.reason ?? 'withdrawn before notice'}.`),
      ],
    };
  }

  if (ctx.arrivedAt === null) {
    const notice = currentNotice(ctx);
    const text = !notice
      ? 'The child has not arrived; the Notice and Undertaking is not yet signed.'
      : notice.givenAt
        ? `The child has not arrived; notice version ${notice.version} was given at ${notice.givenAt}.`
        : `The child has not arrived; notice version ${notice.version} is awaiting acceptance by: ${outstandingRecipients(notice)
            .map((r) => r.role)
            .join(', ')}.`;
    const reasons = [reason(book, 'C1.notice-before-arrival', text)];
    // Duties that the arrival will decide besides the first notice (an order changed before arrival).
    for (const d of ctx.deadlines.filter((x) => x.status === 'open' && x.rule !== 'C1.notice-before-arrival' && isBeforeArrival(book, x.rule)))
      reasons.push(deadlineReason(book, d, `${clockRule(book, d.rule).title}: not yet given; the child must not arrive before it is.`));
    if (noOrderInForce(book, ctx))
      reasons.push(reason(book, 'C5.no-order-in-force', `The order was terminated at ${ctx.legalBasis.terminatedAt}; no other order is recorded.`));
    return { code: 'pending', reasons };
  }

  const lateAllowed = parameter<boolean>(book, 'P.late-notice-allowed');
  const lapses = uncuredLapses(book, ctx, parameter<boolean>(book, 'P.lapse-cured-by-late-notice'))
    // Where late notice is allowed, the late-notice window (C12) governs instead of the arrival itself.
    .filter((d) => !(lateAllowed && d.rule === 'C1.notice-before-arrival'));
  const noOrder = noOrderInForce(book, ctx);
  if (lapses.length > 0 || noOrder) {
    return {
      code: 'unrecognised',
      reasons: [
        ...lapses.map((d) =>
          d.rule === 'C1.notice-before-arrival'
            ? deadlineReason(
                book,
                d,
                `The child arrived at ${ctx.arrivedAt} before the notice was given to every required recipient${d.metAt ? ` (given late at ${d.metAt})` : ''}.`,
              )
            : isBeforeArrival(book, d.rule)
              ? deadlineReason(
                  book,
                  d,
                  `The child arrived at ${ctx.arrivedAt} before this was done: ${clockRule(book, d.rule).title}${d.metAt ? ` (done late at ${d.metAt})` : ''}.`,
                )
              : deadlineReason(book, d, `${clockRule(book, d.rule).title}: due ${d.dueAt}, missed${d.metAt ? ` (done late at ${d.metAt})` : ''}.`),
        ),
        ...(noOrder
          ? [
              reason(
                book,
                'C5.no-order-in-force',
                `The order was terminated at ${ctx.legalBasis.terminatedAt} and no other order is recorded: no order is in force to have effect in Scotland.`,
              ),
            ]
          : []),
      ],
    };
  }

  const atRisk = ctx.deadlines.filter((d) => d.status === 'open' && clockRule(book, d.rule).atRiskWhileOpen);
  if (atRisk.length > 0) {
    return {
      code: 'at-risk',
      reasons: atRisk.map((d) => deadlineReason(book, d, `${clockRule(book, d.rule).title}: open, due ${d.dueAt}.`)),
    };
  }

  const c1 = ctx.deadlines.find((d) => d.rule === 'C1.notice-before-arrival');
  const c12 = ctx.deadlines.find((d) => d.rule === 'C12.late-notice' && d.status === 'met');
  const basis = c12 ?? c1;
  return {
    code: 'recognised',
    reasons: [
      basis
        ? deadlineReason(
            book,
            basis,
            `The notice was given to every required recipient at ${basis.metAt}, ${basis === c12 ? 'within the late-notice window after' : 'before'} the child arrived at ${ctx.arrivedAt}; no recognition window is open.`,
          )
        : reason(book, 'C1.notice-before-arrival', 'The notice was given before arrival; no recognition window is open.'),
    ],
  };
}

/** The order was terminated and none replaced it, where the rulebook says a terminated order has no effect. */
export function noOrderInForce(book: Rulebook, ctx: PlacementContext): boolean {
  return !!ctx.legalBasis.terminatedAt && parameter<boolean>(book, 'P.terminated-order-has-effect') === false;
}
