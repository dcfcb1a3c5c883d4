// The audit log for reviewers: a placement's entries, the whole chain's verification, and signed bundles
// a reviewer checks offline.
import { AuditEvent } from '../store/entities';
import { buildBundle, signingKey, type AuditBundle } from '../store/audit-bundle';
import { readPlacementAudit, verifyAuditChain, type ChainVerdict } from '../store/audit-chain';
import type { Orm } from '../store/orm';
import type { AccessService } from './access';
import { mayReadRelationshipEvent } from './access-policy';
import type { Actor, Clock } from './actor';
import type { RelationshipsService } from './relationships';

export interface AuditEntryJson {
  seq: number;
  type: string;
  at: string;
  recordedAt: string;
  actor: { userId: string | null; role: string; organisationId: string | null };
  payload: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

export const auditEntryJson = (e: AuditEvent): AuditEntryJson => ({
  seq: e.seq,
  type: e.type,
  at: e.at.toISOString(),
  recordedAt: e.recordedAt.toISOString(),
  actor: { userId: e.actorUserId ?? null, role: e.actorRole, organisationId: e.actorOrganisationId ?? null },
  payload: e.payload,
  prevHash: e.prevHash ?? null,
  hash: e.hash,
});

export class AuditService {
  constructor(
    private readonly orm: Orm,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly relationships?: Pick<RelationshipsService, 'scopeFor'>,
  ) {}

  /** A placement's entries in order, for those who may see the placement. */
  async placementEntries(actor: Actor, placementId: string): Promise<AuditEntryJson[]> {
    const { mode } = await this.access.visible(actor, placementId);
    const scope =
      actor.role === 'system' ? 'all' : ((await this.relationships?.scopeFor({ id: actor.userId ?? '', role: actor.role }, placementId, mode)) ?? 'none');
    // Personal values kept beside the chain are shown in place; erased ones stay `{ "$erasable": hash }`. The child's
    // voice and relationships only to those who may read them: the others see the entry as chained (hashes in place).
    return (await readPlacementAudit(this.orm.em.fork(), placementId)).map(({ entry, payload }) => ({
      ...auditEntryJson(entry),
      payload: mayReadRelationshipEvent(scope, entry.type) ? payload : entry.payload,
    }));
  }

  /** Recomputes the whole chain. */
  verify(): Promise<ChainVerdict> {
    return verifyAuditChain(this.orm.em.fork());
  }

  async placementBundle(actor: Actor, placementId: string): Promise<AuditBundle> {
    await this.access.visible(actor, placementId);
    return buildBundle(this.orm.em.fork(), { kind: 'placement', placementId }, this.clock());
  }

  wholeChainBundle(): Promise<AuditBundle> {
    return buildBundle(this.orm.em.fork(), { kind: 'all' }, this.clock());
  }

  async signingKey(): Promise<{ keyId: string; publicKeyPem: string }> {
    const key = await signingKey(this.orm.em.fork(), this.clock());
    return { keyId: key.id, publicKeyPem: key.publicKeyPem };
  }
}
