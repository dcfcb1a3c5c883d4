// The Notice and Undertaking as plain data: every value the document prints, in the rulebook's order,
// each with the citation it is required by. Renderers (PDF, email) only lay this out.
import { ageOn, localDate } from '../../machines/calendar';
import type { Confidence, NoticeField, Provenance, RecipientRole, Rulebook } from '../../machines/rulebook/types';
import type { Contact, NoticeVersion, PlacementContext } from '../../machines/placement/types';
import { advocacyNeedsFromViews } from '../../machines/placement/relationships';
import { noticeLayout, sectionOrder, type NoticeSectionId } from '../../templates/notice/layout';
import { capitalise, formatDate, formatInstant } from '../outbox/format';
import { describeReasons, type ReasonPhrase } from './notice-reasons';

export interface NoticeSource {
  ref: number;
  citation: string;
  confidence: Confidence;
}

export interface NoticeModelField {
  key: string;
  label: string;
  /** null when nothing was recorded: printed as "Not provided". */
  value: string | null;
  mandatory: boolean;
  citation: string;
  confidence: Confidence;
  /** Index into `sources`, for a compact footnote. */
  source: number;
}

export interface NoticeModelSection {
  id: NoticeSectionId;
  heading: string;
  fields: NoticeModelField[];
}

export interface NoticeModel {
  title: string;
  rulebook: { id: string; title: string; instrument: string };
  placementReference: string;
  version: number;
  signedAt: string;
  versionLine: string;
  reasons: ReasonPhrase[];
  reasonSummary: string;
  placingAuthorityName: string | null;
  socialWorker: Contact | null;
  sections: NoticeModelSection[];
  undertaking: { number: number; id: string; text: string; source: number }[];
  recipients: { role: RecipientRole; label: string; required: boolean; source: number }[];
  sources: NoticeSource[];
}

export interface BuildNoticeArgs {
  book: Rulebook;
  context: PlacementContext;
  version: NoticeVersion;
  organisationName: (id: string) => string | undefined;
  placementReference: string;
}

const SETTING_LABELS: Record<string, string> = {
  residential: 'Residential care (care home)',
  foster: 'Foster care',
};
const PERMANENCE_LABELS: Record<string, string> = {
  temporary: 'Temporary placement',
  permanent: 'Permanent placement (transfer of responsibility may follow)',
};

const text = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

export function formatContact(c: Contact | undefined): string | null {
  if (!c) return null;
  return text([c.name, c.role, c.phone, c.email].map(text).filter(Boolean).join(', '));
}

/** Value of each rulebook field key; a key the rulebook adds later prints "Not provided" until mapped here. */
function resolver({ book, context, version, organisationName }: BuildNoticeArgs): (key: string) => string | null {
  const tz = book.timeZone;
  const org = (id: string | null | undefined) => (id ? text(organisationName(id)) : null);
  const lb = version.legalBasis;
  const p = version.placement;
  const values: Record<string, () => string | null> = {
    'placingAuthority.name': () => org(context.placingAuthorityId),
    'child.gender': () => text(context.child.gender) && capitalise(context.child.gender.trim()),
    'child.age': () => {
      const age = ageOn(context.child.dateOfBirth, localDate(version.signedAt));
      return `${age} ${age === 1 ? 'year' : 'years'}`;
    },
    'child.name': () => text(`${context.child.firstName} ${context.child.lastName}`),
    'child.dateOfBirth': () => formatDate(context.child.dateOfBirth, tz),
    'legalBasis.effectiveFrom': () => (lb.effectiveFrom ? formatInstant(lb.effectiveFrom, tz) : null),
    'legalBasis.expiresAt': () => (lb.expiresAt ? formatInstant(lb.expiresAt, tz) : noticeLayout.noFixedExpiry),
    'legalBasis.type': () => book.legalBases.find((b) => b.type === lb.type)?.label ?? text(lb.type),
    'legalBasis.court': () => text(lb.court),
    'legalBasis.madeOn': () => (lb.madeOn ? formatDate(lb.madeOn, tz) : null),
    'placement.serviceName': () => text(p.serviceName),
    'placement.serviceAddress': () => text(p.serviceAddress),
    'placement.careInspectorateNumber': () => text(p.careInspectorateNumber),
    'placement.hostAuthority': () => org(p.hostAuthorityId),
    'placement.healthBoard': () => org(p.healthBoardId),
    'placement.setting': () => SETTING_LABELS[version.setting] ?? version.setting,
    'placement.plannedStart': () => (p.plannedStart ? formatInstant(p.plannedStart, tz) : null),
    'placement.permanence': () => PERMANENCE_LABELS[p.permanence] ?? text(p.permanence),
    'placement.bestInterests': () => text(p.bestInterests),
    'signatory.name': () => text(version.signatory.name),
    'signatory.role': () => text(version.signatory.role),
    'signatory.signedAt': () => formatInstant(version.signedAt, tz),
    'signatory.method': () => text(version.signatory.method),
    // The one field the child's views may reach: what advocacy needs, never what the child said (REL.child-views).
    'needs.advocacy': () => text([text(context.needs.advocacy), advocacyNeedsFromViews(context.relationships)].filter(Boolean).join('\n')),
  };
  return (key) => {
    if (values[key]) return values[key]();
    const [group, name] = key.split('.');
    if (group === 'needs') return text(context.needs[name]);
    if (group === 'contacts') return formatContact(context.contacts[name]);
    return null;
  };
}

