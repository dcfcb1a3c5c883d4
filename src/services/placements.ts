// Placements: start a draft, apply one event, read and list what the caller may see. Applying an event
// reads the placement with the caller's access in one query, runs the pure machine, prepares what the
// change produces (the notice PDF and its mails, escalations) before the transaction, then writes it all
// in ONE group-committed transaction: snapshot (version checked), audit entry, deadline and access rows,
// documents and outbox mail.
import { randomUUID } from 'node:crypto';
import {
  applyEvent,
  deadlineChanges,
  startPlacement,
  viewOf,
  type Draft,
  type PersistedPlacement,
  type PlacementEvent,
  type PlacementInput,
  type SystemEvent,
  type UserEventInput,
} from '../../machines/placement';
import { activeRulebook, PLACING_NATIONS, type PlacingNation, type Rulebook } from '../../machines/rulebook';
import { AppError, conflict, forbidden, invalid, type FieldError } from '../errors';
import { insertMailRows, mailRows, type OutboxMail } from '../outbox/messages';
import { dialectOf } from '../store/sql';
import { Organisation } from '../store/entities';
import type { Orm } from '../store/orm';
import { writeTransition, type AccessGrant, type DocumentRow, type ListFilter, type ListSort, type PlacementRecord } from '../store/placement-store';
import type { Tx, Writer } from '../store/writer';
import type { OrganisationKind } from '../vocabulary';
import type { AccessService } from './access';
import { accessGrants, mayRoleSend } from './access-policy';
import { actorOf, type Actor, type AuthUser, type Clock } from './actor';
import { careServiceMails } from './care-services';
import { escalationMails } from './escalations';
import { prepareNotice } from './notices';
import { AUDIT_PERSONAL_PATHS } from './personal-data';
import { LEGAL_STATUS_URGENCY, placementJson, projectToNow, summarise } from './placement-view';
import { KeyedQueue } from './keyed-queue';
import { timedEvent } from '../metrics';

export interface PlacementsDeps {
  orm: Orm;
  writer: Pick<Writer, 'run'>;
  clock: Clock;
  access: AccessService;
  /** The service's public address: each notice JSON names its schema there. */
  publicUrl: string;
  /** The rulebook new placements start under (default: the active one). */
  rulebook?: Rulebook;
}

export type PlacementJson = ReturnType<typeof placementJson>;

/** What one accepted transition writes besides the placement row. */
interface TransitionPlan {
  id: string;
  expectedVersion: number | null;
  before: PersistedPlacement | null;
  after: PersistedPlacement;
  event: { type: string; at: string };
  actor: Actor;
  auditPayload: Record<string, unknown>;
  now: Date;
  /** More writes in the same transaction (mark a deadline fired, an outbox row sent). */
  extra?: (tx: Tx) => Promise<void>;
  /** The legal status code stored before the change (for escalation). */
  wasStatus?: string;
}

const isPlacingNation = (nation: string): nation is PlacingNation => PLACING_NATIONS.some((n) => n === nation);

export class PlacementsService {
  /** Writes to one placement from this process take turns (see KeyedQueue). */
  private readonly turns = new KeyedQueue();

  constructor(private readonly deps: PlacementsDeps) {}

  private get now(): Date {
    return this.deps.clock();
  }

