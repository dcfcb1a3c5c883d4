// What signing a Notice and Undertaking version produces, prepared before the write transaction: the
// rendered PDF and the same notice as JSON (bytes and hashes a pure function of the snapshot, both from
// one model) and one mail per recipient the rulebook names, carrying both. The placements service commits
// them with the signature, so they stand or fall together.
import { placementReference } from '../../machines/placement';
import { randomUUID } from 'node:crypto';
import { currentNotice, type PersistedPlacement } from '../../machines/placement';
import { getRulebook } from '../../machines/rulebook';
import { sha256 } from '../documents/hash';
import { noticeAttachmentName, noticeJsonName, renderNoticeEmail } from '../documents/notice-email';
import { buildNoticeJson, noticeJsonBytes, noticeSchemaUrl } from '../documents/notice-json';
import { buildNoticeModel, missingMandatoryFields } from '../documents/notice-model';
import { documentTitle } from '../documents/render-notice';
import { renderNoticeOffThread } from '../documents/render-thread';
import { invalid } from '../errors';
import type { OutboxMail } from '../outbox/messages';
import { resolveRecipients } from '../outbox/recipients';
import { Organisation } from '../store/entities';
import type { Orm } from '../store/orm';
import type { DocumentRow } from '../store/placement-store';

export interface PreparedNotice {
  document: DocumentRow;
  mails: OutboxMail[];
}

/** The current notice version of `after` as a document and its mails; refuses what cannot be sent. */
export async function prepareNotice(orm: Orm, placementId: string, after: PersistedPlacement, publicUrl: string): Promise<PreparedNotice | null> {
  const version = currentNotice(after.context);
  if (!version) return null;
  const em = orm.em.fork();
  const book = getRulebook(after.rulebookId);
  const ctx = after.context;
  const ids = [ctx.placingAuthorityId, ...ctx.notices.flatMap((n) => [n.placement.hostAuthorityId, n.placement.healthBoardId ?? ''])].filter(Boolean);
  const names = new Map((await em.find(Organisation, { id: { $in: [...new Set(ids)] } })).map((o) => [o.id, o.name]));
  const model = buildNoticeModel({ book, context: ctx, version, organisationName: (id) => names.get(id), placementReference: placementReference(placementId) });
  const missing = missingMandatoryFields(model);
  if (missing.length)
    throw invalid(
      'The notice lacks fields the law requires; see errors.',
      missing.map((f) => ({ path: f.key, message: `${f.label} is required on the notice (${f.citation})` })),
    );
  const recipients = await resolveRecipients(em, ctx, version);
  const bytes = await renderNoticeOffThread(model);
  const pdfSha256 = sha256(bytes);
  const json = noticeJsonBytes(buildNoticeJson(model, { schemaUrl: noticeSchemaUrl(publicUrl, book.id), pdfSha256 }));
  const document: DocumentRow = {
    id: randomUUID(),
    kind: 'notice',
    version: version.version,
    title: documentTitle(model),
    sha256: pdfSha256,
    bytes,
    json: { sha256: sha256(json), bytes: json },
  };
  const labels = new Map(book.recipients[version.setting].map((r) => [r.role, r.label]));
  const mails: OutboxMail[] = recipients.map((r) => {
    const mail = renderNoticeEmail({ model, recipientLabel: labels.get(r.role) ?? r.role, organisationName: r.name });
    return {
      kind: 'notice',
      placementId,
      recipientOrganisationId: r.organisationId,
      address: r.address,
      subject: mail.subject,
      payload: {
        documentId: document.id,
        version: version.version,
        recipientRole: r.role,
        text: mail.text,
        html: mail.html,
        attachmentName: noticeAttachmentName(model),
        jsonAttachmentName: noticeJsonName(model),
        ...(r.note ? { note: r.note } : {}),
      },
    };
  });
  return { document, mails };
}
