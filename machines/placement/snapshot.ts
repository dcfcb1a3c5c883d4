// The pure interface the engine uses: start a placement, apply one event, read its view. Snapshots
// are persisted in our own small format (state value + context + versions), not XState's internals,
// so a minor XState release cannot silently change what is stored.
import { createEmptyActor, initialTransition, type AnyActorScope } from 'xstate';
import { getRulebook, type Rulebook } from '../rulebook';
import { normaliseInstants } from './instants';
import { checkEvent, checkPlacementInput, type FieldError } from './legal-basis';
import { createPlacementMachine, MACHINE_VERSION, type PlacementMachine } from './machine';
import { deriveLegalStatus, lifecycleOf, type LegalStatus, type PlacementStateValue } from './status';
import { probeEvents } from './events';
import { elapsesByTime } from './deadlines';
import { EMPTY_RELATIONSHIPS } from './relationships';
import type { Deadline, PlacementContext, PlacementEvent, PlacementInput, UserEventType } from './types';

export interface PersistedPlacement {
  machine: 'placement';
  machineVersion: number;
  rulebookId: string;
  value: PlacementStateValue;
  context: PlacementContext;
}

export class SnapshotVersionError extends Error {}

/** Migrations from an older machine version to the next one; key = the version migrated from. */
const MIGRATIONS: Record<number, (p: PersistedPlacement) => PersistedPlacement> = {
  // Version 2 records when the child became looked after, the conditions checks and urgent transfers (none
  // before), and a transfer region state after the hearing (no version 1 snapshot is in it: it went final).
  1: (p) => ({
    ...p,
    machineVersion: 2,
    context: {
      ...p.context,
      lookedAfterSince: p.context.lookedAfterSince ?? null,
      conditionsChecks: p.context.conditionsChecks ?? [],
      urgentTransfers: p.context.urgentTransfers ?? [],
    },
  }),
  // Version 3 records the child's voice and relationships: nothing was recorded before it.
  2: (p) => ({ ...p, machineVersion: 3, context: { ...p.context, relationships: p.context.relationships ?? EMPTY_RELATIONSHIPS } }),
  // Version 4 records what the care services recorded (evidence held, each stay) and whether the placement began
  // under an earlier scheme. Before it nothing was recorded by a service, so the stays are read off the arrival and moves.
  3: (p) => ({
    ...p,
    machineVersion: 4,
    context: { ...p.context, service: p.context.service ?? { evidence: [], stays: staysOf(p.context) }, transitional: p.context.transitional ?? null },
  }),
};

/** The stays a version 2 snapshot implies: from the arrival, one per home, each ending at the next move. */
function staysOf(ctx: PlacementContext): PlacementContext['service']['stays'] {
  if (!ctx.arrivedAt) return [];
  const homes = [ctx.moves[0]?.from ?? ctx.placement, ...ctx.moves.map((m) => m.to)];
  const starts = [ctx.arrivedAt, ...ctx.moves.map((m) => m.at)];
  return homes.map((home, i) => ({
    serviceName: home.serviceName,
    serviceProviderId: home.serviceProviderId ?? null,
    careInspectorateNumber: home.careInspectorateNumber ?? null,
    arrivedAt: starts[i],
    departedAt: starts[i + 1] ?? null,
    departureReason: null,
  }));
}

const machines = new WeakMap<Rulebook, PlacementMachine>();
function machineFor(book: Rulebook): PlacementMachine {
  let m = machines.get(book);
  if (!m) machines.set(book, (m = createPlacementMachine(book)));
  return m;
}

/**
 * The inert actor scope pure transitions run in, made once. XState's `transition()` makes a new one on
 * every call, and making one runs the machine's whole initial state (most of an event's cost). The
 * machine has no child actors and only `assign` actions, so nothing is ever deferred, emitted, spawned or
 * executed through the scope, and no action reads `self`: sharing it changes no result.
 */
const INERT_SCOPE: AnyActorScope = (() => {
  const self = createEmptyActor();
  const none = () => {};
  return { self, id: '', sessionId: '', logger: none, defer: none, emit: none, system: self.system, stopChild: none, actionExecutor: none };
})();

/** Bring a stored snapshot to the current machine version, or refuse it clearly. */
export function migrate(p: PersistedPlacement): PersistedPlacement {
  if (p.machine !== 'placement') throw new SnapshotVersionError(`not a placement snapshot: ${String(p.machine)}`);
  let current = p;
  while (current.machineVersion < MACHINE_VERSION) {
    const step = MIGRATIONS[current.machineVersion];
    if (!step) throw new SnapshotVersionError(`no migration from placement machine version ${current.machineVersion}`);
    current = step(current);
  }
  if (current.machineVersion !== MACHINE_VERSION)
    throw new SnapshotVersionError(`snapshot version ${current.machineVersion} is newer than this machine (${MACHINE_VERSION})`);
  return current;
}

/** `variant` lets tests and legal officers try a changed rulebook; it must carry the snapshot's rulebook id. */
function resolve(p: PersistedPlacement, variant?: Rulebook) {
  const migrated = migrate(p);
  const book = variant ?? getRulebook(migrated.rulebookId);
  if (book.id !== migrated.rulebookId) throw new SnapshotVersionError(`snapshot uses ${migrated.rulebookId}, not ${book.id}`);
  const machine = machineFor(book);
  const snapshot = machine.resolveState({ value: migrated.value, context: migrated.context });
  return { book, machine, snapshot };
}

function persist(book: Rulebook, value: PlacementStateValue, context: PlacementContext): PersistedPlacement {
  return { machine: 'placement', machineVersion: MACHINE_VERSION, rulebookId: book.id, value, context };
}

