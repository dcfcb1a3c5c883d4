// Moving a running placement to another rulebook version. The placement is rebuilt by replaying what
// happened to it (its stored audit events) under the target rulebook, so every clock is recomputed as
// that rulebook sets it; the plan says what would change before anyone confirms it. Pure.
import { isOneOf } from '../guards';
import { diffRulebooks, getRulebook, type RecipientRole, type Rulebook } from '../rulebook';
import type { z } from 'zod';
import { DraftSchema, SYSTEM_EVENT_TYPES, SystemEventSchema, UserEventSchema, type Draft } from './events';
import { applyEvent, elapseDue, migrate, startPlacement, viewOf, type PersistedPlacement } from './snapshot';
import { beginTransitional, carryOver, elapseBefore } from './transitional';
import type { LegalStatus } from './status';
import type { Deadline, PlacementContext, PlacementEvent, PlacementInput } from './types';

/** One stored audit entry of the placement, oldest first: its type, when it happened, and its payload. */
export interface StoredEvent {
  type: string;
  at: string;
  /**
   * For a placement event, the event as the engine applied it (`{ ...event }`); for PLACEMENT_CREATED (or PLACEMENT_IMPORTED,
   * with `schemeRulebookId`), the draft without the child's identity; TRANSITIONAL_CARRY_OVER marks the carry-over onto SSI 2026/31.
   */
  payload: Record<string, unknown>;
}

export interface RulebookMigrationInput {
  /** The stored snapshot (any machine version the machine can migrate). */
  placement: PersistedPlacement;
  /** Its audit entries in order (PLACEMENT_CREATED first); entries that are not placement events are passed over. */
  events: StoredEvent[];
  to: Rulebook;
  /** When the plan is made: the time at which the legal status before and after is compared. */
  now: string;
  /** A fact the old rulebook had no field for: when the child became looked after (P.review-cycle-from). */
  lookedAfterSince?: string;
}

export interface DeadlineChange {
  before: Deadline;
  after: Deadline;
  /** Fields that differ: dueAt, status, metAt, closedAt, citation, alternativeDueAt. */
  fields: (keyof Deadline)[];
}

export interface SkippedEvent {
  /** Position in `events`. */
  index: number;
  type: string;
  at: string;
  reason: string;
}

export interface RulebookMigrationPlan {
  placementId: string;
  from: string;
  to: string;
  now: string;
  /** false: the placement could not be rebuilt under `to` (see `problems`); nothing should be written. */
  ok: boolean;
  problems: string[];
  /** The rebuilt placement, as it would be stored (not projected to `now`: the sweep fires what is due). */
  placement: PersistedPlacement | null;
  /** The answer at `now`, under each rulebook (overdue clocks elapsed, as GET /placements/{id} shows it). */
  legalStatus: { before: LegalStatus; after: LegalStatus | null };
  lifecycle: { before: string; after: string | null };
  /** The migration would make the placement unrecognised: list it, and ask for its own confirmation. */
  becomesUnrecognised: boolean;
  /** Stored deadlines compared with the rebuilt ones, matched by rule and opening time. */
  deadlines: { added: Deadline[]; removed: Deadline[]; changed: DeadlineChange[]; unchanged: number };
  /** Whether the current notice would need re-issuing under `to`, and why. */
  notices: {
    reissue: boolean;
    reasons: string[];
    /** Recipients that decide "given" under `to` and have not accepted the current version. */
    recipients: RecipientRole[];
  };
  /** Stored events the target rulebook does not accept (kept in the audit log, not replayed). */
  skipped: SkippedEvent[];
  replayed: number;
}

const PLACEMENT_EVENT_TYPES = new Set<string>([...UserEventSchema.options, ...SystemEventSchema.options].map((o) => o.shape.type.value));

