// A child's record as data protection law sees it: who was shown the child's identity, everything held
// about the child for a subject access request, and erasure once the retention time has passed (the
// events, dates and hashes stay, so the audit chain still verifies and the record still proves what
// happened).
import { placementReference, viewOf, type PersistedPlacement } from '../../machines/placement';
import { getRulebook } from '../../machines/rulebook';
import { forbidden } from '../errors';
import { readOutboxRow } from '../outbox/messages';
import { readPlacementAudit } from '../store/audit-chain';
import { Document, OutboxMessage, Placement } from '../store/entities';
import type { Orm } from '../store/orm';
import type { Writer } from '../store/writer';
import type { AccessService } from './access';
import { SYSTEM_ACTOR, type Actor, type AuthUser, type Clock } from './actor';
import { auditEntryJson } from './audit';
import { ERASED, eraseSnapshot, retentionDue } from './personal-data';
import { summarise } from './placement-view';
import type { ReportsService } from './reports';
import { mayReadRelationshipEvent } from './access-policy';
import type { RelationshipsService } from './relationships';
import { redactRelationships } from './relationships-view';
import { writeTransition } from '../store/placement-store';

/** Who may answer for a child's record: the placing authority (the controller) and the Scottish reviewers. */
const RECORD_ROLES = ['placing', 'inspector', 'ministers'] as const;

export interface ErasureOutcome {
  placementId: string;
  reference: string;
  dueAt: string;
  result: 'due' | 'erased' | 'changed-meanwhile';
}

export class RecordsService {
  constructor(
    private readonly orm: Orm,
    private readonly writer: Pick<Writer, 'run'>,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly reports: ReportsService,
    private readonly relationships: Pick<RelationshipsService, 'scopeFor'>,
  ) {}

  private async forRecordRoles(user: AuthUser, placementId: string) {
    const visible = await this.access.visible({ userId: user.id, role: user.role, organisationId: user.organisationId }, placementId);
    if (!RECORD_ROLES.some((role) => role === user.role))
      throw forbidden('Only the placing authority, the Care Inspectorate and the Scottish Ministers may read this.');
    return visible;
  }

  /** Every time someone was shown the child's name and date of birth (newest first). */
  async identityReads(user: AuthUser, placementId: string, page: { limit: number; offset: number }) {
    await this.forRecordRoles(user, placementId);
    return this.access.identityReads(placementId, page);
  }

  /** Everything held about the child, for a subject access request; the export is itself logged as a read. */
  async subjectAccess(user: AuthUser, placementId: string) {
    const { record, mode } = await this.forRecordRoles(user, placementId);
    const ctx = record.snapshot.context;
    // The child's voice and relationships go to the placing authority (the controller) and an inspector reviewing the placement.
    const scope = await this.relationships.scopeFor(user, placementId, mode);
    const em = this.orm.em.fork();
    const [audit, timeline, docs, mail, reads] = await Promise.all([
      readPlacementAudit(em, placementId),
      this.reports.timeline(SYSTEM_ACTOR, placementId),
      em.find(Document, { placementId }, { orderBy: { version: 'asc' }, fields: ['id', 'kind', 'version', 'title', 'sha256', 'jsonSha256', 'createdAt'] }),
      em.find(OutboxMessage, { placementId }, { orderBy: { createdAt: 'asc' } }),
      this.access.identityReads(placementId, { limit: 10_000, offset: 0 }),
    ]);
    await this.access.logIdentityRead(user, [placementId], 'subject access export');
    const view = viewOf(record.snapshot);
    return {
      generatedAt: this.clock().toISOString(),
      reference: placementReference(placementId),
      placementId,
      rulebook: record.snapshot.rulebookId,
      erased: ctx.child.firstName === ERASED,
      child: ctx.child,
      legalStatus: view.legalStatus,
      record: { ...ctx, relationships: redactRelationships(ctx.relationships, scope) },
      events: audit.map(({ entry, payload }) => ({ ...auditEntryJson(entry), payload: mayReadRelationshipEvent(scope, entry.type) ? payload : entry.payload })),
      timeline: timeline.milestones,
      documents: docs.map((d) => ({
        id: d.id,
        kind: d.kind,
        version: d.version,
        title: d.title,
        sha256: d.sha256,
        jsonSha256: d.jsonSha256 ?? null,
        createdAt: d.createdAt.toISOString(),
      })),
      mail: mail.map((m) => ({ kind: m.kind, to: m.address, subject: m.subject, status: m.status, sentAt: m.sentAt?.toISOString() ?? null, role: roleOf(m) })),
      identityReads: reads.items.map((r) => ({ at: r.at.toISOString(), userId: r.userId, organisationId: r.organisationId, role: r.role, via: r.via })),
    };
  }

