// The Notice and Undertaking as JSON, for a receiving council's case system: built from the same model the
// PDF is rendered from, so it holds what the PDF prints and nothing more. Each field carries its printed
// text and the same value in machine form (ISO dates, codes, organisation ids); the document names its
// schema (versioned with the rulebook) and the SHA-256 of the PDF it stands beside.
import type { NoticeReason } from '../../machines/placement/types';
import type { Confidence, NoticeField, RecipientRole } from '../../machines/rulebook/types';
import { noticeAttachmentName } from './notice-email';
import type { NoticeModel, NoticeValue } from './notice-model';

/** Where the schema is served; `?rulebook=<id>` names the version (the active one without it). */
export const NOTICE_SCHEMA_PATH = '/api/schemas/notice.json';

/** The schema of notices under one rulebook version, at the service's public address: its `$id` and each document's `$schema`. */
export const noticeSchemaUrl = (baseUrl: string, rulebookId: string) => `${baseUrl.replace(/\/+$/, '')}${NOTICE_SCHEMA_PATH}?rulebook=${rulebookId}`;

export interface NoticeJsonField {
  section: NoticeField['section'];
  label: string;
  /** As printed; null where the PDF prints "Not provided". */
  text: string | null;
  /** The printed value in machine form; null when there is none (text then says why, e.g. "No fixed expiry"). */
  value: NoticeValue;
  mandatory: boolean;
  /** The `ref` of the field's entry in `sources`. */
  source: number;
}

export interface NoticeJson {
  $schema: string;
  /** The rulebook version whose schema this document follows. */
  schemaVersion: string;
  title: string;
  placementReference: string;
  version: number;
  versionLine: string;
  reasons: NoticeReason[];
  rulebook: { id: string; title: string; instrument: string };
  /** The printed sections in order, each naming its fields (keys of `fields`) in order. */
  sections: { id: NoticeField['section']; heading: string; fields: string[] }[];
  /** Every field, by its rulebook key. */
  fields: Record<string, NoticeJsonField>;
  undertaking: { number: number; id: string; text: string; source: number }[];
  recipients: { role: RecipientRole; label: string; required: boolean; source: number | null }[];
  sources: { ref: number; citation: string; confidence: Confidence }[];
  /** The PDF this document stands beside: its attachment name and SHA-256. */
  pdf: { fileName: string; sha256: string };
}

export function buildNoticeJson(model: NoticeModel, opts: { schemaUrl: string; pdfSha256: string }): NoticeJson {
  const printed = model.sections.filter((s) => s.fields.length > 0);
  return {
    $schema: opts.schemaUrl,
    schemaVersion: model.rulebook.id,
    title: model.title,
    placementReference: model.placementReference,
    version: model.version,
    versionLine: model.versionLine,
    reasons: model.reasons.map((r) => r.reason),
    rulebook: { ...model.rulebook },
    sections: printed.map((s) => ({ id: s.id, heading: s.heading, fields: s.fields.map((f) => f.key) })),
    fields: Object.fromEntries(
      printed.flatMap((s) =>
        s.fields.map((f) => [f.key, { section: s.id, label: f.label, text: f.value, value: f.data, mandatory: f.mandatory, source: f.source }]),
      ),
    ),
    undertaking: model.undertaking.map((u) => ({ number: u.number, id: u.id, text: u.text, source: u.source })),
    recipients: model.recipients.map((r) => ({ role: r.role, label: r.label, required: r.required, source: r.source || null })),
    sources: model.sources.map((s) => ({ ref: s.ref, citation: s.citation, confidence: s.confidence })),
    pdf: { fileName: noticeAttachmentName(model), sha256: opts.pdfSha256 },
  };
}

/** The stored bytes: a pure function of the document (key order fixed by construction), so its hash is evidence like the PDF's. */
export const noticeJsonBytes = (doc: NoticeJson): Buffer => Buffer.from(`${JSON.stringify(doc, null, 2)}\n`, 'utf8');