  /** A placing authority starts a draft notification; answers the placement as the caller sees it. */
  async create(user: AuthUser, draft: Draft, via = 'POST /api/placements'): Promise<PlacementJson> {
    if (user.role !== 'placing') throw forbidden('Only a placing authority can create a placement.');
    const now = this.now;
    const em = this.deps.orm.em.fork();
    const placing = await em.findOne(Organisation, { id: user.organisationId });
    if (!placing || !isPlacingNation(placing.nation)) throw forbidden('Your organisation is not a placing authority in England, Wales or Northern Ireland.');
    await this.checkOrganisationRefs([
      { path: 'placement.hostAuthorityId', id: draft.placement.hostAuthorityId, kind: 'host-authority' },
      { path: 'placement.healthBoardId', id: draft.placement.healthBoardId, kind: 'health-board' },
      { path: 'placement.serviceProviderId', id: draft.placement.serviceProviderId, kind: 'service-provider' },
    ]);
    const id = randomUUID();
    const input: PlacementInput = {
      ...draft,
      placementId: id,
      rulebookId: (this.deps.rulebook ?? activeRulebook).id,
      placingAuthorityId: placing.id,
      placingNation: placing.nation,
      createdAt: now.toISOString(),
    };
    const started = startPlacement(input);
    if (!started.ok) throw invalid('The placement breaks a rule; see errors.', started.errors);
    const { child, ...rest } = draft;
    const version = await this.commit({
      id,
      expectedVersion: null,
      before: null,
      after: started.placement,
      event: { type: 'PLACEMENT_CREATED', at: now.toISOString() },
      actor: actorOf(user),
      // The audit log keeps what happened, not who the child is: name and date of birth stay in the record.
      auditPayload: { ...rest, child: { gender: child.gender } },
      now,
    });
    return this.answer(user, { id, version, createdAt: now, updatedAt: now }, started.placement, 'act', via);
  }

  /**
   * Applies one event from a user. Refuses with not-found (cannot see it), forbidden (role may not send
   * it, or read-only access), conflict (state does not allow it, or `ifMatch` is stale) and invalid
   * (content breaks a rule). Without `ifMatch`, a concurrent change is re-read and the event tried again.
   */
  async send(user: AuthUser, placementId: string, input: UserEventInput, options: { ifMatch?: number; via?: string } = {}): Promise<PlacementJson> {
    const actor = actorOf(user);
    if (!mayRoleSend(user.role, input.type)) {
      await this.deps.access.visible(actor, placementId); // 404 before 403: never confirm a placement exists
      throw forbidden(`A ${user.role} user cannot send ${input.type}.`);
    }
    const now = this.now;
    const event: PlacementEvent = { ...input, at: input.at ?? now.toISOString() };
    if (Date.parse(event.at) > now.getTime()) throw invalid('An event cannot happen in the future.', [{ path: 'at', message: 'must not be in the future' }]);
    const via = options.via ?? 'POST /api/placements/{id}/events';
    // The answer shows the child's identity: its read is logged in the event's own transaction.
    const logRead = this.deps.access.identityReadWrite(user, [placementId], via) ?? undefined;
    return this.turns.run(placementId, async () => {
      for (let attempt = 1; ; attempt++) {
        const { record, mode } = await this.deps.access.visible(actor, placementId);
        if (mode !== 'act') throw forbidden('Your organisation has read-only access to this placement.');
        if (attempt === 1) await this.checkOrganisationRefs(eventRefs(event));
        if (options.ifMatch !== undefined && options.ifMatch !== record.version)
          throw conflict(`The placement is at version ${record.version}, not ${options.ifMatch}; reload and try again.`);
        try {
          const { after, version } = await this.transition(record, event, actor, now, logRead);
          return placementJson({ ...record, version, updatedAt: now }, projectToNow(after, this.now), user.role, mode);
        } catch (e) {
          if (!isStale(e) || options.ifMatch !== undefined || attempt >= 5) throw e;
        }
      }
    });
  }

  /** Applies an event from the system (a clock falling due, a delivery outcome), with extra writes in its transaction. */
  async applySystemEvent(placementId: string, event: SystemEvent, extra?: (tx: Tx) => Promise<void>): Promise<void> {
    const now = this.now;
    return this.turns.run(placementId, async () => {
      for (let attempt = 1; ; attempt++) {
        const { record } = await this.deps.access.visible({ userId: null, role: 'system', organisationId: null }, placementId);
        try {
          await this.transition(record, event, { userId: null, role: 'system', organisationId: null }, now, extra);
          return;
        } catch (e) {
          if (!isStale(e) || attempt >= 5) throw e;
        }
      }
    });
  }

  /** The placement as the caller may see it, with the read of the child's identity logged. */
  async get(user: AuthUser, placementId: string, via = 'GET /api/placements/{id}'): Promise<PlacementJson> {
    const { record, mode } = await this.deps.access.visible(actorOf(user), placementId);
    return this.answer(user, record, this.current(record), mode, via);
  }

