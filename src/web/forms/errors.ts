// GOV.UK error summary and inline messages from an RFC 9457 problem's `errors: [{ path, message }]`.
// Field ids come from paths by one rule (`legalBasis.madeOn` -> `legalBasis-madeOn`, `contacts[0].name`
// -> `contacts-0-name`), so the summary's links always land on the input the template rendered.
import type { Problem } from '../backend';

/** The id of the input for a dotted field path. */
export function fieldId(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .join('-');
}

export interface ErrorSummaryItem {
  text: string;
  href: string;
}

export interface FormErrors {
  /** For govukErrorSummary's errorList, in the order the problem listed them. */
  summary: ErrorSummaryItem[];
  /** For each input's errorMessage, keyed by path. */
  byPath: Record<string, { text: string }>;
}

export interface ErrorMappingOptions {
  /** What each field is called on the page, to begin a message that only says what is wrong ("must be ..."). */
  labels?: Record<string, string>;
  /** Fields drawn as GOV.UK date inputs: the summary links to the day box. */
  dateFields?: readonly string[];
  /** Page address for fields on another page (check your answers links back to the step). */
  pageFor?: (path: string) => string | undefined;
  /** Drop a leading segment the page does not show (`body.` or an event's own nesting). */
  stripPrefix?: string;
}

export const NO_ERRORS: FormErrors = { summary: [], byPath: {} };

function sentence(label: string | undefined, message: string): string {
  const m = message.trim().replace(/\.$/, '');
  if (!label) return m.charAt(0).toUpperCase() + m.slice(1);
  // Messages that already read as a whole instruction keep their own words.
  if (/^(Enter|Select|Choose|Give|Tell)\b/.test(m)) return m;
  if (/^(Required|Invalid input: expected \w+, received undefined)$/i.test(m)) return `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
  const rest = `${m.charAt(0).toLowerCase()}${m.slice(1)}`;
  // "must be ..." reads on from the label; anything else is set apart by a colon.
  return /^(must|is|are|cannot|can't|should|has|was)\b/i.test(m) ? `${label} ${rest}` : `${label}: ${rest}`;
}

export function problemToFormErrors(problem: Partial<Pick<Problem, 'errors' | 'detail' | 'title'>>, options: ErrorMappingOptions = {}): FormErrors {
  const summary: ErrorSummaryItem[] = [];
  const byPath: Record<string, { text: string }> = {};
  const errors = problem.errors?.length ? problem.errors : [{ path: '', message: problem.detail ?? problem.title ?? 'Something went wrong' }];
  for (const e of errors) {
    const path = options.stripPrefix && e.path.startsWith(options.stripPrefix) ? e.path.slice(options.stripPrefix.length) : e.path;
    const text = sentence(options.labels?.[path], e.message);
    const id = fieldId(path);
    const anchor = !id ? '#main-content' : options.dateFields?.includes(path) ? `#${id}-day` : `#${id}`;
    const page = options.pageFor?.(path);
    summary.push({ text, href: page ? `${page}${anchor}` : anchor });
    // The first message for a field is the one shown beside it.
    if (path && !byPath[path]) byPath[path] = { text };
  }
  return { summary, byPath };
}

/** Merges form checks done on the page (a date that is not a date) with the API's. */
export function mergeErrors(...sets: FormErrors[]): FormErrors {
  const out: FormErrors = { summary: [], byPath: {} };
  for (const s of sets) {
    out.summary.push(...s.summary);
    for (const [k, v] of Object.entries(s.byPath)) out.byPath[k] ??= v;
  }
  return out;
}
