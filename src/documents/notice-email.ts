// The covering email for a notice version, in text and HTML. It names the placement by reference only:
// the template data is built here from chosen model fields, so the child's name can never reach it.
import type { NoticeModel } from './notice-model';
import { renderTextAndHtml } from '../outbox/templates';

export interface NoticeEmail {
  subject: string;
  text: string;
  html: string;
}

export interface NoticeEmailArgs {
  model: NoticeModel;
  /** The rulebook label of the recipient, e.g. "Care Inspectorate (...)". */
  recipientLabel: string;
  /** The recipient organisation's name, when known. */
  organisationName?: string;
}

/** File name for the attached PDF; the reference is reduced to safe characters. */
export function noticeAttachmentName(model: NoticeModel): string {
  return `notice-${model.placementReference.replace(/[^A-Za-z0-9_-]+/g, '-')}-v${model.version}.pdf`;
}

/** File name for the attached JSON: the PDF's, with `.json`. */
export const noticeJsonName = (model: NoticeModel) => noticeAttachmentName(model).replace(/\.pdf$/, '.json');

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

export function noticeEmailSubject(model: NoticeModel): string {
  return oneLine(`Cross-border placement notice ${model.placementReference}, version ${model.version} (${model.reasonSummary})`);
}

function contactData(model: NoticeModel) {
  const c = model.socialWorker;
  if (!c) return null;
  const clean = (v: string | null | undefined) => v?.trim() || null;
  const parts = [c.name, c.role, c.phone, c.email].map(clean).filter((v): v is string => !!v);
  if (parts.length === 0) return null;
  const who = [c.name, c.role].map(clean).filter(Boolean).join(', ');
  return { parts, who, phone: clean(c.phone), email: clean(c.email) };
}

/** "9 March 2026 at 15:00 GMT by Jo Bloggs, Head of Children in Care", from the signature block. */
function signedLine(model: NoticeModel): string | null {
  const value = (key: string) => model.sections.flatMap((s) => s.fields).find((f) => f.key === key)?.value ?? null;
  const at = value('signatory.signedAt');
  const by = [value('signatory.name'), value('signatory.role')].filter(Boolean).join(', ');
  return at ? (by ? `${at} by ${by}` : at) : null;
}

export function renderNoticeEmail({ model, recipientLabel, organisationName }: NoticeEmailArgs): NoticeEmail {
  const data = {
    reference: model.placementReference,
    version: model.version,
    signed: signedLine(model),
    reasons: model.reasons.map((r) => r.text),
    instrument: model.rulebook.instrument,
    rulebookId: model.rulebook.id,
    placingAuthority: model.placingAuthorityName ?? 'The placing authority',
    recipientLabel,
    organisationName: organisationName ?? null,
    attachment: noticeAttachmentName(model),
    jsonAttachment: noticeJsonName(model),
    contact: contactData(model),
  };
  return { subject: noticeEmailSubject(model), ...renderTextAndHtml('email/notice', data) };
}