/** A stored value read through the schema it was checked with when it was written; undefined if it no longer fits (an erased contact). */
function readStored<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** The parts of the draft PLACEMENT_CREATED recorded (it leaves out the child's identity); a part that does not fit is taken from the snapshot. */
function createdDraft(created: StoredEvent | undefined): Partial<Omit<Draft, 'child'>> {
  const payload = created?.payload ?? {};
  const shape = DraftSchema.shape;
  return {
    setting: readStored(shape.setting, payload.setting),
    legalBasis: readStored(shape.legalBasis, payload.legalBasis),
    placement: readStored(shape.placement, payload.placement),
    needs: readStored(shape.needs, payload.needs),
    contacts: readStored(shape.contacts, payload.contacts),
    lookedAfterSince: readStored(shape.lookedAfterSince, payload.lookedAfterSince),
  };
}

type Replayable = { ok: true; event: PlacementEvent } | { ok: false; reason: string };

/** A stored placement event read back through its schema, stamped with the time of its audit entry where it carries none. */
function replayable(entry: StoredEvent): Replayable {
  const at = typeof entry.payload.at === 'string' ? entry.payload.at : entry.at;
  // The entries of an imported history also name the import they came in: not part of the event.
  const { importId: _import, ...payload } = entry.payload;
  const raw = { ...payload, type: entry.type, at };
  const r = (isOneOf(SYSTEM_EVENT_TYPES, entry.type) ? SystemEventSchema : UserEventSchema).safeParse(raw);
  if (!r.success)
    return { ok: false, reason: `the stored event no longer fits its schema: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  return { ok: true, event: { ...r.data, at: r.data.at ?? at } };
}

/** The draft as first submitted: from PLACEMENT_CREATED (without the child's identity), else from the snapshot. */
export function reconstructInput(p: PersistedPlacement, created: StoredEvent | undefined, to: Rulebook, lookedAfterSince?: string): PlacementInput {
  const ctx = p.context;
  const draft = createdDraft(created);
  const first: PlacementContext['legalBasis'] = ctx.previousLegalBases[0] ?? ctx.legalBasis;
  const { terminatedAt: _t, reviewedOn: _r, ...firstBasis } = first;
  const firstPlacement = ctx.moves[0]?.from ?? ctx.placement;
  const since = lookedAfterSince ?? draft.lookedAfterSince ?? ctx.lookedAfterSince ?? undefined;
  return {
    child: ctx.child,
    setting: draft.setting ?? (ctx.moves.length ? (ctx.notices[0]?.setting ?? ctx.setting) : ctx.setting),
    legalBasis: draft.legalBasis ?? firstBasis,
    placement: draft.placement ?? firstPlacement,
    needs: draft.needs ?? ctx.needs,
    contacts: draft.contacts ?? ctx.contacts,
    ...(since ? { lookedAfterSince: since } : {}),
    placementId: ctx.placementId,
    rulebookId: to.id,
    placingAuthorityId: ctx.placingAuthorityId,
    placingNation: ctx.placingNation,
    createdAt: ctx.createdAt,
  };
}

const key = (d: Deadline) => `${d.rule}|${Date.parse(d.openedAt)}`;
const COMPARED: (keyof Deadline)[] = ['dueAt', 'status', 'metAt', 'closedAt', 'citation', 'alternativeDueAt'];

function compareDeadlines(before: Deadline[], after: Deadline[]): RulebookMigrationPlan['deadlines'] {
  const pool = new Map<string, Deadline[]>();
  for (const d of after) pool.set(key(d), [...(pool.get(key(d)) ?? []), d]);
  const out: RulebookMigrationPlan['deadlines'] = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const b of before) {
    const match = pool.get(key(b))?.shift();
    if (!match) {
      out.removed.push(b);
      continue;
    }
    const fields = COMPARED.filter((f) => {
      const x = b[f];
      const y = match[f];
      if (typeof x === 'string' && typeof y === 'string' && /T\d/.test(x)) return Date.parse(x) !== Date.parse(y);
      return (x ?? null) !== (y ?? null);
    });
    if (fields.length) out.changed.push({ before: b, after: match, fields });
    else out.unchanged++;
  }
  for (const rest of pool.values()) out.added.push(...rest);
  out.added.sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt));
  return out;
}

/** Replays one stored scheduler event under the target: the clocks of its rule that were due by then elapse. */
function replayElapse(
  p: PersistedPlacement,
  e: Extract<PlacementEvent, { type: 'DEADLINE_ELAPSED' }>,
  to: Rulebook | undefined,
): { placement: PersistedPlacement; fired: number } {
  const exact = p.context.deadlines.find((d) => d.id === e.deadlineId && d.rule === e.rule);
  const candidates = exact ? [exact] : p.context.deadlines.filter((d) => d.rule === e.rule);
  let current = p;
  let fired = 0;
  for (const d of candidates) {
    const still = current.context.deadlines.find((x) => x.id === d.id);
    if (!still || still.status !== 'open' || Date.parse(still.dueAt) > Date.parse(e.at)) continue;
    const r = applyEvent(current, { ...e, deadlineId: d.id }, to);
    if (r.ok) {
      current = r.placement;
      fired++;
    }
  }
  return { placement: current, fired };
}

function noticeReissue(before: PersistedPlacement, after: PersistedPlacement, from: Rulebook, to: Rulebook): RulebookMigrationPlan['notices'] {
  const reasons: string[] = [];
  const current = after.context.notices[after.context.notices.length - 1];
  const done = typeof after.value === 'string';
  if (!current || done) return { reissue: false, reasons, recipients: [] };
  const old = before.context.notices.find((n) => n.version === current.version);
  const recipients = current.recipients.filter((r) => r.required && r.status !== 'accepted').map((r) => r.role);
  if (old?.givenAt && !current.givenAt)
    reasons.push(`Notice version ${current.version} was given under ${from.id} but not under ${to.id}: it must reach ${recipients.join(', ')}.`);
  const oldRoles = new Set(from.recipients[current.setting].map((r) => r.role));
  const newRoles = to.recipients[current.setting].filter((r) => !oldRoles.has(r.role)).map((r) => r.role);
  if (newRoles.length) reasons.push(`${to.id} adds recipients who were never sent the notice: ${newRoles.join(', ')}.`);
  const diff = diffRulebooks(from, to);
  const clauses = [...diff.added, ...diff.removed, ...diff.changed.filter((c) => c.fields.some((f) => f.field === 'text'))]
    .filter((c) => c.kind === 'undertaking')
    .map((c) => c.id);
  if (clauses.length)
    reasons.push(`The undertaking reads differently under ${to.id} (${[...new Set(clauses)].join(', ')}): the recipients hold the old wording.`);
  const mandatory = to.noticeFields.filter((f) => f.mandatory && !from.noticeFields.some((g) => g.key === f.key && g.mandatory)).map((f) => f.key);
  if (mandatory.length) reasons.push(`${to.id} makes these notice fields mandatory: ${mandatory.join(', ')}.`);
  return { reissue: reasons.length > 0, reasons, recipients };
}

/**
 * Rebuild a placement under another rulebook and say what would change. Nothing is written: the engine
 * stores `plan.placement` (and replaces the placement's deadline rows with its deadlines) only after
 * the dry run has been confirmed, and separately confirmed where `becomesUnrecognised`.
 */
export function planRulebookMigration(input: RulebookMigrationInput): RulebookMigrationPlan {
  const { to, now, events } = input;
  const stored = migrate(input.placement);
  const from = getRulebook(stored.rulebookId);
  const viewBefore = viewOf(elapseDue(stored, now));
  const plan: RulebookMigrationPlan = {
    placementId: stored.context.placementId,
    from: from.id,
    to: to.id,
    now,
    ok: false,
    problems: [],
    placement: null,
    legalStatus: { before: viewBefore.legalStatus, after: null },
    lifecycle: { before: viewBefore.lifecycle, after: null },
    becomesUnrecognised: false,
    deadlines: { added: [], removed: [], changed: [], unchanged: 0 },
    notices: { reissue: false, reasons: [], recipients: [] },
    skipped: [],
    replayed: 0,
  };
  const created = events.find((e) => e.type === 'PLACEMENT_CREATED' || e.type === 'PLACEMENT_IMPORTED');
  if (!created) plan.problems.push('No PLACEMENT_CREATED entry: the first draft is taken from the snapshot (the first order and home as recorded there).');
  // A placement imported with its history replays it under its scheme's rulebook up to the carry-over, then under `to`.
  const carriedAt = events.find((e) => e.type === 'TRANSITIONAL_CARRY_OVER');
  const schemeId = created?.type === 'PLACEMENT_IMPORTED' && carriedAt ? String(created.payload.schemeRulebookId) : null;
  const first = schemeId ? getRulebook(schemeId) : to;
  const started = startPlacement(reconstructInput(stored, created, first, input.lookedAfterSince), first);
  if (!started.ok) {
    plan.problems.push(`The placement's draft breaks a rule of ${first.id}: ${started.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    return plan;
  }
  let p = schemeId ? beginTransitional(started.placement, first) : started.placement;
  /** The rulebook the rebuilt placement runs under now: `to`, or its scheme's before the carry-over. */
  const under = () => (p.rulebookId === to.id ? to : undefined);
  events.forEach((entry, index) => {
    if (entry.type === 'TRANSITIONAL_CARRY_OVER' && schemeId && p.rulebookId !== to.id) {
      p = carryOver(elapseBefore(p, entry.at), to, entry.at);
      plan.replayed++;
      return;
    }
    if (!PLACEMENT_EVENT_TYPES.has(entry.type)) return;
    const read = replayable(entry);
    if (!read.ok) {
      plan.skipped.push({ index, type: entry.type, at: entry.at, reason: read.reason });
      return;
    }
    const { event } = read;
    if (event.type === 'DEADLINE_ELAPSED') {
      const r = replayElapse(p, event, under());
      p = r.placement;
      if (r.fired) plan.replayed++;
      else plan.skipped.push({ index, type: event.type, at: event.at, reason: `no ${event.rule} clock was due by then under ${p.rulebookId}` });
      return;
    }
    const r = applyEvent(p, event, under());
    if (r.ok) {
      p = r.placement;
      plan.replayed++;
    } else
      plan.skipped.push({
        index,
        type: event.type,
        at: event.at,
        reason: r.reason === 'invalid' ? r.errors.map((e) => `${e.path}: ${e.message}`).join('; ') : r.message,
      });
  });
  const viewAfter = viewOf(elapseDue(p, now, to), to);
  plan.ok = true;
  plan.placement = p;
  plan.legalStatus.after = viewAfter.legalStatus;
  plan.lifecycle.after = viewAfter.lifecycle;
  plan.becomesUnrecognised = viewAfter.legalStatus.code === 'unrecognised' && viewBefore.legalStatus.code !== 'unrecognised';
  plan.deadlines = compareDeadlines(stored.context.deadlines, p.context.deadlines);
  plan.notices = noticeReissue(stored, p, from, to);
  return plan;
}

/** The plan as lines for a person confirming it (CLI dry run, audit note). */
export function describePlan(plan: RulebookMigrationPlan): string[] {
  const lines = [`Placement ${plan.placementId}: ${plan.from} -> ${plan.to} (as at ${plan.now})`];
  if (!plan.ok) return [...lines, ...plan.problems.map((p) => `  cannot migrate: ${p}`)];
  const s = plan.legalStatus;
  lines.push(
    `  legal status: ${s.before.code} -> ${s.after?.code}${plan.becomesUnrecognised ? '  ** WOULD BECOME UNRECOGNISED: needs its own confirmation **' : ''}`,
  );
  for (const r of s.after?.reasons ?? []) lines.push(`    ${r.rule}: ${r.text}`);
  for (const d of plan.deadlines.added) lines.push(`  + ${d.rule} ${d.status}, due ${d.dueAt}`);
  for (const d of plan.deadlines.removed) lines.push(`  - ${d.rule} (was ${d.status}, due ${d.dueAt}): not set by ${plan.to}`);
  for (const c of plan.deadlines.changed)
    lines.push(`  ~ ${c.after.rule}: ${c.fields.map((f) => `${f} ${String(c.before[f] ?? '-')} -> ${String(c.after[f] ?? '-')}`).join('; ')}`);
  for (const r of plan.notices.reasons) lines.push(`  notice: ${r}`);
  for (const k of plan.skipped) lines.push(`  not replayed: ${k.type} at ${k.at} (${k.reason})`);
  for (const p of plan.problems) lines.push(`  note: ${p}`);
  return lines;
}
