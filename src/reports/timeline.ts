// A placement's compliance timeline (GET /api/placements/{id}/timeline): every milestone a reviewer
// audits (regulations.md §5) with its due time, actual time and the rule that set it. Computed from the
// snapshot and the audit entries on every read, never stored, so it can never disagree with them.
// Pure: no clock, no I/O (the caller passes the snapshot already projected to now).
import { CalendarCoverageError, localDate, workingDaysBetween } from '../../machines/calendar';
import type { Deadline, NoticeVersion, PlacementContext } from '../../machines/placement';
import type { Rulebook, Setting, Span } from '../../machines/rulebook';
import { deadlineOutcome, hoursBetween, isBeforeEventClock, round2, type MilestoneStatus } from './outcome';

export interface Milestone {
  rule: string;
  label: string;
  citation: string;
  dueAt: string | null;
  at: string | null;
  status: MilestoneStatus;
  detail?: Record<string, unknown>;
}

/** What the timeline needs of an audit entry (the route maps stored entries to this). */
export interface TimelineAuditEntry {
  type: string;
  at: string;
  payload: Record<string, unknown>;
}

/**
 * The host authority's confirmation is not a legal clock for a temporary placement (the host is
 * informed, not asked), so it has no rule of its own in the rulebook; this id names the recorded check.
 */
export const HOST_CONFIRMATION_RULE = 'HOST.confirmation';
const HOST_CONFIRMATION_CITATION =
  'Not a legal clock: the host authority records that the notice is complete and the conditions are met (domain summary §1). ' +
  'For a Part 15 permanent transfer the legal gate is C10.host-consent.';

const ms = Date.parse;

export function buildTimeline(book: Rulebook, ctx: PlacementContext, audit: readonly TimelineAuditEntry[]): Milestone[] {
  const milestones = [
    ...ctx.deadlines.map((d) => deadlineMilestone(book, ctx, d)),
    ...ctx.notices.flatMap((n) => noticeMilestones(book, ctx, n)),
    ...hostMilestones(ctx, audit),
    ...dolExtensionMilestones(book, ctx, audit),
    ...endMilestones(book, ctx),
  ];
  // Chronological by what happened, else by when it falls due; undated ones last (sort is stable).
  const key = (m: Milestone) => {
    const t = m.at ?? m.dueAt;
    return t === null ? Infinity : ms(t);
  };
  return milestones.sort((a, b) => key(a) - key(b));
}

function ruleTitle(book: Rulebook, rule: string): string {
  return (book.clocks[rule] ?? book.visits[rule])?.title ?? rule;
}

function deadlineMilestone(book: Rulebook, ctx: PlacementContext, d: Deadline): Milestone {
  const status = deadlineOutcome(d.status, d.metAt);
  const timing = isBeforeEventClock(book, d.rule) ? beforeEventTiming(book, ctx, d) : spanTiming(book, ctx, d, status);
  const detail = { ...timing, ...(d.note ? { note: d.note } : {}) };
  return {
    rule: d.rule,
    label: ruleTitle(book, d.rule),
    citation: d.citation,
    dueAt: d.dueAt,
    at: d.metAt,
    status,
    ...(Object.keys(detail).length ? { detail } : {}),
  };
}

/** The span a clock counts, as it applies to this placement (home-nation clocks per placing nation). */
function spanOf(book: Rulebook, ctx: PlacementContext, rule: string): Span | null {
  const clock = book.clocks[rule]?.clock;
  if (clock?.kind === 'span') return clock.span;
  return book.visits[rule]?.byNation[ctx.placingNation]?.span ?? null;
}

const calendarDaysBetween = (fromDate: string, toDate: string) => Math.round((ms(toDate) - ms(fromDate)) / 86_400_000);

/**
 * How early or late the act was, in the clock's own measure: working days in the rule's calendar for a
 * working-day clock (the law counts days, not hours), else hours and London calendar days.
 */
function spanTiming(book: Rulebook, ctx: PlacementContext, d: Deadline, status: MilestoneStatus): Record<string, unknown> {
  if (!d.metAt || (status !== 'met' && status !== 'late')) return {};
  const late = status === 'late';
  const [from, to] = late ? [d.dueAt, d.metAt] : [d.metAt, d.dueAt];
  const key = late ? 'lateBy' : 'earlyBy';
  const span = spanOf(book, ctx, d.rule);
  if (span?.unit === 'working-days') {
    try {
      return { [key]: { workingDays: workingDaysBetween(localDate(from), localDate(to), span.calendar), calendar: span.calendar } };
    } catch (e) {
      // A bank-holiday table ends; fall through to hours rather than guess the working days.
      if (!(e instanceof CalendarCoverageError)) throw e;
    }
  }
  return { [key]: { hours: round2(hoursBetween(ms(from), ms(to))), days: calendarDaysBetween(localDate(from), localDate(to)) } };
}

/** A before-event clock is decided by the event (arrival, move): show the lead time before it. */
function beforeEventTiming(book: Rulebook, ctx: PlacementContext, d: Deadline): Record<string, unknown> {
  const clock = book.clocks[d.rule].clock;
  const arrival = clock.kind === 'before-event' && clock.event === 'CHILD_ARRIVED';
  const eventAt = arrival ? ctx.arrivedAt : (ctx.moves.find((m) => ms(m.at) >= ms(d.openedAt))?.at ?? null);
  if (!eventAt) return {};
  const [before, after, at] = arrival ? ['beforeArrival', 'afterArrival', 'arrivedAt'] : ['beforeMove', 'afterMove', 'movedAt'];
  if (!d.metAt) return { [at]: eventAt };
  const lead = round2(hoursBetween(ms(d.metAt), ms(eventAt)));
  return lead >= 0 ? { [before]: { hours: lead } } : { [after]: { hours: -lead } };
}

