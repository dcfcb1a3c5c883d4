// Rendered Notice and Undertaking versions and their delivery to each recipient, for those who may see
// the placement.
import { gone, notFound } from '../errors';
import { readOutboxRow } from '../outbox/messages';
import { Document, OutboxMessage } from '../store/entities';
import type { Orm } from '../store/orm';
import type { AccessService } from './access';
import type { Actor } from './actor';
import { apiOutboxStatus } from '../vocabulary';

export class DocumentsService {
  constructor(
    private readonly orm: Orm,
    private readonly access: AccessService,
  ) {}

  /** Every document of a placement, oldest version first, with each recipient's delivery. */
  async list(actor: Actor, placementId: string) {
    await this.access.visible(actor, placementId);
    const em = this.orm.em.fork();
    const docs = await em.find(Document, { placementId }, { orderBy: { version: 'asc' }, fields: ['id', 'kind', 'version', 'title', 'sha256', 'createdAt'] });
    const mail = (await em.find(OutboxMessage, { placementId, kind: 'notice' }, { orderBy: { createdAt: 'asc' } })).map(readOutboxRow);
    return docs.map((d) => ({
      id: d.id,
      kind: d.kind,
      version: d.version,
      title: d.title,
      sha256: d.sha256,
      createdAt: d.createdAt.toISOString(),
      href: `/api/documents/${d.id}.pdf`,
      deliveries: mail
        .flatMap((m) => (m.kind === 'notice' && m.payload.documentId === d.id ? [{ row: m.row, role: m.payload.recipientRole }] : []))
        .map(({ row, role }) => ({
          organisationId: row.recipientOrganisationId ?? null,
          recipientRole: role,
          address: row.address,
          status: apiOutboxStatus(row.status),
          attempts: row.attempts,
          sentAt: row.sentAt?.toISOString() ?? null,
          messageId: row.messageId ?? null,
          lastError: row.lastError ?? null,
          nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
        })),
    }));
  }

  /** The exact stored bytes of a document, if its placement is visible to the actor. */
  async pdf(actor: Actor, documentId: string): Promise<{ bytes: Buffer; version: number; sha256: string }> {
    const doc = await this.orm.em.fork().findOne(Document, { id: documentId });
    if (!doc) throw notFound(`No document ${documentId}.`);
    await this.access.visible(actor, doc.placementId).catch(() => {
      throw notFound(`No document ${documentId}.`);
    });
    if (doc.bytes.length === 0) throw gone(`Document ${documentId} was erased under the retention rule; its SHA-256 ${doc.sha256} is kept.`);
    return { bytes: Buffer.from(doc.bytes), version: doc.version, sha256: doc.sha256 };
  }
}
