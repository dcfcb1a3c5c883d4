// The engine: every change to a placement goes through `send`, which runs the pure machine and writes,
// in ONE transaction, the new snapshot (optimistic lock), its audit entry, its deadline rows, access
// rows and whatever effects (outbox mail) are registered. Nothing here knows about HTTP.
import { randomUUID } from 'node:crypto';
import { DeadlockException, LockWaitTimeoutException, OptimisticLockError } from '@mikro-orm/core';
import {
  applyEvent,
  deadlineChanges,
  startPlacement,
  type Deadline as MachineDeadline,
  type PersistedPlacement,
  type Draft,
  type PlacementEvent,
  type SystemEvent,
  type UserEventInput,
  isBeforeEvent,
  type PlacementDetails,
  type PlacementInput,
} from '../../machines/placement';
import { activeRulebook, getRulebook } from '../../machines/rulebook';
import { AppError, conflict, forbidden, invalid, notFound } from '../errors';
import { Deadline, Organisation, Placement, PlacementAccess } from '../store/entities';
import type { Em, Orm } from '../store/orm';
import type { OrganisationKind } from '../vocabulary';
import { appendAudit } from './audit-chain';
import { mayRoleSend, SEES_ALL, type AccessMode } from './permissions';
import { projectToNow, summarise } from './placement-view';
import type { Actor } from './actor';

export type DraftBody = Draft;

/** What a transition hands to effect writers (outbox mail, documents), inside the same transaction. */
export interface TransitionEffectArgs {
  em: Em;
  row: Placement;
  before: PersistedPlacement | null;
  after: PersistedPlacement;
  event: PlacementEvent | { type: 'PLACEMENT_CREATED'; at: string };
  actor: Actor;
  now: Date;
}
export type TransitionEffect = (args: TransitionEffectArgs) => Promise<void>;

export interface EngineOptions {
  clock: () => Date;
  /** Run in the transaction after each accepted transition (e.g. queue notice mail). */
  effects?: TransitionEffect[];
  /** Called after a commit that queued effects (e.g. wake the outbox dispatcher). */
  afterCommit?: () => void;
}

const PLACING_NATIONS = new Set(['england', 'wales', 'northern-ireland']);

export class PlacementService {
  constructor(
    private readonly orm: Orm,
    private readonly options: EngineOptions,
  ) {}

  private now(): Date {
    return this.options.clock();
  }

  /** A placing authority starts a draft notification. */
  async create(actor: Actor, draft: DraftBody): Promise<Placement> {
    if (actor.role !== 'placing' || !actor.organisationId) throw forbidden('Only a placing authority can create a placement.');
    const now = this.now();
    const em = this.orm.em.fork();
    const placing = await em.findOne(Organisation, { id: actor.organisationId });
    if (!placing || !PLACING_NATIONS.has(placing.nation)) throw forbidden('Your organisation is not a placing authority in England, Wales or Northern Ireland.');
    await checkOrganisationRefs(em, placementRefs(draft.placement, 'placement'));
    const id = randomUUID();
    const started = startPlacement({
      ...draft,
      placementId: id,
      rulebookId: activeRulebook.id,
      placingAuthorityId: placing.id,
      placingNation: placing.nation as PlacementInput['placingNation'],
      createdAt: now.toISOString(),
    });
    if (!started.ok) throw invalid('The placement breaks a rule; see errors.', started.errors);
    const after = started.placement;
    await writeWithRetry(() => em.fork().transactional(async (tem) => {
      const row = tem.create(Placement, {
        id,
        ...summarise(after),
        snapshot: after as unknown as Record<string, unknown>,
        machineVersion: after.machineVersion,
        rulebookVersion: after.rulebookId,
        createdAt: now,
        updatedAt: now,
      });
      tem.persist(row);
      await this.writeTransition(tem, row, null, after, { type: 'PLACEMENT_CREATED', at: now.toISOString() }, actor, now, redactDraft(draft));
    }));
    this.options.afterCommit?.();
    return this.load(em.fork(), id);
  }

