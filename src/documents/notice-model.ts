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

/** What a field's machine-readable value is (the notice JSON carries it beside the printed text). */
export type NoticeValueKind = 'text' | 'date' | 'date-time' | 'code' | 'organisation' | 'years' | 'contact';

/** A contact as recorded, each part trimmed (null when blank); printed joined by commas. */
export interface NoticeContactValue {
  name: string | null;
  role: string | null;
  phone: string | null;
  email: string | null;
}

/** The value a field prints, in machine form: the same information as the text, never more. */
export type NoticeValue = string | number | NoticeContactValue | null;

export interface NoticeModelField {
  key: string;
  label: string;
  /** null when nothing was recorded: printed as "Not provided". */
  value: string | null;
  /** The printed value in machine form (ISO dates, codes, organisation ids); null when nothing was recorded. */
  kind: NoticeValueKind;
  data: NoticeValue;
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

/** How coded values print: each code's label (a code without one prints as recorded). */
export const CODE_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'placement.setting': { residential: 'Residential care (care home)', foster: 'Foster care' },
  'placement.permanence': { temporary: 'Temporary placement', permanent: 'Permanent placement (transfer of responsibility may follow)' },
};

const text = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

export function formatContact(c: Contact | undefined): string | null {
  if (!c) return null;
  return text([c.name, c.role, c.phone, c.email].map(text).filter(Boolean).join(', '));
}

function contactValue(c: Contact | undefined): NoticeContactValue | null {
  if (!formatContact(c)) return null;
  return { name: text(c?.name), role: text(c?.role), phone: text(c?.phone), email: text(c?.email) };
}

/** A field's printed text and the value it prints. */
interface Resolved {
  text: string | null;
  data: NoticeValue;
}

/**
 * How each rulebook field key prints and what kind its value is. `none` is the text printed when there is
 * no value (the order's "No fixed expiry"), so a null value with text is not a missing field.
 */
export const FIELD_KINDS: Readonly<Record<string, { kind: NoticeValueKind; none?: string }>> = {
  'placingAuthority.name': { kind: 'organisation' },
  'child.gender': { kind: 'text' },
  'child.age': { kind: 'years' },
  'child.name': { kind: 'text' },
  'child.dateOfBirth': { kind: 'date' },
  'legalBasis.effectiveFrom': { kind: 'date-time' },
  'legalBasis.expiresAt': { kind: 'date-time', none: noticeLayout.noFixedExpiry },
  'legalBasis.type': { kind: 'code' },
  'legalBasis.court': { kind: 'text' },
  'legalBasis.madeOn': { kind: 'date' },
  'placement.serviceName': { kind: 'text' },
  'placement.serviceAddress': { kind: 'text' },
  'placement.careInspectorateNumber': { kind: 'text' },
  'placement.hostAuthority': { kind: 'organisation' },
  'placement.healthBoard': { kind: 'organisation' },
  'placement.setting': { kind: 'code' },
  'placement.plannedStart': { kind: 'date-time' },
  'placement.permanence': { kind: 'code' },
  'placement.bestInterests': { kind: 'text' },
  'signatory.name': { kind: 'text' },
  'signatory.role': { kind: 'text' },
  'signatory.signedAt': { kind: 'date-time' },
  'signatory.method': { kind: 'text' },
};

/** The kind of a field's value; a key not listed (needs, contacts, a key the rulebook adds later) by its group. */
export function fieldKind(key: string): NoticeValueKind {
  return FIELD_KINDS[key]?.kind ?? (key.startsWith('contacts.') ? 'contact' : 'text');
}

