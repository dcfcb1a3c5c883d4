// The pure interface the engine uses: start a placement, apply one event, read its view. Snapshots
// are persisted in our own small format (state value + context + versions), not XState's internals,
// so a minor XState release cannot silently change what is stored.
import { initialTransition, transition } from 'xstate';
import { getRulebook, type Rulebook } from '../rulebook';
import { normaliseInstants } from './instants';
import { checkEvent, checkPlacementInput, type FieldError } from './legal-basis';
import { createPlacementMachine, MACHINE_VERSION, type PlacementMachine } from './machine';
import { deriveLegalStatus, lifecycleOf, type LegalStatus, type PlacementStateValue } from './status';
import type { Deadline, PlacementContext, PlacementEvent, PlacementEventType, PlacementInput } from './types';

export interface PersistedPlacement {
  machine: 'placement';
  machineVersion: number;
  rulebookId: string;
  value: PlacementStateValue;
  context: PlacementContext;
}

export class SnapshotVersionError extends Error {}

/** Migrations from an older machine version to the next one; key = the version migrated from. */
const MIGRATIONS: Record<number, (p: PersistedPlacement) => PersistedPlacement> = {};

const machines = new WeakMap<Rulebook, PlacementMachine>();
function machineFor(book: Rulebook): PlacementMachine {
  let m = machines.get(book);
  if (!m) machines.set(book, (m = createPlacementMachine(book)));
  return m;
}

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
  const snapshot = machine.resolveState({ value: migrated.value as never, context: migrated.context });
  return { book, machine, snapshot };
}

function persist(book: Rulebook, value: unknown, context: PlacementContext): PersistedPlacement {
  return { machine: 'placement', machineVersion: MACHINE_VERSION, rulebookId: book.id, value: value as PlacementStateValue, context };
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
  | { ok: true; placement: PersistedPlacement }
  | { ok: false; reason: 'not-allowed'; message: string }
  | { ok: false; reason: 'invalid'; errors: FieldError[] };

/** Apply one event: refused if the state does not allow it, or if its content breaks a rule. */
export function applyEvent(p: PersistedPlacement, event: PlacementEvent, variant?: Rulebook): ApplyResult {
  event = normaliseInstants(event);
  const { book, machine, snapshot } = resolve(p, variant);
  if (snapshot.status !== 'active' || !snapshot.can(event))
    return { ok: false, reason: 'not-allowed', message: `${event.type} is not allowed while the placement is ${describeState(snapshot.value as PlacementStateValue)}` };
  const errors = checkEvent(book, snapshot.context, event);
  if (errors.length > 0) return { ok: false, reason: 'invalid', errors };
  const [next] = transition(machine, snapshot, event);
  return { ok: true, placement: persist(book, next.value, next.context) };
}

/** Minimal events used to ask the machine which event types its state accepts. */
function probes(ctx: PlacementContext, at: string): PlacementEvent[] {
  const signatory = { name: 'probe', role: 'probe' };
  return [
    { type: 'NOTICE_SIGNED', signatory, at },
    { type: 'NOTICE_UPDATED', signatory, at },
    { type: 'CHILD_ARRIVED', at },
    { type: 'HOST_CONDITIONS_CONFIRMED', at },
    { type: 'HOST_QUERY_RAISED', text: '', at },
    { type: 'HOST_QUERY_ANSWERED', text: '', at },
    { type: 'ORDER_CHANGED', legalBasis: ctx.legalBasis, at },
    { type: 'MOVE_PROPOSED', placement: ctx.placement, at },
    { type: 'MOVE_WITHDRAWN', at },
    { type: 'MOVED', at },
    { type: 'DOL_EXTENDED', expiresAt: at, at },
    { type: 'DOL_TERMINATED', at },
    { type: 'SCOTTISH_CSO_MADE', interim: false, at },
    { type: 'ADVOCACY_OFFERED', at },
    { type: 'ADVOCACY_NOT_APPROPRIATE', reason: '', at },
    { type: 'ADVOCACY_ACCEPTED', at },
    { type: 'ADVOCACY_DECLINED', at },
    { type: 'ADVOCATE_ASSIGNED', at },
    { type: 'VISIT_RECORDED', at },
    { type: 'REVIEW_RECORDED', at },
    { type: 'ENFORCEMENT_NOTICE_ISSUED', duty: '', at },
    { type: 'DUTY_PERFORMED', at },
    { type: 'SHERIFF_APPLICATION_MADE', at },
    { type: 'ENFORCEMENT_ORDER_MADE', at },
    { type: 'TRANSFER_PROPOSED', at },
    { type: 'TRANSFER_CONSENTED', at },
    { type: 'TRANSFER_REFUSED', at },
    { type: 'TRANSFER_EFFECTIVE', at },
    { type: 'REPORTER_NOTIFIED', at },
    { type: 'HEARING_HELD', at },
    { type: 'PLACEMENT_ENDED', reason: '', at },
  ];
}

export interface PlacementView {
  value: PlacementStateValue;
  lifecycle: string;
  done: boolean;
  context: PlacementContext;
  legalStatus: LegalStatus;
  /** User events the current state accepts (system events are not listed). */
  allowedEvents: PlacementEventType[];
  rulebookId: string;
  machineVersion: number;
}

export function viewOf(p: PersistedPlacement, variant?: Rulebook): PlacementView {
  const { book, snapshot } = resolve(p, variant);
  const at = snapshot.context.createdAt;
  const done = snapshot.status !== 'active';
  return {
    value: snapshot.value as PlacementStateValue,
    lifecycle: lifecycleOf(snapshot.value as PlacementStateValue),
    done,
    context: snapshot.context,
    legalStatus: deriveLegalStatus(book, snapshot.value as PlacementStateValue, snapshot.context),
    allowedEvents: done ? [] : probes(snapshot.context, at).filter((e) => snapshot.can(e)).map((e) => e.type),
    rulebookId: book.id,
    machineVersion: MACHINE_VERSION,
  };
}

export function describeState(value: PlacementStateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value.active).map(([region, state]) => `${region}: ${state}`).join(', ');
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
