// The actions a user may take on a placement page: one small form per event type. Which appear is the
// API's answer (`allowedEvents`, already narrowed to the caller's role and access), never decided here.
import { activeRulebook } from '../../../machines/rulebook';
import type { FieldDef } from './fields';

export interface ActionDef {
  type: string;
  /** Button and page title. */
  title: string;
  /** One line for the action list. */
  summary: string;
  fields: FieldDef[];
  /** Ask when it happened (blank: now). False for acts that happen as the form is sent (signing). */
  askWhen: boolean;
  /** Warning shown above the button. */
  warning?: string;
}

const reason = (path: string, label: string): FieldDef => ({ path, label, kind: 'textarea', required: true });
const legalBasisFields: FieldDef[] = [
  {
    path: 'legalBasis.type',
    label: 'Legal basis',
    kind: 'radios',
    required: true,
    options: activeRulebook.legalBases.map((b) => ({ value: b.type, text: b.label })),
  },
  { path: 'legalBasis.court', label: 'Court', kind: 'text' },
  { path: 'legalBasis.madeOn', label: 'Date the new order was made', kind: 'date', required: true },
  { path: 'legalBasis.effectiveFrom', label: 'When the new order takes effect', kind: 'datetime', required: true },
  { path: 'legalBasis.expiresAt', label: 'When the new order expires', kind: 'datetime', hint: 'Leave blank if it has no fixed expiry' },
];
const signatoryFields: FieldDef[] = [
  { path: 'signatory.name', label: 'Your full name', kind: 'text', required: true, autocomplete: 'name' },
  {
    path: 'signatory.role',
    label: 'Your role',
    kind: 'text',
    required: true,
    hint: 'The notice must be signed by an authorised representative, for example Head of Children in Care',
  },
];

// ---- the child's voice and relationships ----------------------------------------------------------

const opt = (value: string, text: string) => ({ value, text });
const viewsFields = (required: boolean): FieldDef[] => [
  {
    path: 'childViews.method',
    label: "How were the child's views heard?",
    kind: 'radios',
    required,
    options: [opt('direct', 'Directly from the child'), opt('advocate', 'Through an advocate'), opt('not-possible', 'It was not possible to hear them')],
  },
  {
    path: 'childViews.said',
    label: 'What the child said about the placement',
    kind: 'textarea',
    hint: "In the child's own words where the child agrees. Needed unless it was not possible to hear the child. Never on the notice.",
  },
  { path: 'childViews.ownWords', label: "Are these the child's own words, written down with the child's agreement?", kind: 'boolean' },
  { path: 'childViews.notPossibleReason', label: "Why it was not possible to hear the child's views", kind: 'textarea' },
  { path: 'childViews.recordedBy.name', label: 'Your name', kind: 'text', required, autocomplete: 'name' },
  { path: 'childViews.recordedBy.role', label: 'Your role', kind: 'text', required },
  {
    path: 'childViews.wantsAdvocate',
    label: 'Does the child want an independent advocate?',
    kind: 'radios',
    options: [opt('yes', 'Yes'), opt('no', 'No'), opt('not-sure', 'Not sure')],
  },
  {
    path: 'childViews.communication',
    label: 'What helps the child give their views',
    kind: 'textarea',
    hint: 'For example a language, an interpreter or a communication aid. With whether the child wants an advocate, this is the only part that goes on the notice (its advocacy needs).',
  },
];
/** The paths that make up the child's views (on a visit or review form, all optional until one is given). */
export const VIEWS_PATHS = viewsFields(false).map((f) => f.path);
export const VIEWS_REQUIRED_WITH_ANY = ['childViews.method', 'childViews.recordedBy.name', 'childViews.recordedBy.role'];

const SIBLING_RELATIONSHIPS = [
  opt('full', 'Brother or sister'),
  opt('half', 'Half-brother or half-sister'),
  opt('step', 'Stepbrother or stepsister'),
  opt('other', 'Someone the child has grown up with like a brother or sister'),
];
const FAMILY_TIME_HOW = [opt('in-person', 'In person'), opt('video', 'Video call'), opt('phone', 'Phone call')];