/** Value of each rulebook field key; a key the rulebook adds later prints "Not provided" until mapped here. */
function resolver({ book, context, version, organisationName }: BuildNoticeArgs): (key: string) => Resolved {
  const tz = book.timeZone;
  const same = (v: string | null | undefined): Resolved => ({ text: text(v), data: text(v) });
  const org = (id: string | null | undefined): Resolved => {
    const name = id ? text(organisationName(id)) : null;
    return { text: name, data: name ? (id ?? null) : null };
  };
  const date = (v: string | null | undefined): Resolved => (v ? { text: formatDate(v, tz), data: v } : { text: null, data: null });
  const instant = (v: string | null | undefined, none: string | null = null): Resolved =>
    v ? { text: formatInstant(v, tz), data: v } : { text: none, data: null };
  const code = (key: string, v: string | null | undefined, label?: string): Resolved => {
    const c = text(v);
    return { text: c ? (label ?? CODE_LABELS[key]?.[c] ?? c) : null, data: c };
  };
  const lb = version.legalBasis;
  const p = version.placement;
  const values: Record<string, () => Resolved> = {
    'placingAuthority.name': () => org(context.placingAuthorityId),
    'child.gender': () => {
      const g = text(context.child.gender);
      return { text: g && capitalise(g), data: g };
    },
    'child.age': () => {
      const age = ageOn(context.child.dateOfBirth, localDate(version.signedAt));
      return { text: `${age} ${age === 1 ? 'year' : 'years'}`, data: age };
    },
    'child.name': () => same(`${context.child.firstName} ${context.child.lastName}`),
    'child.dateOfBirth': () => date(context.child.dateOfBirth),
    'legalBasis.effectiveFrom': () => instant(lb.effectiveFrom),
    'legalBasis.expiresAt': () => instant(lb.expiresAt, FIELD_KINDS['legalBasis.expiresAt'].none),
    'legalBasis.type': () => code('legalBasis.type', lb.type, book.legalBases.find((b) => b.type === lb.type)?.label),
    'legalBasis.court': () => same(lb.court),
    'legalBasis.madeOn': () => date(lb.madeOn),
    'placement.serviceName': () => same(p.serviceName),
    'placement.serviceAddress': () => same(p.serviceAddress),
    'placement.careInspectorateNumber': () => same(p.careInspectorateNumber),
    'placement.hostAuthority': () => org(p.hostAuthorityId),
    'placement.healthBoard': () => org(p.healthBoardId),
    'placement.setting': () => code('placement.setting', version.setting),
    'placement.plannedStart': () => instant(p.plannedStart),
    'placement.permanence': () => code('placement.permanence', p.permanence),
    'placement.bestInterests': () => same(p.bestInterests),
    'signatory.name': () => same(version.signatory.name),
    'signatory.role': () => same(version.signatory.role),
    'signatory.signedAt': () => instant(version.signedAt),
    'signatory.method': () => same(version.signatory.method),
    // The one field the child's views may reach: what advocacy needs, never what the child said (REL.child-views).
    'needs.advocacy': () => same([text(context.needs.advocacy), advocacyNeedsFromViews(context.relationships)].filter(Boolean).join('\n')),
  };
  return (key) => {
    if (values[key]) return values[key]();
    const [group, name] = key.split('.');
    if (group === 'needs') return same(context.needs[name]);
    if (group === 'contacts') return { text: formatContact(context.contacts[name]), data: contactValue(context.contacts[name]) };
    return { text: null, data: null };
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

/** Every field a notice under `book` prints, in the rulebook's order (the notice JSON's schema lists the same). */
export const noticeFieldsOf = (book: Rulebook): NoticeField[] => [...childIdentityFields(book), ...book.noticeFields];

export function buildNoticeModel(args: BuildNoticeArgs): NoticeModel {
  const { book, context, version } = args;
  const value = resolver(args);
  const { sources, ref } = sourceIndex();
  const fields = noticeFieldsOf(book);
  const sections = sectionOrder.map(({ id, heading }) => ({
    id,
    heading,
    fields: fields
      .filter((f) => f.section === id)
      .map((f) => {
        const resolved = value(f.key);
        return {
          key: f.key,
          label: f.label,
          value: resolved.text,
          kind: fieldKind(f.key),
          data: resolved.data,
          mandatory: f.mandatory,
          citation: f.citation,
          confidence: f.confidence,
          source: ref(f),
        };
      }),
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
    placingAuthorityName: value('placingAuthority.name').text,
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
