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
  act('MOVED', 'Record the move', 'The child moved to the proposed placement'),
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
  act('VISIT_RECORDED', 'Record a visit', 'The placing authority visited the child'),
  act('REVIEW_RECORDED', 'Record a review', "The child's care plan was reviewed"),
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