  /**
   * Applies one event. Throws not-found (cannot see it), forbidden (role may not send it, or read-only
   * access), conflict (state does not allow it, or `ifMatch` is stale, or a concurrent writer won) and
   * invalid (content breaks a rule).
   */
  async send(
    placementId: string,
    input: UserEventInput | SystemEvent,
    actor: Actor,
    options: { ifMatch?: number; /** Extra writes for this transition only, in its transaction. */ effects?: TransitionEffect[] } = {},
  ): Promise<Placement> {
    const now = this.now();
    // An event sent without `at` happened when the request arrived.
    const event: PlacementEvent = { ...input, at: input.at ?? now.toISOString() };
    if (Date.parse(event.at) > now.getTime()) throw invalid('An event cannot happen in the future.', [{ path: 'at', message: 'must not be in the future' }]);
    const em = this.orm.em.fork();
    try {
      await writeWithRetry(() => em.fork().transactional(async (tem) => {
        const row = await this.findVisible(tem, placementId, actor);
        if (actor.role !== 'system') {
          if (!mayRoleSend(actor.role, event.type)) throw forbidden(`A ${actor.role} user cannot send ${event.type}.`);
          if ((await this.accessMode(tem, row, actor)) !== 'act') throw forbidden('Your organisation has read-only access to this placement.');
        }
        await checkOrganisationRefs(tem, eventRefs(event));
        if (options.ifMatch !== undefined && options.ifMatch !== row.version)
          throw conflict(`The placement is at version ${row.version}, not ${options.ifMatch}; reload and try again.`);
        const before = row.snapshot as unknown as PersistedPlacement;
        const result = applyEvent(before, event);
        if (!result.ok) {
          if (result.reason === 'invalid') throw invalid('The event breaks a rule; see errors.', result.errors);
          throw conflict(result.message);
        }
        const after = result.placement;
        Object.assign(row, summarise(after), { snapshot: after as unknown as Record<string, unknown>, updatedAt: now });
        await this.writeTransition(tem, row, before, after, event, actor, now, { ...event }, options.effects);
      }));
    } catch (e) {
      if (e instanceof OptimisticLockError) throw conflict('Another change to this placement was saved first; reload and try again.');
      throw e;
    }
    this.options.afterCommit?.();
    return this.load(em.fork(), placementId);
  }

  /** Deadline rows, access rows, audit entry and effects for one accepted transition. */
  private async writeTransition(
    em: Em,
    row: Placement,
    before: PersistedPlacement | null,
    after: PersistedPlacement,
    event: TransitionEffectArgs['event'],
    actor: Actor,
    now: Date,
    auditPayload: Record<string, unknown>,
    extraEffects: TransitionEffect[] = [],
  ): Promise<void> {
    const { opened, changed } = deadlineChanges(before?.context.deadlines ?? [], after.context.deadlines);
    for (const d of opened) em.persist(em.create(Deadline, { id: deadlineRowId(row.id, d), placementId: row.id, ...deadlineColumns(d) }));
    for (const d of changed) {
      const existing = await em.findOneOrFail(Deadline, { id: deadlineRowId(row.id, d) });
      Object.assign(existing, deadlineColumns(d));
    }
    await this.syncAccess(em, row, after, now);
    for (const effect of [...extraEffects, ...(this.options.effects ?? [])]) await effect({ em, row, before, after, event, actor, now });
    // Persist the placement first so the audit entry's foreign key finds it on insert.
    await em.flush();
    await appendAudit(em, {
      placementId: row.id,
      type: event.type,
      at: new Date(event.at),
      recordedAt: now,
      actorUserId: actor.userId,
      actorRole: actor.role,
      actorOrganisationId: actor.organisationId,
      payload: auditPayload,
    });
    await em.flush();
  }

