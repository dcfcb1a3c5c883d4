// Rendered Notice and Undertaking versions (the PDF and the same notice as JSON) and their delivery to
// each recipient, for those who may see the placement.
import { activeRulebook, findRulebook } from '../../machines/rulebook';
import { noticeJsonSchemaBytes } from '../documents/notice-json-schema';
import { AppError, gone, notFound } from '../errors';
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
    /** The service's public address: the notice schema's `$id` is there. */
    private readonly publicUrl: string,
  ) {}

  /** The JSON Schema of notices under a rulebook version (the active one by default), as served bytes with their ETag. */
  noticeSchema(rulebookId?: string): { rulebookId: string; bytes: Buffer; etag: string } {
    // Own keys only: `?rulebook=constructor` is a name the pattern allows and an object inherits.
    const book = rulebookId === undefined ? activeRulebook : findRulebook(rulebookId);
    if (!book)
      throw new AppError('not-found', `No rulebook ${rulebookId}; GET /api/rulebook/versions lists them.`, [
        { path: 'rulebook', message: 'is not a rulebook version' },
      ]);
    return { rulebookId: book.id, ...noticeJsonSchemaBytes(book, this.publicUrl) };
  }

  /** Every document of a placement, oldest version first, with each recipient's delivery. */
  async list(actor: Actor, placementId: string) {
    await this.access.visible(actor, placementId);
    const em = this.orm.em.fork();
    const docs = await em.find(
      Document,
      { placementId },
      { orderBy: { version: 'asc' }, fields: ['id', 'kind', 'version', 'title', 'sha256', 'jsonSha256', 'createdAt'] },
    );
    const mail = (await em.find(OutboxMessage, { placementId, kind: 'notice' }, { orderBy: { createdAt: 'asc' } })).map(readOutboxRow);
    return docs.map((d) => ({
      id: d.id,
      kind: d.kind,
      version: d.version,
      title: d.title,
      sha256: d.sha256,
      createdAt: d.createdAt.toISOString(),
      href: `/api/documents/${d.id}.pdf`,
      // The same notice as JSON (its `$schema` names the schema of its rulebook version); null before JSON was issued.
      json: d.jsonSha256 ? { href: `/api/documents/${d.id}.json`, sha256: d.jsonSha256, contentType: 'application/json' } : null,
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

  /** The exact stored PDF bytes of a document, if its placement is visible to the actor. */
  async pdf(actor: Actor, documentId: string): Promise<{ bytes: Buffer; version: number; sha256: string }> {
    const doc = await this.readable(actor, documentId);
    if (doc.bytes.length === 0) throw gone(`Document ${documentId} was erased under the retention rule; its SHA-256 ${doc.sha256} is kept.`);
    return { bytes: Buffer.from(doc.bytes), version: doc.version, sha256: doc.sha256 };
  }

  /** The exact stored JSON bytes of a document: the same access check as its PDF. */
  async json(actor: Actor, documentId: string): Promise<{ bytes: Buffer; version: number; sha256: string }> {
    const doc = await this.readable(actor, documentId);
    if (!doc.jsonSha256 || !doc.jsonBytes)
      throw notFound(`Document ${documentId} (version ${doc.version}) was signed before notices were also issued as JSON.`);
    if (doc.jsonBytes.length === 0) throw gone(`Document ${documentId} was erased under the retention rule; its JSON SHA-256 ${doc.jsonSha256} is kept.`);
    return { bytes: Buffer.from(doc.jsonBytes), version: doc.version, sha256: doc.jsonSha256 };
  }

  /** A document whose placement the actor may see; otherwise not-found, never a hint that it exists. */
  private async readable(actor: Actor, documentId: string) {
    const doc = await this.orm.em.fork().findOne(Document, { id: documentId });
    if (!doc) throw notFound(`No document ${documentId}.`);
    await this.access.visible(actor, doc.placementId).catch(() => {
      throw notFound(`No document ${documentId}.`);
    });
    return doc;
  }
}
