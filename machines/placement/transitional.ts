// Placements that began before SSI 2026/31 came into force: under the 2022 deprivation of liberty scheme or a
// 2013 transfer. Their history is replayed under the rulebook of the scheme it happened under, every clock that
// fell due before the coming into force decided by that scheme; on that day the placement is carried onto the
// 2026 rulebook: open clocks the two schemes set alike go on (cited to the 2026 rule), the others close and open
// again as the 2026 rule sets them, and the duties the 2026 rulebook adds for a child already placed open then.
// Pure: every time arrives as data.
import { startOfLocalDay } from '../calendar';
import { getRulebook, type Rulebook } from '../rulebook';
import { ageLimitReachedAt, dolExpiry, spanEnd } from './clock';
import { cancel, clockCitation, clockRule, clocksOpenedBy, elapsesByTime, openDeadline, type ClockLike } from './deadlines';
import type { FieldError } from './legal-basis';
import { advocacyClocks, openSpan } from './reducers';
import { applyEvent, migrate, startPlacement, type PersistedPlacement } from './snapshot';
import { FINAL_STATES, lifecycleOf } from './status';
import type { Deadline, PlacementContext, PlacementEvent, PlacementInput, Signatory, UserEvent } from './types';

/** The instant a placement is carried onto `to`: the start of the day `to` came into force, in Scotland. */
export const carryOverInstant = (to: Rulebook): string => startOfLocalDay(to.inForceFrom);

/** The scheme a rulebook id belongs to: `ssi-2022-225@1` -> `ssi-2022-225`. */
export const schemeOf = (rulebookId: string): string => rulebookId.split('@')[0];

const sameClock = (a: ClockLike, b: ClockLike) =>
  JSON.stringify([('clock' in a ? a.clock : null) ?? null, 'byNation' in a ? a.byNation : null, a.metBy, a.missedEffect]) ===
  JSON.stringify([('clock' in b ? b.clock : null) ?? null, 'byNation' in b ? b.byNation : null, b.metBy, b.missedEffect]);

const appendNote = (d: Deadline, note: string): Deadline => ({ ...d, note: d.note ? `${d.note}; ${note}` : note });

/** A clock the scheme set that `to` sets differently (or not at all), opened again as `to` sets it. */
function reopen(to: Rulebook, ctx: PlacementContext, d: Deadline, at: string, note: string): PlacementContext {
  const rule = to.clocks[d.rule];
  const visit = to.visits[d.rule];
  if (visit) return openDeadline(to, ctx, d.rule, at, spanEnd(to, visit.byNation[ctx.placingNation].span, d.openedAt), note);
  if (!rule) return ctx;
  switch (rule.clock.kind) {
    case 'span':
      // An order change's window counts from the day the order was made (as changeOrder opens it); the others from when they opened.
      return openSpan(to, ctx, d.rule, d.openedAt, d.rule === 'C3.order-change-renotify' ? ctx.legalBasis.madeOn : undefined, note, d.subject);
    case 'at-instant': {
      const instant = rule.clock.instant;
      const due =
        instant === 'current-dol-expiry'
          ? dolExpiry(to, ctx.legalBasis)
          : instant === 'eighteenth-birthday'
            ? ageLimitReachedAt(to, ctx.child.dateOfBirth)
            : d.dueAt;
      return openDeadline(to, ctx, d.rule, at, due, note);
    }
    case 'before-event':
      return openDeadline(to, ctx, d.rule, at, d.dueAt, note);
  }
}

/**
 * Carries a placement begun under an earlier scheme onto `to` at `at`. A placement already final stays under its
 * scheme (the 2026 rules never applied to it). `from` lets a test try a changed scheme rulebook under the same id.
 */