function recipientLabel(book: Rulebook, setting: Setting, role: string): string {
  return book.recipients[setting]?.find((r) => r.role === role)?.label ?? role;
}

/** Whether an act at `at` was in time for a clock the notice answered. */
function inTimeFor(book: Rulebook, d: Deadline, at: string): boolean {
  if (d.status === 'cancelled') return true;
  return isBeforeEventClock(book, d.rule) ? d.status === 'met' : ms(at) <= ms(d.dueAt);
}

/** One per notice version and recipient (C1.notice-given): every required recipient must be reached. */
function noticeMilestones(book: Rulebook, ctx: PlacementContext, n: NoticeVersion): Milestone[] {
  const answered = ctx.deadlines.filter((d) => n.answers.includes(d.id));
  const dueAt = answered.reduce<string | null>((min, d) => (min === null || ms(d.dueAt) < ms(min) ? d.dueAt : min), null);
  const citation = book.conditions['C1.notice-given']?.citation ?? '';
  return n.recipients
    .filter((r) => r.required || r.status === 'accepted')
    .map((r) => {
      const at = r.status === 'accepted' ? r.at : null;
      const status: MilestoneStatus =
        at !== null ? (answered.every((d) => inTimeFor(book, d, at)) ? 'met' : 'late') : n.supersededAt ? 'not-applicable' : 'open';
      return {
        rule: 'C1.notice-given',
        label: `Notice version ${n.version} accepted by ${recipientLabel(book, n.setting, r.role)}`,
        citation,
        dueAt,
        at,
        status,
        detail: {
          version: n.version,
          recipient: r.role,
          reasons: n.reasons,
          ...(r.status === 'failed' ? { deliveryFailed: r.detail ?? true } : {}),
          ...(at === null && n.supersededAt ? { supersededAt: n.supersededAt } : {}),
        },
      };
    });
}

/** The notice version in force at `at` (the newest signed by then). */
const versionAt = (ctx: PlacementContext, at: string) => [...ctx.notices].reverse().find((n) => ms(n.signedAt) <= ms(at))?.version ?? null;

function hostMilestones(ctx: PlacementContext, audit: readonly TimelineAuditEntry[]): Milestone[] {
  const confirmed = audit.filter((e) => e.type === 'HOST_CONDITIONS_CONFIRMED').map((e) => e.at);
  // Without audit entries (unit use), the context still holds the latest confirmation.
  if (confirmed.length === 0 && ctx.hostReview.confirmedAt) confirmed.push(ctx.hostReview.confirmedAt);
  const base = { rule: HOST_CONFIRMATION_RULE, citation: HOST_CONFIRMATION_CITATION, dueAt: null };
  const out: Milestone[] = confirmed.map((at) => {
    const version = versionAt(ctx, at);
    return { ...base, label: `Host authority confirmed notice version ${version ?? '?'}`, at, status: 'met', detail: { noticeVersion: version } };
  });
  const current = ctx.notices[ctx.notices.length - 1];
  const live = !ctx.end && !ctx.supersededBy && !ctx.transfer.effectiveAt;
  if (current && live && (ctx.hostReview.confirmedVersion ?? 0) < current.version) {
    const openQueries = ctx.hostReview.queries.filter((q) => q.answeredAt === null).length;
    out.push({
      ...base,
      label: `Host authority confirmation of notice version ${current.version}`,
      at: null,
      status: 'open',
      detail: { noticeVersion: current.version, openQueries },
    });
  }
  return out;
}

/** Each DoL extension the court made, due before the period it extends ran out. */
function dolExtensionMilestones(book: Rulebook, ctx: PlacementContext, audit: readonly TimelineAuditEntry[]): Milestone[] {
  const notices = ctx.deadlines.filter((d) => d.rule === 'C5.dol-extension-notice');
  const fromAudit = audit
    .filter((e) => e.type === 'DOL_EXTENDED')
    .map((e) => ({ at: e.at, expiresAt: typeof e.payload.expiresAt === 'string' ? e.payload.expiresAt : null }));
  const extensions = fromAudit.length ? fromAudit : notices.map((d) => ({ at: d.openedAt, expiresAt: null }));
  return extensions.map(({ at, expiresAt }) => {
    const previousEnd = notices.find((d) => ms(d.openedAt) === ms(at))?.dueAt ?? null;
    return {
      rule: 'C5.dol-expiry',
      label: `DoL order extended by the court${expiresAt ? ` to ${expiresAt}` : ''}`,
      citation: book.clocks['C5.dol-expiry']?.citation ?? '',
      dueAt: previousEnd,
      at,
      status: previousEnd === null || ms(at) <= ms(previousEnd) ? 'met' : 'late',
      ...(expiresAt ? { detail: { expiresAt } } : {}),
    };
  });
}

/** The end of the placement and whether the recipients were told of it (the undertaking). */
function endMilestones(book: Rulebook, ctx: PlacementContext): Milestone[] {
  if (!ctx.end) return [];
  const notice = [...ctx.deadlines].reverse().find((d) => d.rule === 'END.end-notice');
  const base = {
    rule: 'END.end-notice',
    label: 'End of the placement notified to every required recipient',
    citation: book.clocks['END.end-notice']?.citation ?? '',
  };
  const ended = { endedAt: ctx.end.at, reason: ctx.end.reason };
  if (!notice)
    return [{ ...base, dueAt: null, at: null, status: 'not-applicable', detail: { ...ended, note: 'No notice had been given, so no end notice was owed.' } }];
  return [{ ...base, dueAt: notice.dueAt, at: notice.metAt, status: deadlineOutcome(notice.status, notice.metAt), detail: ended }];
}