  /** Who may see or act: placing and current host act; past hosts read; the advocacy provider and the service provider act. */
  private async syncAccess(em: Em, row: Placement, after: PersistedPlacement, now: Date): Promise<void> {
    const ctx = after.context;
    const wanted = new Map<string, { mode: AccessMode; reason: string }>();
    for (const move of ctx.moves) wanted.set(move.from.hostAuthorityId, { mode: 'read', reason: 'former host authority' });
    if (ctx.placement.serviceProviderId) wanted.set(ctx.placement.serviceProviderId, { mode: 'act', reason: 'service provider' });
    if (ctx.advocacy.providerId) wanted.set(ctx.advocacy.providerId, { mode: 'act', reason: 'advocacy provider' });
    wanted.set(ctx.placement.hostAuthorityId, { mode: 'act', reason: 'host authority' });
    wanted.set(ctx.placingAuthorityId, { mode: 'act', reason: 'placing authority' });
    const existing = await em.find(PlacementAccess, { placementId: row.id });
    const byOrg = new Map(existing.map((a) => [a.organisationId, a]));
    for (const [organisationId, want] of wanted) {
      const have = byOrg.get(organisationId);
      if (!have) em.persist(em.create(PlacementAccess, { placementId: row.id, organisationId, mode: want.mode, reason: want.reason, since: now }));
      else if (have.mode !== want.mode) Object.assign(have, { mode: want.mode, reason: want.reason, since: now });
    }
    // An organisation no longer part of the placement (the home the child left, a replaced advocacy provider) keeps its history, read only.
    for (const have of existing)
      if (!wanted.has(have.organisationId) && have.mode === 'act') Object.assign(have, { mode: 'read', reason: `former ${have.reason}`, since: now });
  }

  /** How the actor may use this placement: act, read only, or not at all (then it must not learn it exists). */
  async accessMode(em: Em, row: Placement, actor: Actor): Promise<AccessMode | null> {
    if (actor.role === 'system') return 'act';
    if (actor.role === 'admin') return null;
    if (SEES_ALL.includes(actor.role)) return 'act';
    if (!actor.organisationId) return null;
    const access = await em.findOne(PlacementAccess, { placementId: row.id, organisationId: actor.organisationId });
    return access?.mode ?? null;
  }

  /** The placement if the actor may know it exists; otherwise not-found, never a hint that it does. */
  async findVisible(em: Em, placementId: string, actor: Actor): Promise<Placement> {
    const row = await em.findOne(Placement, { id: placementId });
    if (!row || (await this.accessMode(em, row, actor)) === null) throw notFound(`No placement ${placementId}.`);
    return row;
  }

  async load(em: Em, placementId: string): Promise<Placement> {
    return em.findOneOrFail(Placement, { id: placementId });
  }

  /**
   * Fires DEADLINE_ELAPSED for every open deadline row due by now, exactly once each: the row is marked
   * fired in the same transaction as the transition (or on its own when the machine has nothing to do).
   */
  async sweep(): Promise<{ placementId: string; deadlineId: string; rule: string; dueAt: string; fired: boolean }[]> {
    const now = this.now();
    const em = this.orm.em.fork();
    const due = await em.find(Deadline, { status: 'open', firedAt: null, dueAt: { $lte: now } }, { orderBy: { dueAt: 'asc' }, limit: 1000 });
    const results = [];
    for (const d of due) {
      const machineId = d.id.slice(d.placementId.length + 1);
      const event: PlacementEvent = { type: 'DEADLINE_ELAPSED', deadlineId: machineId, rule: d.rule, at: now.toISOString() };
      let fired = true;
      try {
        await this.sendMarkingFired(d.placementId, d.id, event);
      } catch (e) {
        // A fault (lock, connection) leaves the row for the next sweep; only the machine's refusal marks it seen.
        if (!(e instanceof AppError)) throw e;
        fired = false;
        // The machine declined because the clock is decided by an event, or a race already closed it: record
        // that the sweep saw it. A clock still open otherwise lost a race with another writer: retry next sweep.
        const tem = this.orm.em.fork();
        const fresh = await tem.findOne(Deadline, { id: d.id });
        const retry = fresh?.status === 'open' && !isBeforeEvent(getRulebook((await this.load(tem, d.placementId)).rulebookVersion), d.rule);
        if (fresh && fresh.firedAt === null && !retry) {
          fresh.firedAt = now;
          await tem.flush();
        }
      }
      results.push({ placementId: d.placementId, deadlineId: machineId, rule: d.rule, dueAt: d.dueAt.toISOString(), fired });
    }
    return results;
  }