export function carryOver(p: PersistedPlacement, to: Rulebook, at: string, from: Rulebook = getRulebook(migrate(p).rulebookId)): PersistedPlacement {
  const m = migrate(p);
  if (typeof m.value === 'string' || FINAL_STATES.includes(lifecycleOf(m.value))) return m;
  const day = at.slice(0, 10);
  let ctx: PlacementContext = {
    ...m.context,
    rulebookId: to.id,
    transitional: {
      scheme: m.context.transitional?.scheme ?? schemeOf(from.id),
      schemeRulebookId: m.context.transitional?.schemeRulebookId ?? from.id,
      instrument: m.context.transitional?.instrument ?? from.instrument,
      carriedOverAt: at,
      carriedOverTo: to.id,
    },
  };
  const carried = `carried over from ${from.instrument} to ${to.instrument} on ${day}`;
  for (const d of m.context.deadlines.filter((x) => x.status === 'open')) {
    const next = to.clocks[d.rule] ?? to.visits[d.rule];
    if (next && sameClock(clockRule(from, d.rule), next)) {
      ctx = { ...ctx, deadlines: ctx.deadlines.map((x) => (x.id === d.id ? appendNote({ ...x, citation: clockCitation(to, ctx, d.rule) }, carried) : x)) };
      continue;
    }
    ctx = cancel(ctx, (x) => x.id === d.id, at);
    ctx = { ...ctx, deadlines: ctx.deadlines.map((x) => (x.id === d.id ? appendNote(x, `ended with ${from.instrument} on ${day}`) : x)) };
    if (next) ctx = reopen(to, ctx, d, at, `${to.instrument} from ${day}, in place of the clock of ${from.instrument}`);
  }
  const value = { active: { ...m.value.active } };
  const lifecycle = value.active.lifecycle;
  const live = lifecycle === 'notified' || lifecycle === 'placed';
  if (live) for (const rule of clocksOpenedBy(to, 'CARRIED_OVER')) ctx = openSpan(to, ctx, rule, at);
  if (lifecycle === 'placed') {
    // Duties the 2026 rulebook opens at arrival that the scheme did not have: they run from the carry-over.
    for (const rule of clocksOpenedBy(to, 'CHILD_ARRIVED').filter((r) => !ctx.deadlines.some((d) => d.rule === r)))
      ctx = openSpan(to, ctx, rule, at, undefined, `${to.instrument} duty for a child already placed, from ${day}`);
    if (value.active.advocacy === 'notDue') {
      const rules = advocacyClocks(to, ctx.setting, at);
      for (const rule of rules) ctx = openSpan(to, ctx, rule, at, undefined, `${to.instrument} duty for a child already placed, from ${day}`);
      if (rules.length) value.active.advocacy = 'due';
    }
  }
  return { ...m, rulebookId: to.id, value, context: ctx };
}

/** A placement just started under an earlier scheme's rulebook, marked as begun under it. */
export const beginTransitional = (p: PersistedPlacement, scheme: Rulebook): PersistedPlacement => ({
  ...p,
  context: {
    ...p.context,
    transitional: { scheme: schemeOf(scheme.id), schemeRulebookId: scheme.id, instrument: scheme.instrument, carriedOverAt: null, carriedOverTo: null },
  },
});

/** Elapses, at their due times, the clocks due before `at` (as the scheduler would have): for a carry-over at `at`. */
export function elapseBefore(p: PersistedPlacement, at: string): PersistedPlacement {
  let current = p;
  for (let guard = 0; guard < 500; guard++) {
    const book = getRulebook(current.rulebookId);
    const due = current.context.deadlines
      .filter((d) => elapsesByTime(book, d) && Date.parse(d.dueAt) < Date.parse(at))
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
    if (!due) break;
    const r = applyEvent(current, { type: 'DEADLINE_ELAPSED', deadlineId: due.id, rule: due.rule, at: due.dueAt });
    if (!r.ok) break;
    current = r.placement;
  }
  return current;
}

/** A notice given by other means before the placement was recorded here: signed and accepted by every statutory recipient at `at`. */
export interface NoticeGiven {
  type: 'NOTICE_GIVEN';
  at: string;
  signatory: Signatory;
}

/** What happened to a placement before it was recorded here, oldest first. */
export type HistoryEvent = Exclude<UserEvent, { type: 'NOTICE_SIGNED' | 'NOTICE_UPDATED' }> | NoticeGiven;

/** One change the replay made, in order: what the audit log records for it. */
export type ReplayStep =
  | { kind: 'event'; event: PlacementEvent; history: number }
  | { kind: 'elapsed'; event: Extract<PlacementEvent, { type: 'DEADLINE_ELAPSED' }> }
  | { kind: 'carried-over'; at: string; from: string; to: string; deadlines: { carried: string[]; closed: string[]; opened: string[] } };

export interface TransitionalReplayInput {
  /** The draft, with `rulebookId` the rulebook of the scheme it began under. */
  input: PlacementInput;
  history: HistoryEvent[];
  /** The rulebook it is carried onto (the active one). */
  to: Rulebook;
  /** When the replay is made: a placement is carried over only once `to` is in force. */
  now: string;
}

export type TransitionalReplay =
  | {
      ok: true;
      placement: PersistedPlacement;
      steps: ReplayStep[];
      carriedOver: boolean;
      /** Before its history: as first recorded. */
      started: PersistedPlacement;
    }
  | { ok: false; errors: FieldError[] };

/** What a notice given by other means records for each statutory recipient. */
export const GIVEN_BY_OTHER_MEANS = 'given by other means before this service held the placement';