  /** A page of the placements the caller may see (newest first, or sorted); one read-log row for the whole page. */
  async list(
    user: AuthUser,
    query: Omit<ListFilter, 'visibleTo'> & { limit: number; offset: number; sort?: { by: ListSort['by']; direction: 'asc' | 'desc' } },
    via = 'GET /api/placements',
  ): Promise<{ items: PlacementJson[]; total: number; limit: number; offset: number }> {
    const { limit, offset, sort, ...filter } = query;
    const order = sort && { ...sort, now: this.now, urgency: LEGAL_STATUS_URGENCY };
    const { items, total } = await this.deps.access.list(actorOf(user), filter, { limit, offset }, order);
    await this.deps.access.logIdentityRead(
      user,
      items.map((i) => i.record.id),
      via,
    );
    return { items: items.map(({ record, mode }) => placementJson(record, this.current(record), user.role, mode)), total, limit, offset };
  }

  /** The stored snapshot as it stands now: clocks already due are elapsed in memory (the sweep may lag). */
  current(record: Pick<PlacementRecord, 'snapshot'> & Partial<Pick<PlacementRecord, 'id' | 'version'>>): PersistedPlacement {
    const { id, version } = record;
    // The snapshot is read (and parsed: see toRecord) only when this version is not already known.
    if (id !== undefined && version !== undefined)
      return this.deps.access.views.current(
        {
          id,
          version,
          get snapshot() {
            return record.snapshot;
          },
        },
        this.now,
      );
    return projectToNow(record.snapshot, this.now);
  }

  private async answer(
    user: AuthUser,
    row: Pick<PlacementRecord, 'id' | 'version' | 'createdAt' | 'updatedAt'>,
    snapshot: PersistedPlacement,
    mode: 'act' | 'read',
    via: string,
  ): Promise<PlacementJson> {
    await this.deps.access.logIdentityRead(user, [row.id], via);
    return placementJson(row, projectToNow(snapshot, this.now), user.role, mode);
  }

  /** Runs the machine on a stored placement and commits the result. */
  private async transition(record: PlacementRecord, event: PlacementEvent, actor: Actor, now: Date, extra?: (tx: Tx) => Promise<void>) {
    const result = applyEvent(record.snapshot, event);
    if (!result.ok) {
      if (result.reason === 'invalid') throw invalid('The event breaks a rule; see errors.', result.errors);
      throw conflict(result.message);
    }
    const after = result.placement;
    const version = await this.commit({
      id: record.id,
      expectedVersion: record.version,
      before: record.snapshot,
      after,
      event,
      actor,
      auditPayload: { ...event },
      now,
      extra,
      wasStatus: record.legalStatus,
    });
    return { after, version };
  }

  /** Commits a transition, timed for the metrics (cbp_event_apply_seconds). */
  private commit(plan: TransitionPlan): Promise<number> {
    return timedEvent(plan.event.type, () => this.prepareAndCommit(plan));
  }