  private async sendMarkingFired(placementId: string, rowId: string, event: PlacementEvent): Promise<void> {
    const marker: TransitionEffect = async ({ em, now }) => {
      const row = await em.findOneOrFail(Deadline, { id: rowId });
      row.firedAt = now;
    };
    await this.send(placementId, event, SYSTEM_ACTOR, { effects: [marker] });
  }

  /** The placement as the machine sees it now, with overdue clocks elapsed in memory (the sweep may lag). */
  current(row: Placement): PersistedPlacement {
    return projectToNow(row.snapshot as unknown as PersistedPlacement, this.now());
  }
}

interface OrganisationRef {
  path: string;
  id: string | null | undefined;
  kind: OrganisationKind;
}

const placementRefs = (p: PlacementDetails, prefix: string): OrganisationRef[] => [
  { path: `${prefix}.hostAuthorityId`, id: p.hostAuthorityId, kind: 'host-authority' },
  { path: `${prefix}.healthBoardId`, id: p.healthBoardId, kind: 'health-board' },
  { path: `${prefix}.serviceProviderId`, id: p.serviceProviderId, kind: 'service-provider' },
];

function eventRefs(event: PlacementEvent): OrganisationRef[] {
  if (event.type === 'MOVE_PROPOSED') return placementRefs(event.placement, 'placement');
  if (event.type === 'ADVOCACY_OFFERED') return [{ path: 'providerId', id: event.providerId, kind: 'advocacy-provider' }];
  return [];
}

/** Every organisation a placement names must exist and be of the right kind (a 422 naming the field, never a foreign-key 500). */
async function checkOrganisationRefs(em: Em, refs: OrganisationRef[]): Promise<void> {
  const errors = [];
  for (const ref of refs) {
    if (!ref.id) continue;
    const org = await em.findOne(Organisation, { id: ref.id });
    if (!org || org.kind !== ref.kind) errors.push({ path: ref.path, message: `must be the id of a known ${ref.kind} organisation` });
  }
  if (errors.length) throw invalid('The request names an unknown organisation; see errors.', errors);
}

/**
 * Runs a write transaction again when the database reports a lock it could not wait out (two SQLite
 * connections upgrading to write at once, a PostgreSQL deadlock). The transaction rolled back, so a
 * retry re-reads everything; a real conflict then shows as a version mismatch or a refused event.
 */
async function writeWithRetry<T>(work: () => Promise<T>, attempts = 6): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (e) {
      if (i >= attempts || !(e instanceof LockWaitTimeoutException || e instanceof DeadlockException)) throw e;
      await new Promise((resolve) => setTimeout(resolve, 20 * i + Math.floor(Math.random() * 30)));
    }
  }
}

export const SYSTEM_ACTOR: Actor = { userId: null, role: 'system', organisationId: null };

export const deadlineRowId = (placementId: string, d: MachineDeadline) => `${placementId}:${d.id}`;

const deadlineColumns = (d: MachineDeadline) => ({
  rule: d.rule,
  citation: d.citation,
  dueAt: new Date(d.dueAt),
  status: d.status,
  metAt: d.metAt ? new Date(d.metAt) : null,
  openedAt: new Date(d.openedAt),
});

/** The audit log keeps what happened, not who the child is: name and date of birth stay in the record. */
function redactDraft(draft: DraftBody): Record<string, unknown> {
  const { child, ...rest } = draft;
  return { ...rest, child: { gender: child.gender } };
}