  /** Placements whose retention time has passed and whose personal data is still held. */
  async dueForErasure(): Promise<ErasureOutcome[]> {
    const now = this.clock();
    const rows = await this.orm.em
      .fork()
      .find(Placement, { erasedAt: null, state: { $in: ['ended', 'superseded', 'transferred'] } }, { fields: ['id', 'snapshot'] });
    const out: ErasureOutcome[] = [];
    for (const r of rows) {
      const due = retentionDue(getRulebook(r.snapshot.rulebookId), r.snapshot);
      if (due && due.getTime() <= now.getTime()) out.push({ placementId: r.id, reference: placementReference(r.id), dueAt: due.toISOString(), result: 'due' });
    }
    return out;
  }

  /**
   * Erases the personal data of every placement past its retention time (or lists them, on a dry run):
   * the child's name and date of birth (its year kept) and the free text about the child in the record,
   * the values kept beside the audit chain, the notices' PDF and JSON bytes (their hashes stay) and the mail bodies.
   * One transaction per placement, each an audit entry.
   */
  async erase(actor: Actor, options: { dryRun: boolean }): Promise<ErasureOutcome[]> {
    const due = await this.dueForErasure();
    if (options.dryRun) return due;
    const out: ErasureOutcome[] = [];
    for (const item of due) {
      const row = await this.orm.em.fork().findOneOrFail(Placement, { id: item.placementId });
      out.push({ ...item, result: (await this.eraseOne(actor, row.id, row.version, row.snapshot, item.dueAt)) ? 'erased' : 'changed-meanwhile' });
    }
    return out;
  }

  private async eraseOne(actor: Actor, id: string, version: number, snapshot: PersistedPlacement, dueAt: string): Promise<boolean> {
    const now = this.clock();
    const { snapshot: erased, sha256 } = eraseSnapshot(snapshot);
    const book = getRulebook(snapshot.rulebookId);
    try {
      await this.writer.run(async (tx) => {
        const d = tx.sql.dialect;
        await writeTransition(tx, {
          id,
          expectedVersion: version,
          snapshot: erased,
          summary: summarise(erased),
          at: now,
          deadlines: { opened: [], changed: [] },
          access: null,
          documents: [],
        });
        await tx.sql.run('update placement set erased_at = ? where id = ?', [d.date(now), id]);
        await tx.sql.run('delete from audit_personal where seq in (select seq from audit_event where placement_id = ?)', [id]);
        const none = d.bytes(new Uint8Array(0));
        await tx.sql.run('update document set bytes = ? where placement_id = ?', [none, id]);
        // A version signed before notices were also issued as JSON keeps its null: there never was a JSON.
        await tx.sql.run('update document set json_bytes = ? where placement_id = ? and json_bytes is not null', [none, id]);
        // Mail already sent keeps what it was (kind, recipient, document) but not its words.
        const sent = await tx.sql.all<{ id: string; payload: unknown }>(
          `select id, payload from outbox_message where placement_id = ? and status <> 'queued'`,
          [id],
        );
        for (const m of sent)
          await tx.sql.run('update outbox_message set payload = ? where id = ?', [
            d.json({ ...d.readJson<Record<string, unknown>>(m.payload), ...ERASED_BODY }),
            m.id,
          ]);
        tx.audit({
          placementId: id,
          type: 'PERSONAL_DATA_ERASED',
          at: now,
          recordedAt: now,
          actorUserId: actor.userId,
          actorRole: actor.role,
          actorOrganisationId: actor.organisationId,
          payload: {
            dueAt,
            rules: ['P.retention-years-after-end', 'P.retention-until-age'].map((rule) => `${rule} = ${String(book.parameters[rule]?.value ?? 'default')}`),
            erasedSha256: sha256,
            erased: [
              'child name and date of birth (year kept)',
              'free text about the child',
              'audit values kept beside the chain',
              'notice PDF and JSON bytes (hashes kept)',
              'mail bodies',
            ],
          },
        });
      });
      return true;
    } catch (e) {
      if (e instanceof Error && 'stale' in e && e.stale) return false;
      throw e;
    }
  }
}

const ERASED_BODY = { text: ERASED, html: `<p>${ERASED}</p>` };

const roleOf = (m: OutboxMessage): string | null => {
  const typed = readOutboxRow(m);
  return typed.kind === 'notice' ? typed.payload.recipientRole : null;
};