const act = (type: string, title: string, summary: string, fields: FieldDef[] = [], extra: Partial<ActionDef> = {}): ActionDef => ({
  type,
  title,
  summary,
  fields,
  askWhen: true,
  ...extra,
});

export const ACTIONS: ActionDef[] = [
  act('NOTICE_SIGNED', 'Sign and send the notice', 'Sign the Notice and Undertaking and send it to every recipient', signatoryFields, { askWhen: false }),
  act('NOTICE_UPDATED', 'Sign and send an updated notice', 'Send a new version of the notice after a change', signatoryFields, { askWhen: false }),
  act('CHILD_ARRIVED', 'Record the arrival', 'The child has arrived at the placement in Scotland'),
  act('HOST_CONDITIONS_CONFIRMED', 'Confirm the conditions', 'As the host authority, confirm the notice is complete and the conditions are met'),
  act('HOST_QUERY_RAISED', 'Raise a query', 'Ask the placing authority about the notice', [reason('text', 'Your query')]),
  act('HOST_QUERY_ANSWERED', 'Answer the query', "Answer the host authority's open query", [reason('text', 'Your answer')]),
  act('ORDER_CHANGED', 'Report an order change', 'A new order replaces the one the notice describes', legalBasisFields, {
    warning: 'An updated notice must then be given within the time the regulations allow.',
  }),
  act('MOVE_PROPOSED', 'Propose a move', 'Plan a move to another placement in Scotland', [
    { path: 'placement.hostAuthorityId', label: 'Host local authority (organisation id)', kind: 'text', required: true, width: 'govuk-input--width-20' },
    { path: 'placement.serviceName', label: 'Name of the new care home or fostering service', kind: 'text', required: true },
    { path: 'placement.serviceAddress', label: 'New placement address', kind: 'text' },
    { path: 'placement.plannedStart', label: 'Planned move', kind: 'datetime', required: true },
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
  ]),
  act('MOVE_WITHDRAWN', 'Withdraw the planned move', 'The planned move will not happen'),
  act('MOVED', 'Record the move', 'The child moved to the proposed placement', [
    {
      path: 'siblings.movingToo',
      label: 'Brothers or sisters placed with the child who move too',
      kind: 'list',
      hint: 'Their record numbers, for example S1, S2. Leave blank if none.',
    },
    { path: 'siblings.separationReason', label: 'If the move parts the child from brothers or sisters placed together: why', kind: 'textarea' },
    { path: 'siblings.contactPlan', label: 'And how they will stay connected', kind: 'textarea' },
  ]),
  act('DOL_EXTENDED', 'Record a DoL extension', 'The court extended the deprivation of liberty order', [
    { path: 'expiresAt', label: 'New expiry', kind: 'datetime', required: true },
  ]),
  act('DOL_TERMINATED', 'Record that the DoL order ended', 'The deprivation of liberty order was terminated'),
  act('SCOTTISH_CSO_MADE', 'Record a Scottish order', "A children's hearing made a compulsory supervision order", [
    { path: 'interim', label: 'Is it an interim order?', kind: 'boolean', required: true },
  ]),
  act('ADVOCACY_OFFERED', 'Record the advocacy offer', 'The child was told of, and offered, independent advocacy'),
  act('ADVOCACY_NOT_APPROPRIATE', 'Record that advocacy is not appropriate', "Because of the child's age and maturity", [reason('reason', 'Reason')]),
  act('ADVOCACY_ACCEPTED', 'Record that advocacy was accepted', 'The child accepted advocacy'),
  act('ADVOCACY_DECLINED', 'Record that advocacy was declined', 'The child declined advocacy'),
  act('ADVOCATE_ASSIGNED', 'Record the advocate', 'An advocate was assigned', [{ path: 'advocate', label: "Advocate's name", kind: 'text' }]),
  act('VISIT_RECORDED', 'Record a visit', 'The placing authority visited the child', viewsFields(false)),
  act('REVIEW_RECORDED', 'Record a review', "The child's care plan was reviewed, and what the child said about it", viewsFields(false), {
    warning: "A review with no recorded views is flagged in the work queue until the child's views are recorded for it.",
  }),
  act('ENFORCEMENT_NOTICE_ISSUED', 'Give notice of intent to enforce', 'The Scottish Ministers intend to apply to a sheriff', [
    reason('duty', 'The duty to perform'),
  ]),
  act('DUTY_PERFORMED', 'Record that the duty was performed', 'The duty named in the enforcement notice was performed'),
  act('SHERIFF_APPLICATION_MADE', 'Record the application to the sheriff', 'The Scottish Ministers applied for an enforcement order'),
  act('ENFORCEMENT_ORDER_MADE', 'Record the enforcement order', 'The sheriff made an enforcement order'),
  act('TRANSFER_PROPOSED', 'Propose a permanent transfer', 'A Part 15 transfer to the host authority'),
  act('TRANSFER_CONSENTED', 'Consent to the transfer', 'The host authority consents in writing'),
  act('TRANSFER_REFUSED', 'Refuse the transfer', 'The host authority refuses the transfer'),
  act('TRANSFER_EFFECTIVE', 'Record that the transfer took effect', 'The transfer took effect'),
  act('REPORTER_NOTIFIED', 'Record notice to the Principal Reporter', 'The host authority told the Principal Reporter'),
  act('HEARING_HELD', "Record the children's hearing", "The children's hearing was held"),
  act(
    'SERVICE_EVIDENCE_CONFIRMED',
    'Confirm you hold evidence of the order',
    'As the care service, confirm you hold a copy of the order and of the notice before you admit the child',
    [
      {
        path: 'evidence',
        label: 'What evidence do you hold?',
        kind: 'textarea',
        required: true,
        hint: 'For example: copy of the deprivation of liberty order made on 2 March 2026, and notice version 1',
      },
    ],
    { warning: 'The host authority and the Care Inspectorate can see what you record here.' },
  ),
  act('CHILD_DEPARTED', 'Record that the child left', 'The child has left your service (this does not end the placement)', [
    { path: 'reason', label: 'Where did the child go, if you know?', kind: 'textarea' },
  ]),
  act('CHILD_VIEWS_RECORDED', "Record the child's views", 'What the child said about the placement, and how it was heard', [
    {
      path: 'occasion',
      label: 'When were the views heard?',
      kind: 'radios',
      required: true,
      options: [
        opt('notification', 'When the placement was notified'),
        opt('visit', 'At a visit'),
        opt('review', 'For a review'),
        opt('other', 'At another time'),
      ],
    },
    ...viewsFields(true),
  ]),
  act('SIBLING_RECORDED', 'Record a brother or sister', 'Where they live and, if apart, why and how they stay connected', [
    {
      path: 'sibling.siblingId',
      label: 'Is this a change to a brother or sister already recorded?',
      kind: 'radios',
      recordChoices: 'siblings',
      hint: 'Leave unselected to record someone not yet recorded.',
    },
    { path: 'sibling.knownAs', label: 'What the child calls them', kind: 'text', hint: 'Never on the notice.' },
    { path: 'sibling.relationship', label: 'Relationship', kind: 'radios', required: true, options: SIBLING_RELATIONSHIPS },
    { path: 'sibling.ageYears', label: 'Their age in years', kind: 'number' },
    {
      path: 'sibling.livesWhere',
      label: 'Where do they live?',
      kind: 'radios',
      required: true,
      options: [
        opt('same-placement', 'In the same placement (placed together)'),
        opt('elsewhere-in-scotland', 'Elsewhere in Scotland'),
        opt('home-nation', "In the child's home nation"),
        opt('elsewhere', 'Somewhere else'),
      ],
    },
    { path: 'sibling.separationReason', label: 'If they are apart: why they are not placed together', kind: 'textarea' },
    { path: 'sibling.contactPlan', label: 'If they are apart: the plan for them to stay connected', kind: 'textarea' },
  ]),
  act('FAMILY_TIME_ARRANGED', 'Arrange family time', 'Who the child spends time with, how often and how', [
    { path: 'arrangement.arrangementId', label: 'Is this a change to an arrangement already recorded?', kind: 'radios', recordChoices: 'arrangements' },
    {
      path: 'arrangement.who',
      label: 'Who the child spends time with',
      kind: 'text',
      required: true,
      hint: 'For example "Mum" or "brother Sam". Never on the notice.',
    },
    {
      path: 'arrangement.relationship',
      label: 'Who they are to the child',
      kind: 'radios',
      required: true,
      options: [
        opt('parent', 'Parent'),
        opt('sibling', 'Brother or sister'),
        opt('grandparent', 'Grandparent'),
        opt('other-relative', 'Another relative'),
        opt('friend', 'Friend'),
        opt('other', 'Someone else'),
      ],
    },
    { path: 'arrangement.siblingId', label: 'For a brother or sister: which one', kind: 'radios', recordChoices: 'siblings' },
    { path: 'arrangement.how', label: 'How', kind: 'radios', required: true, options: FAMILY_TIME_HOW },
    { path: 'arrangement.frequency.times', label: 'How many times', kind: 'number', required: true },
    {
      path: 'arrangement.frequency.per',
      label: 'Per',
      kind: 'radios',
      required: true,
      options: [opt('week', 'Week'), opt('fortnight', 'Fortnight'), opt('month', 'Month'), opt('quarter', 'Quarter'), opt('year', 'Year')],
    },
    {
      path: 'arrangement.fromPostcodeDistrict',
      label: 'The postcode district they live in',
      kind: 'text',
      hint: 'The first half of the postcode only, for example B15. No full address.',
      width: 'govuk-input--width-5',
    },
    { path: 'arrangement.milesFromPlacement', label: 'Miles from there to the placement', kind: 'number' },
    { path: 'arrangement.ended', label: 'Has this arrangement stopped?', kind: 'boolean' },
  ]),
  act('FAMILY_TIME_RECORDED', 'Record family time', 'A planned session that was held or missed', [
    { path: 'session.arrangementId', label: 'Which arrangement', kind: 'radios', required: true, recordChoices: 'arrangements' },
    { path: 'session.held', label: 'Did it happen?', kind: 'boolean', required: true },
    { path: 'session.how', label: 'How it was held, if not as arranged', kind: 'radios', options: FAMILY_TIME_HOW },
    {
      path: 'session.missedReason',
      label: 'If it did not happen: why',
      kind: 'radios',
      options: [
        opt('child-chose-not-to', 'The child chose not to'),
        opt('family-did-not-come', 'The family member did not come'),
        opt('cancelled-by-service', 'Cancelled by the care service'),
        opt('cancelled-by-placing-authority', 'Cancelled by the placing authority'),
        opt('transport', 'Transport'),
        opt('illness', 'Illness'),
        opt('other', 'Another reason (say in the note)'),
      ],
    },
    { path: 'session.note', label: 'Note', kind: 'textarea' },
  ]),
  act('ADVOCACY_MATTER_RAISED', 'Record a matter the child raised', 'Something the child raised through the advocate', [
    { path: 'matter.text', label: 'What the child raised', kind: 'textarea', required: true },
  ]),
  act('ADVOCACY_MATTER_UPDATED', 'Record what happened about a matter', 'What was done about a matter the child raised through the advocate', [
    { path: 'outcome.matterId', label: 'Which matter', kind: 'radios', required: true, recordChoices: 'matters' },
    {
      path: 'outcome.status',
      label: 'Where it stands',
      kind: 'radios',
      required: true,
      options: [
        opt('ongoing', 'Being looked at'),
        opt('acted-on', 'Acted on'),
        opt('partly-acted-on', 'Partly acted on'),
        opt('not-acted-on', 'Not acted on (say why)'),
        opt('withdrawn', 'The child withdrew it'),
      ],
    },
    { path: 'outcome.text', label: 'What was done, or why not', kind: 'textarea', required: true },
  ]),
  act('PLACEMENT_ENDED', 'End the placement', 'The placement has ended', [reason('reason', 'Why the placement ended')], {
    warning: 'The recipients of the notice must be told that the placement has ended.',
  }),
];

export const actionSlug = (type: string) => type.toLowerCase().replace(/_/g, '-');
export const actionBySlug = (slug: string) => ACTIONS.find((a) => actionSlug(a.type) === slug);
export const actionByType = (type: string) => ACTIONS.find((a) => a.type === type);

export const WHEN_FIELD: FieldDef = {
  path: 'at',
  label: 'When did this happen?',
  kind: 'datetime',
  hint: 'Leave blank if it happened just now. It cannot be in the future.',
};
