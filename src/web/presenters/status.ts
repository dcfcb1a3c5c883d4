// Legal status in words and colours. The words say what the status means for the child's order; the
// colour is never the only signal (the text says it all).
import { isOneOf } from '../../../machines/guards';
import { LEGAL_STATUS_CODES, type LegalStatusCode } from '../../../machines/placement';
import { LEGAL_STATUS_URGENCY } from '../../services/placement-view';

export interface StatusWords {
  /** The tag text. */
  label: string;
  /** GOV.UK tag colour modifier. */
  tagClass: string;
  /** The banner's headline: does the order have effect in Scotland now? */
  headline: string;
  /** Work-queue ordering: lower needs attention sooner. */
  urgency: number;
}

export const LEGAL_STATUS_WORDS: Record<LegalStatusCode, StatusWords> = {
  unrecognised: {
    label: 'Not recognised',
    tagClass: 'govuk-tag--red',
    headline: "The child's order does not have effect in Scotland",
    urgency: LEGAL_STATUS_URGENCY.indexOf('unrecognised'),
  },
  'at-risk': {
    label: 'At risk',
    tagClass: 'govuk-tag--orange',
    headline: "The child's order has effect in Scotland, but a deadline is running that it depends on",
    urgency: LEGAL_STATUS_URGENCY.indexOf('at-risk'),
  },
  pending: {
    label: 'Not yet arrived',
    tagClass: 'govuk-tag--blue',
    headline: 'The child has not arrived yet, so the order does not yet need to have effect in Scotland',
    urgency: LEGAL_STATUS_URGENCY.indexOf('pending'),
  },
  recognised: {
    label: 'Recognised',
    tagClass: 'govuk-tag--green',
    headline: "The child's order has effect in Scotland",
    urgency: LEGAL_STATUS_URGENCY.indexOf('recognised'),
  },
  superseded: {
    label: 'Superseded',
    tagClass: 'govuk-tag--purple',
    headline: "A Scottish order has replaced the child's order",
    urgency: LEGAL_STATUS_URGENCY.indexOf('superseded'),
  },
  transferred: {
    label: 'Transferred',
    tagClass: 'govuk-tag--turquoise',
    headline: 'The placement was transferred to the Scottish host authority',
    urgency: LEGAL_STATUS_URGENCY.indexOf('transferred'),
  },
  ended: {
    label: 'Ended',
    tagClass: 'govuk-tag--grey',
    headline: 'The placement has ended',
    urgency: LEGAL_STATUS_URGENCY.indexOf('ended'),
  },
};

export function statusWords(code: string): StatusWords {
  return isOneOf(LEGAL_STATUS_CODES, code) ? LEGAL_STATUS_WORDS[code] : { label: code, tagClass: 'govuk-tag--grey', headline: code, urgency: 9 };
}

/** Parameters for govukTag. */
export function legalStatusTag(code: string): { text: string; classes: string } {
  const w = statusWords(code);
  return { text: w.label, classes: w.tagClass };
}
