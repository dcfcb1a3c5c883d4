// "Notify a placement": the steps of the draft notification, each a page of fields, checked with the
// same zod schemas the API uses (machines/placement/events.ts) so a step's errors appear on that step.
import type { z } from 'zod';
import { isRecord } from '../../../machines/guards';
import { ChildSchema, ContactsSchema, LegalBasisSchema, NeedsSchema, PlacementDetailsSchema, SettingSchema } from '../../../machines/placement';
import { activeRulebook } from '../../../machines/rulebook';
import type { OrganisationJson } from '../backend';
import type { FieldDef } from './fields';

export interface NotifyStep {
  slug: string;
  title: string;
  /** Short name in the task list and "check your answers". */
  name: string;
  fields: (orgs: OrganisationJson[]) => FieldDef[];
  /** Checks this step's part of the draft; paths are the draft's own (e.g. `child.firstName`). */
  check: (answers: Record<string, unknown>) => { path: string; message: string }[];
  intro?: string;
}

function issues(schema: z.ZodType, value: unknown, prefix: string) {
  const r = schema.safeParse(value ?? {});
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));
}

const contactFields = (key: string, who: string): FieldDef[] => [
  { path: `contacts.${key}.name`, label: `${who}: name`, kind: 'text', width: 'govuk-!-width-two-thirds' },
  { path: `contacts.${key}.role`, label: `${who}: job title`, kind: 'text', width: 'govuk-!-width-two-thirds' },
  { path: `contacts.${key}.phone`, label: `${who}: phone`, kind: 'text', width: 'govuk-input--width-20', autocomplete: 'off' },
  { path: `contacts.${key}.email`, label: `${who}: email`, kind: 'email', width: 'govuk-!-width-two-thirds', autocomplete: 'off' },
];