export type StartResult = { ok: true; placement: PersistedPlacement } | { ok: false; errors: FieldError[] };

export function startPlacement(input: PlacementInput, variant?: Rulebook): StartResult {
  const book = variant ?? getRulebook(input.rulebookId);
  input = normaliseInstants(input);
  const errors = checkPlacementInput(book, input);
  if (errors.length > 0) return { ok: false, errors };
  const [snapshot] = initialTransition(machineFor(book), input);
  return { ok: true, placement: persist(book, snapshot.value, snapshot.context) };
}

export type ApplyResult =
  { ok: true; placement: PersistedPlacement } | { ok: false; reason: 'not-allowed'; message: string } | { ok: false; reason: 'invalid'; errors: FieldError[] };

/** Apply one event: refused if the state does not allow it, or if its content breaks a rule. */
export function applyEvent(p: PersistedPlacement, event: PlacementEvent, variant?: Rulebook): ApplyResult {
  event = normaliseInstants(event);
  const { book, machine, snapshot } = resolve(p, variant);
  if (snapshot.status !== 'active' || !snapshot.can(event))
    return {
      ok: false,
      reason: 'not-allowed',
      message: `${event.type} is not allowed while the placement is ${describeState(snapshot.value)}`,
    };
  const errors = checkEvent(book, snapshot.context, event);
  if (errors.length > 0) return { ok: false, reason: 'invalid', errors };
  const next = machine.transition(snapshot, event, INERT_SCOPE);
  return { ok: true, placement: persist(book, next.value, next.context) };
}

export interface PlacementView {
  value: PlacementStateValue;
  lifecycle: string;
  done: boolean;
  context: PlacementContext;
  legalStatus: LegalStatus;
  /** User events the current state accepts (system events are not listed). */
  allowedEvents: UserEventType[];
  rulebookId: string;
  machineVersion: number;
}

/** Each state node's own (non-inert) event types, read once: XState works them out again on every read. */
const ownEventsOf = new WeakMap<object, readonly string[]>();

/**
 * The event types some active state node has a transition for, or null when a wildcard means any type may
 * match. Only these can be allowed, so only these are probed (a probe runs a whole transition).
 */
function handledEvents(nodes: readonly { ownEvents: string[] }[]): Set<string> | null {
  const out = new Set<string>();
  for (const node of nodes) {
    let own = ownEventsOf.get(node);
    if (!own) ownEventsOf.set(node, (own = node.ownEvents));
    for (const type of own) {
      if (type === '*' || type.endsWith('.*')) return null;
      out.add(type);
    }
  }
  return out;
}

/** Views already worked out, by snapshot object (snapshots are values: nothing changes one in place). */
const views = new WeakMap<PersistedPlacement, PlacementView>();

export function viewOf(p: PersistedPlacement, variant?: Rulebook): PlacementView {
  const known = variant ? undefined : views.get(p);
  if (known) return known;
  const { book, snapshot } = resolve(p, variant);
  const done = snapshot.status !== 'active';
  const view: PlacementView = {
    value: snapshot.value,
    lifecycle: lifecycleOf(snapshot.value),
    done,
    context: snapshot.context,
    legalStatus: deriveLegalStatus(book, snapshot.value, snapshot.context),
    allowedEvents: done ? [] : allowed(snapshot),
    rulebookId: book.id,
    machineVersion: MACHINE_VERSION,
  };
  if (!variant) views.set(p, view);
  return view;
}

type ResolvedSnapshot = ReturnType<typeof resolve>['snapshot'];

/** The user events `snapshot` accepts; the pre-filter skips probing events no active node handles. */
function allowed(snapshot: ResolvedSnapshot, { prefilter = true } = {}): UserEventType[] {
  const handled = prefilter ? handledEvents(snapshot._nodes) : null;
  return probeEvents(snapshot.context.createdAt)
    .filter((e) => (!handled || handled.has(e.type)) && snapshot.can(e))
    .map((e) => e.type);
}

/** For tests: the allowed events found by probing every user event, with no pre-filter. */
export function allowedByEveryProbe(p: PersistedPlacement): UserEventType[] {
  const { snapshot } = resolve(p);
  return snapshot.status === 'active' ? allowed(snapshot, { prefilter: false }) : [];
}

export function describeState(value: PlacementStateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value.active)
    .map(([region, state]) => `${region}: ${state}`)
    .join(', ');
}

/** What one transition did to the clocks: the rows the engine must insert or update. */
export function deadlineChanges(before: Deadline[], after: Deadline[]): { opened: Deadline[]; changed: Deadline[] } {
  const old = new Map(before.map((d) => [d.id, d]));
  const opened: Deadline[] = [];
  const changed: Deadline[] = [];
  for (const d of after) {
    const prev = old.get(d.id);
    if (!prev) opened.push(d);
    else if (prev.status !== d.status || prev.metAt !== d.metAt || prev.closedAt !== d.closedAt) changed.push(d);
  }
  return { opened, changed };
}

/**
 * The placement as it stands at `at`: every clock due by then elapses, as the scheduler would have
 * done (a clock decided by an event waits for it). Pure; the engine's projection to now does the same.
 */
export function elapseDue(p: PersistedPlacement, at: string, variant?: Rulebook): PersistedPlacement {
  const { book } = resolve(p, variant);
  let current = p;
  for (let guard = 0; guard < 100; guard++) {
    const due = current.context.deadlines.find((d) => elapsesByTime(book, d) && Date.parse(d.dueAt) <= Date.parse(at));
    if (!due) break;
    const r = applyEvent(current, { type: 'DEADLINE_ELAPSED', deadlineId: due.id, rule: due.rule, at }, variant);
    if (!r.ok) break;
    current = r.placement;
  }
  return current;
}