/**
 * Replays a placement's history: under its scheme's rulebook until `to` came into force, then carried over and
 * under `to`. Clocks that fell due between two events elapse at their due time, as the scheduler would have done;
 * a clock still open after the last event is left to the scheduler (or the read that projects it to now).
 */
export function replayTransitional({ input, history, to, now }: TransitionalReplayInput): TransitionalReplay {
  const scheme = getRulebook(input.rulebookId);
  const started = startPlacement(input);
  if (!started.ok) return { ok: false, errors: started.errors };
  let p = beginTransitional(started.placement, scheme);
  const first = p;
  const steps: ReplayStep[] = [];
  const cutoff = carryOverInstant(to);
  let carried = false;

  // Clocks due before `t` elapse at their due times, each step recorded; one due exactly at `t` waits (the act may meet it).
  const elapseUntil = (t: string): FieldError[] => {
    for (let guard = 0; guard < 500; guard++) {
      const book = getRulebook(p.rulebookId);
      const due = p.context.deadlines
        .filter((d) => elapsesByTime(book, d) && Date.parse(d.dueAt) < Date.parse(t))
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
      if (!due) return [];
      const event = { type: 'DEADLINE_ELAPSED' as const, deadlineId: due.id, rule: due.rule, at: due.dueAt };
      const r = applyEvent(p, event);
      if (!r.ok) return [{ path: 'history', message: `the clock ${due.rule} could not elapse at ${due.dueAt}` }];
      p = r.placement;
      steps.push({ kind: 'elapsed', event });
    }
    return [];
  };
  const carry = (): FieldError[] => {
    carried = true;
    const errors = elapseUntil(cutoff);
    if (errors.length) return errors;
    const before = p;
    p = carryOver(p, to, cutoff);
    if (p.rulebookId !== to.id) return [];
    const was = new Map(before.context.deadlines.map((d) => [d.id, d]));
    steps.push({
      kind: 'carried-over',
      at: cutoff,
      from: before.rulebookId,
      to: to.id,
      deadlines: {
        carried: p.context.deadlines.filter((d) => was.get(d.id)?.status === 'open' && d.status === 'open').map((d) => d.id),
        closed: p.context.deadlines.filter((d) => was.get(d.id)?.status === 'open' && d.status !== 'open').map((d) => d.id),
        opened: p.context.deadlines.filter((d) => !was.has(d.id)).map((d) => d.id),
      },
    });
    return [];
  };

  for (let i = 0; i < history.length; i++) {
    const e = history[i];
    const path = `history[${i}]`;
    if (i > 0 && Date.parse(e.at) < Date.parse(history[i - 1].at))
      return { ok: false, errors: [{ path: `${path}.at`, message: 'must not be before the event before it (the history is in time order)' }] };
    if (Date.parse(e.at) > Date.parse(now)) return { ok: false, errors: [{ path: `${path}.at`, message: 'must not be in the future' }] };
    if (!carried && Date.parse(e.at) >= Date.parse(cutoff)) {
      const errors = carry();
      if (errors.length) return { ok: false, errors };
    }
    const elapsed = elapseUntil(e.at);
    if (elapsed.length) return { ok: false, errors: elapsed };
    const events: PlacementEvent[] =
      e.type === 'NOTICE_GIVEN' ? [{ type: p.context.notices.length ? 'NOTICE_UPDATED' : 'NOTICE_SIGNED', signatory: e.signatory, at: e.at }] : [e];
    for (let k = 0; k < events.length; k++) {
      const r = applyEvent(p, events[k]);
      if (!r.ok)
        return {
          ok: false,
          errors:
            r.reason === 'invalid'
              ? r.errors.map((x) => ({ path: `${path}.${x.path}`, message: x.message }))
              : [{ path: `${path}.type`, message: `${e.type} cannot be recorded here: ${r.message}` }],
        };
      p = r.placement;
      steps.push({ kind: 'event', event: events[k], history: i });
      if (e.type === 'NOTICE_GIVEN' && k === 0) {
        const version = p.context.notices[p.context.notices.length - 1];
        for (const recipient of version.recipients.filter((x) => x.required))
          events.push({ type: 'DELIVERY_ACCEPTED', version: version.version, recipient: recipient.role, messageId: GIVEN_BY_OTHER_MEANS, at: e.at });
      }
    }
  }
  if (!carried && Date.parse(now) >= Date.parse(cutoff)) {
    const errors = carry();
    if (errors.length) return { ok: false, errors };
  }
  return { ok: true, placement: p, steps, carriedOver: p.rulebookId === to.id && scheme.id !== to.id, started: first };
}