export const NOTIFY_STEPS: NotifyStep[] = [
  {
    slug: 'child',
    name: 'Child',
    title: 'About the child',
    intro: "The notice carries the child's age and gender; their name and date of birth stay in this record.",
    fields: () => [
      { path: 'child.firstName', label: 'First name', kind: 'text', required: true, width: 'govuk-!-width-one-half', autocomplete: 'off' },
      { path: 'child.lastName', label: 'Last name', kind: 'text', required: true, width: 'govuk-!-width-one-half', autocomplete: 'off' },
      { path: 'child.dateOfBirth', label: 'Date of birth', kind: 'date', required: true, hint: 'For example, 27 3 2012' },
      { path: 'child.gender', label: 'Gender', kind: 'text', required: true, width: 'govuk-!-width-one-third', hint: 'As the child describes it' },
    ],
    check: (a) => issues(ChildSchema, a.child, 'child'),
  },
  {
    slug: 'legal-basis',
    name: 'Legal basis',
    title: 'The order or arrangement',
    fields: () => [
      {
        path: 'legalBasis.type',
        label: 'Legal basis',
        kind: 'radios',
        required: true,
        options: activeRulebook.legalBases.map((b) => ({ value: b.type, text: b.label })),
      },
      {
        path: 'legalBasis.court',
        label: 'Court',
        kind: 'text',
        hint: 'Leave blank for an arrangement without a court order',
        width: 'govuk-!-width-two-thirds',
      },
      { path: 'legalBasis.madeOn', label: 'Date the order was made', kind: 'date', required: true },
      { path: 'legalBasis.effectiveFrom', label: 'When the order takes effect', kind: 'datetime', required: true },
      { path: 'legalBasis.expiresAt', label: 'When the order expires', kind: 'datetime', hint: 'Leave blank if it has no fixed expiry' },
    ],
    check: (a) => issues(LegalBasisSchema, { expiresAt: null, ...(isRecord(a.legalBasis) ? a.legalBasis : {}) }, 'legalBasis'),
  },
  {
    slug: 'placement',
    name: 'Placement',
    title: 'The placement in Scotland',
    fields: (orgs) => [
      {
        path: 'setting',
        label: 'Type of care',
        kind: 'radios',
        required: true,
        options: [
          { value: 'residential', text: 'Residential care (a care home)' },
          { value: 'foster', text: 'Foster care' },
        ],
      },
      {
        path: 'placement.hostAuthorityId',
        label: 'Host local authority',
        kind: 'select',
        required: true,
        hint: 'The Scottish council for the placement address',
        options: orgs.filter((o) => o.kind === 'host-authority').map((o) => ({ value: o.id, text: o.name })),
      },
      { path: 'placement.serviceName', label: 'Name of the care home or fostering service', kind: 'text', required: true },
      { path: 'placement.serviceAddress', label: 'Placement address', kind: 'text' },
      { path: 'placement.serviceEmail', label: "Service's email address", kind: 'email', width: 'govuk-!-width-two-thirds' },
      {
        path: 'placement.careInspectorateNumber',
        label: 'Care Inspectorate service number',
        kind: 'text',
        width: 'govuk-input--width-20',
        hint: 'For example, CS2020000001',
      },
      { path: 'placement.plannedStart', label: 'Planned arrival', kind: 'datetime', required: true },
      {
        path: 'placement.permanence',
        label: 'Expected duration',
        kind: 'radios',
        required: true,
        options: [
          { value: 'temporary', text: 'Temporary' },
          { value: 'permanent', text: 'Permanent' },
        ],
      },
      { path: 'placement.bestInterests', label: "Why a placement in Scotland is in the child's best interests", kind: 'textarea' },
    ],
    check: (a) => [...issues(SettingSchema, a.setting, 'setting'), ...issues(PlacementDetailsSchema, a.placement, 'placement')],
  },
  {
    slug: 'needs',
    name: 'Needs',
    title: "The child's needs",
    fields: () => [
      { path: 'needs.health', label: 'Health needs', kind: 'textarea' },
      { path: 'needs.education', label: 'Education needs', kind: 'textarea' },
      { path: 'needs.advocacy', label: 'Advocacy needs', kind: 'textarea' },
    ],
    check: (a) => issues(NeedsSchema, a.needs, 'needs'),
  },
  {
    slug: 'contacts',
    name: 'Contacts',
    title: 'Contacts',
    fields: () => [
      ...contactFields('socialWorker', 'Social worker'),
      ...contactFields('teamManager', 'Team manager'),
      ...contactFields('reviewingOfficer', 'Independent reviewing officer'),
      ...contactFields('outOfHours', 'Out-of-hours contact'),
    ],
    check: (a) => issues(ContactsSchema, a.contacts, 'contacts'),
  },
];

export const stepBySlug = (slug: string) => NOTIFY_STEPS.find((s) => s.slug === slug);

/** The step whose page holds the field at `path` (for errors the API finds at the end). */
export function stepForPath(path: string): NotifyStep {
  const head = path.split(/[.[]/)[0];
  if (head === 'setting') return NOTIFY_STEPS[2];
  return NOTIFY_STEPS.find((s) => s.fields([]).some((f) => f.path.split('.')[0] === head)) ?? NOTIFY_STEPS[0];
}

/** Every field's label by path, for error messages. */
export function notifyLabels(): Record<string, string> {
  return Object.fromEntries(NOTIFY_STEPS.flatMap((s) => s.fields([]).map((f) => [f.path, f.label])));
}

export const NOTIFY_DATE_FIELDS = NOTIFY_STEPS.flatMap((s) =>
  s
    .fields([])
    .filter((f) => f.kind === 'date' || f.kind === 'datetime')
    .map((f) => f.path),
);

/** Drops empty sections and empty strings, so optional parts are absent rather than blank. */
export function draftFromAnswers(answers: Record<string, unknown>): Record<string, unknown> {
  const cleanRecord = (r: Record<string, unknown>): Record<string, unknown> | undefined => {
    const entries = Object.entries(r)
      .map(([k, x]) => [k, clean(x)] as const)
      .filter(([, x]) => x !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  };
  const clean = (v: unknown): unknown => (isRecord(v) && !Array.isArray(v) ? cleanRecord(v) : v === '' ? undefined : v);
  const draft = cleanRecord(answers) ?? {};
  if (isRecord(draft.legalBasis) && !('expiresAt' in draft.legalBasis)) draft.legalBasis.expiresAt = null;
  return draft;
}