  /** Prepares everything the transition produces, then writes it in one group-committed transaction. */
  private async prepareAndCommit(plan: TransitionPlan): Promise<number> {
    const { id, before, after, now } = plan;
    const view = viewOf(after);
    const deadlines = deadlineChanges(before?.context.deadlines ?? [], after.context.deadlines);
    const documents: DocumentRow[] = [];
    const mails: OutboxMail[] = [];
    if (plan.event.type === 'NOTICE_SIGNED' || plan.event.type === 'NOTICE_UPDATED') {
      const notice = await prepareNotice(this.deps.orm, id, after, this.deps.publicUrl);
      if (notice) {
        documents.push(notice.document);
        mails.push(...notice.mails);
      }
    }
    if (before)
      mails.push(...(await careServiceMails(this.deps.orm, { placementId: id, before, after, event: plan.event, actor: plan.actor, is: view.legalStatus })));
    if (before)
      mails.push(
        ...(await escalationMails(this.deps.orm, {
          placementId: id,
          before,
          was: plan.wasStatus ?? viewOf(before).legalStatus.code,
          after,
          is: view.legalStatus,
          now,
          changed: deadlines.changed,
        })),
      );
    const dialect = dialectOf(this.deps.orm);
    const write = {
      id,
      expectedVersion: plan.expectedVersion,
      snapshot: after,
      // Serialised here, not in the transaction: every job of the batch waits while one job's code runs.
      snapshotJson: dialect.json(after),
      summary: summarise(after, view),
      at: now,
      deadlines,
      access: changedAccess(before, after),
      documents,
    };
    const outbox = mailRows(mails, now, dialect);
    const version = await this.deps.writer.run(
      async (tx) => {
        const version = await writeTransition(tx, write);
        tx.audit({
          placementId: id,
          type: plan.event.type,
          at: new Date(plan.event.at),
          recordedAt: now,
          actorUserId: plan.actor.userId,
          actorRole: plan.actor.role,
          actorOrganisationId: plan.actor.organisationId,
          payload: plan.auditPayload,
          personal: AUDIT_PERSONAL_PATHS[plan.event.type],
        });
        await insertMailRows(tx, outbox);
        await plan.extra?.(tx);
        return version;
      },
      // Beside the batch's other transitions: it writes this placement's rows only, one write per placement at a time (this.turns).
      { concurrent: true },
    );
    // The next event on this placement reads the row without its snapshot, and takes this one.
    this.deps.access.views.remember(id, version, after);
    return version;
  }

  /** Every organisation an event names must exist and be of the right kind: a 422 naming the field, never a foreign-key 500. */
  private async checkOrganisationRefs(refs: OrganisationRef[]): Promise<void> {
    const named = refs.filter((r): r is OrganisationRef & { id: string } => !!r.id);
    if (named.length === 0) return;
    const found = await this.deps.orm.em.fork().find(Organisation, { id: { $in: named.map((r) => r.id) } });
    const kinds = new Map(found.map((o) => [o.id, o.kind]));
    const errors: FieldError[] = named
      .filter((r) => kinds.get(r.id) !== r.kind)
      .map((r) => ({ path: r.path, message: `must be the id of a known ${r.kind} organisation` }));
    if (errors.length) throw invalid('The request names an unknown organisation; see errors.', errors);
  }
}

interface OrganisationRef {
  path: string;
  id: string | null | undefined;
  kind: OrganisationKind;
}

function eventRefs(event: PlacementEvent): OrganisationRef[] {
  if (event.type === 'MOVE_PROPOSED')
    return [
      { path: 'placement.hostAuthorityId', id: event.placement.hostAuthorityId, kind: 'host-authority' },
      { path: 'placement.healthBoardId', id: event.placement.healthBoardId, kind: 'health-board' },
      { path: 'placement.serviceProviderId', id: event.placement.serviceProviderId, kind: 'service-provider' },
    ];
  if (event.type === 'ADVOCACY_OFFERED') return [{ path: 'providerId', id: event.providerId, kind: 'advocacy-provider' }];
  return [];
}

/** The access rows to write when the parties changed: new grants, and former parties kept read only. */
function changedAccess(before: PersistedPlacement | null, after: PersistedPlacement): AccessGrant[] | null {
  const was = before ? accessGrants(before.context) : new Map<string, { mode: 'act' | 'read'; reason: string }>();
  const now = accessGrants(after.context);
  const grants: AccessGrant[] = [];
  for (const [organisationId, g] of now) {
    const old = was.get(organisationId);
    if (!old || old.mode !== g.mode || old.reason !== g.reason) grants.push({ organisationId, ...g });
  }
  // An organisation no longer part of the placement (the home the child left, a replaced provider) keeps its history, read only.
  for (const [organisationId, g] of was)
    if (!now.has(organisationId) && g.mode === 'act') grants.push({ organisationId, mode: 'read', reason: `former ${g.reason}` });
  return grants.length ? grants : null;
}

/** The version read is no longer the stored one: another writer won; re-read and decide again. */
const isStale = (e: unknown) => e instanceof AppError && e.stale;
