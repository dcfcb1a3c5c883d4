// When a notice version is signed, render it and queue it to every recipient, inside the transaction
// that records the signature: the document, the mail and the state change stand or fall together.
import { randomUUID } from 'node:crypto';
import { currentNotice, type PersistedPlacement } from '../../machines/placement';
import { getRulebook } from '../../machines/rulebook';
import type { TransitionEffect } from '../engine/placement-service';
import { placementReference } from '../engine/placement-view';
import { invalid } from '../errors';
import { resolveRecipients } from '../mail/recipients';
import { Document, Organisation, OutboxMessage } from '../store/entities';
import type { Em } from '../store/orm';
import { sha256 } from './hash';
import { noticeAttachmentName, renderNoticeEmail } from './notice-email';
import { buildNoticeModel, missingMandatoryFields } from './notice-model';
import { documentTitle, renderNoticePdf } from './render-notice';

/** What an outbox row for a notice carries; the dispatcher needs nothing else to send it. */
export interface NoticeMailPayload {
  documentId: string;
  version: number;
  recipientRole: string;
  text: string;
  html: string;
  attachmentName: string;
  note?: string;
}

async function organisationNames(em: Em, p: PersistedPlacement): Promise<Map<string, string>> {
  const ctx = p.context;
  const ids = [ctx.placingAuthorityId, ...ctx.notices.flatMap((n) => [n.placement.hostAuthorityId, n.placement.healthBoardId ?? ''])].filter(Boolean);
  const orgs = await em.find(Organisation, { id: { $in: [...new Set(ids)] } });
  return new Map(orgs.map((o) => [o.id, o.name]));
}

export const issueNoticeDocuments: TransitionEffect = async ({ em, row, after, event, now }) => {
  if (event.type !== 'NOTICE_SIGNED' && event.type !== 'NOTICE_UPDATED') return;
  const version = currentNotice(after.context);
  if (!version) return;
  const book = getRulebook(after.rulebookId);
  const names = await organisationNames(em, after);
  const model = buildNoticeModel({
    book,
    context: after.context,
    version,
    organisationName: (id) => names.get(id),
    placementReference: placementReference(row.id),
  });
  const missing = missingMandatoryFields(model);
  if (missing.length)
    throw invalid('The notice lacks fields the law requires; see errors.', missing.map((f) => ({ path: f.key, message: `${f.label} is required on the notice (${f.citation})` })));
  const recipients = await resolveRecipients(em, after.context, version);

  const bytes = await renderNoticePdf(model);
  // The id is needed now (the outbox rows point at it), not at flush.
  const document = em.create(Document, {
    id: randomUUID(),
    placementId: row.id,
    kind: 'notice',
    version: version.version,
    title: documentTitle(model),
    sha256: sha256(bytes),
    bytes,
    createdAt: now,
  });
  em.persist(document);
  const labels = new Map(book.recipients[version.setting].map((r) => [r.role, r.label]));
  for (const r of recipients) {
    const mail = renderNoticeEmail({ model, recipientLabel: labels.get(r.role) ?? r.role, organisationName: r.name });
    const payload: NoticeMailPayload = {
      documentId: document.id,
      version: version.version,
      recipientRole: r.role,
      text: mail.text,
      html: mail.html,
      attachmentName: noticeAttachmentName(model),
      ...(r.note ? { note: r.note } : {}),
    };
    em.persist(
      em.create(OutboxMessage, {
        placementId: row.id,
        kind: 'notice',
        recipientOrganisationId: r.organisationId,
        address: r.address,
        subject: mail.subject,
        payload: payload as unknown as Record<string, unknown>,
        status: 'queued',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      }),
    );
  }
};