/** The child's name and date of birth, only where the rulebook says the notice prints them. */
function childIdentityFields(book: Rulebook): NoticeField[] {
  const param = book.parameters['P.notice-prints-child-name'];
  if (param?.value !== true) return [];
  const prov = { citation: param.citation, confidence: param.confidence };
  return [
    { key: 'child.name', label: "Child's name", section: 'child', mandatory: true, ...prov },
    { key: 'child.dateOfBirth', label: "Child's date of birth", section: 'child', mandatory: true, ...prov },
  ];
}

/** Numbers each distinct citation once, in order of first use. */
function sourceIndex() {
  const sources: NoticeSource[] = [];
  const ref = (p: Provenance) => {
    let s = sources.find((x) => x.citation === p.citation && x.confidence === p.confidence);
    if (!s) sources.push((s = { ref: sources.length + 1, citation: p.citation, confidence: p.confidence }));
    return s.ref;
  };
  return { sources, ref };
}

export function buildNoticeModel(args: BuildNoticeArgs): NoticeModel {
  const { book, context, version } = args;
  const value = resolver(args);
  const { sources, ref } = sourceIndex();
  const fields = [...childIdentityFields(book), ...book.noticeFields];
  const sections = sectionOrder.map(({ id, heading }) => ({
    id,
    heading,
    fields: fields
      .filter((f) => f.section === id)
      .map((f) => ({
        key: f.key,
        label: f.label,
        value: value(f.key),
        mandatory: f.mandatory,
        citation: f.citation,
        confidence: f.confidence,
        source: ref(f),
      })),
  }));
  const undertaking = book.undertaking.map((u, i) => ({ number: i + 1, id: u.id, text: u.text, source: ref(u) }));
  const recipientRules = [...book.recipients[version.setting], ...Object.values(book.recipients).flat()];
  const recipients = version.recipients.map((r) => {
    const rule = recipientRules.find((x) => x.role === r.role);
    return { role: r.role, label: rule?.label ?? r.role, required: r.required, source: rule ? ref(rule) : 0 };
  });
  const described = describeReasons({ context, version, timeZone: book.timeZone });
  return {
    title: noticeLayout.title,
    rulebook: { id: book.id, title: book.title, instrument: book.instrument },
    placementReference: args.placementReference,
    version: version.version,
    signedAt: version.signedAt,
    versionLine: described.versionLine,
    reasons: described.reasons,
    reasonSummary: described.summary,
    placingAuthorityName: value('placingAuthority.name'),
    socialWorker: context.contacts.socialWorker ?? null,
    sections,
    undertaking,
    recipients,
    sources,
  };
}

/** Mandatory fields with nothing to print: a version with any of these should not be signed or sent. */
export function missingMandatoryFields(model: NoticeModel): NoticeModelField[] {
  return model.sections.flatMap((s) => s.fields).filter((f) => f.mandatory && f.value === null);
}
