// Who may see which placement, decided in one place for single placements and lists alike, and the log
// of every time a user was shown a child's name and date of birth.
import { notFound } from '../errors';
import type { Orm } from '../store/orm';
import { identityReadsOf, listPlacements, readPlacement, type ListFilter, type ListSort, type PlacementRecord } from '../store/placement-store';
import { withSql } from '../store/sql';
import type { Tx, Writer } from '../store/writer';
import type { AccessMode } from '../vocabulary';
import { accessModeOf, SEES_ALL, SEES_CHILD_IDENTITY } from './access-policy';
import type { Actor, AuthUser, Clock } from './actor';
import { StoredViews } from './stored-views';

export interface VisiblePlacement {
  record: PlacementRecord;
  mode: AccessMode;
}

export class AccessService {
  /** The latest version seen of recent placements, parsed: reads of a placement still at it skip its snapshot. */
  readonly views = new StoredViews();

  constructor(
    private readonly orm: Orm,
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  /** The placement if the actor may know it exists; otherwise not-found, never a hint that it does. */
  async visible(actor: Actor, placementId: string): Promise<VisiblePlacement> {
    const record = await withSql(this.orm, (sql) => readPlacement(sql, placementId, actor.organisationId, this.views.known(placementId)));
    const mode = record ? accessModeOf(actor, record.access) : null;
    if (!record || !mode) throw notFound(`No placement ${placementId}.`);
    return { record, mode };
  }

  /** A page of the placements the actor may see, with each one's access mode. */
  async list(actor: Actor, filter: Omit<ListFilter, 'visibleTo'>, page: { limit: number; offset: number }, sort?: ListSort) {
    const all = actor.role === 'system' || SEES_ALL.includes(actor.role);
    if (actor.role === 'admin' || (!all && !actor.organisationId)) return { items: [], total: 0 };
    const scoped: ListFilter = all ? filter : { ...filter, visibleTo: actor.organisationId ?? undefined };
    const { items, total } = await withSql(this.orm, (sql) => listPlacements(sql, scoped, page, sort));
    return { items: items.map((record) => ({ record, mode: accessModeOf(actor, record.access) ?? 'read' })), total };
  }

  /** Whether the user's role is shown children's names and dates of birth. */
  seesIdentity = (user: Pick<AuthUser, 'role'>): boolean => SEES_CHILD_IDENTITY.includes(user.role);

  /**
   * Records that `user` was shown these children's identities, one row per request, in the next group
   * commit (durable before the caller answers, without a transaction of its own). Roles shown only
   * gender are not logged.
   */
  async logIdentityRead(user: AuthUser, placementIds: string[], via: string): Promise<void> {
    const write = this.identityReadWrite(user, placementIds, via);
    if (write) await this.writer.run(write);
  }

  /** The same record as a write to add to a transaction the caller is committing anyway (null: none owed). */
  identityReadWrite(user: AuthUser, placementIds: string[], via: string): ((tx: Tx) => Promise<void>) | null {
    if (!this.seesIdentity(user) || placementIds.length === 0) return null;
    const read = { placementIds, userId: user.id, organisationId: user.organisationId, role: user.role, via, at: this.clock() };
    return async (tx) => tx.identityRead(read);
  }

  /**
   * Records that `user` was shown the child's views, siblings and family time (or what advocacy changed):
   * logged like a read of the identity, for every role shown them, with `via` saying what was read.
   */
  async logRelationshipsRead(user: AuthUser, placementIds: string[], via: string): Promise<void> {
    if (placementIds.length === 0) return;
    const read = { placementIds, userId: user.id, organisationId: user.organisationId, role: user.role, via: `relationships: ${via}`, at: this.clock() };
    await this.writer.run(async (tx) => tx.identityRead(read));
  }

  /** Who was shown a child's identity, newest first (for the inspector and a subject access request). */
  async identityReads(placementId: string, page: { limit: number; offset: number } = { limit: 500, offset: 0 }) {
    return withSql(this.orm, (sql) => identityReadsOf(sql, placementId, page));
  }
}
