// The work queue: each placement the user may see, with its legal status as a coloured tag and the next
// deadline with the time left in the rule's own unit. Sorting and paging are the backend's (it sees all
// rows); this only draws one page and the links that change the query.
import type { PlacementJson, QueueQuery, QueueSort } from '../backend';
import { timeLeftForRule, ukDateTime } from '../format';
import { LEGAL_STATUS_WORDS, legalStatusTag, statusWords } from './status';
import { bookOf, nationOf, orgName, ruleTitle, tag, type OrgNames, type TagView } from './common';

export interface QueueRow {
  id: string;
  href: string;
  reference: string;
  child: string;
  placingAuthority: string;
  hostAuthority: string;
  status: TagView;
  statusCode: string;
  state: string;
  next: { title: string; dueAt: string; dueText: string; leftText: string; overdue: boolean; sortValue: number } | null;
  /** Work the child's voice asks for: a review held without the child's views (REL.child-views). */
  flags: TagView[];
}

export function nextDeadline(p: PlacementJson, now: string): QueueRow['next'] {
  const open = p.deadlines.filter((d) => d.status === 'open').sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const d = open[0];
  if (!d) return null;
  const book = bookOf(p.rulebook);
  const left = timeLeftForRule(book, d.rule, d.dueAt, now, nationOf(p.placingAuthorityId));
  return {
    title: ruleTitle(book, d.rule),
    dueAt: d.dueAt,
    dueText: ukDateTime(d.dueAt),
    leftText: left.text,
    overdue: left.overdue,
    sortValue: Date.parse(d.dueAt),
  };
}

export function childLabel(child: Record<string, unknown>): string {
  const name = [child.firstName, child.lastName].filter((x) => typeof x === 'string' && x).join(' ');
  if (name) return name;
  return typeof child.gender === 'string' ? `Child (${child.gender})` : 'Child';
}

export function queueRow(p: PlacementJson, names: OrgNames, now: string): QueueRow {
  return {
    id: p.id,
    href: `/placements/${p.id}`,
    reference: p.reference,
    child: childLabel(p.child),
    placingAuthority: orgName(names, p.placingAuthorityId),
    hostAuthority: orgName(names, p.hostAuthorityId),
    status: legalStatusTag(p.legalStatus.code),
    statusCode: p.legalStatus.code,
    state: p.state,
    next: nextDeadline(p, now),
    flags: p.voice?.lastReview && !p.voice.lastReview.viewsRecorded ? [tag("Review without the child's views", 'orange')] : [],
  };
}

/** The order "attention" means, for a backend that sorts in memory (and for tests of one that does not). */
export function attentionOrder(a: PlacementJson, b: PlacementJson, now: string): number {
  const ua = statusWords(a.legalStatus.code).urgency;
  const ub = statusWords(b.legalStatus.code).urgency;
  const na = nextDeadline(a, now);
  const nb = nextDeadline(b, now);
  const oa = na?.overdue ? 0 : 1;
  const ob = nb?.overdue ? 0 : 1;
  return oa - ob || ua - ub || (na?.sortValue ?? Infinity) - (nb?.sortValue ?? Infinity) || a.reference.localeCompare(b.reference);
}

export const QUEUE_SORTS: { key: QueueSort; text: string }[] = [
  { key: 'attention', text: 'Needs attention first' },
  { key: 'due', text: 'Next deadline' },
  { key: 'status', text: 'Legal status' },
  { key: 'reference', text: 'Reference' },
  { key: 'updated', text: 'Last changed' },
];

export const STATUS_FILTERS = Object.entries(LEGAL_STATUS_WORDS).map(([value, w]) => ({ value, text: w.label }));

export function queueQueryString(q: Partial<QueueQuery>, overrides: Partial<QueueQuery> = {}): string {
  const merged = { ...q, ...overrides };
  const params = new URLSearchParams();
  for (const s of merged.legalStatus ?? []) params.append('status', s);
  if (merged.sort && merged.sort !== 'attention') params.set('sort', merged.sort);
  if (merged.direction === 'desc') params.set('direction', 'desc');
  if (merged.offset) params.set('page', String(Math.floor(merged.offset / (merged.limit || 25)) + 1));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface QueueView {
  rows: QueueRow[];
  total: number;
  /** govukPagination params, or null on a single page. */
  pagination: { previous?: { href: string }; next?: { href: string }; items: { number: number; href: string; current: boolean }[] } | null;
  showing: string;
  /** Column sort links (the table works without JavaScript; MoJ's sortable table re-sorts a single page in place). */
  sortLinks: { key: QueueSort; text: string; href: string; ariaSort: 'ascending' | 'descending' | 'none' }[];
  filters: { value: string; text: string; checked: boolean }[];
  selected: { text: string; href: string }[];
  clientSortable: boolean;
}

export function presentQueue(items: PlacementJson[], total: number, query: QueueQuery, names: OrgNames, now: string): QueueView {
  const rows = items.map((p) => queueRow(p, names, now));
  const pages = Math.max(1, Math.ceil(total / query.limit));
  const current = Math.floor(query.offset / query.limit) + 1;
  const pageHref = (n: number) => `/queue${queueQueryString(query, { offset: (n - 1) * query.limit })}`;
  const numbers = [...new Set([1, current - 1, current, current + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const pagination =
    pages <= 1
      ? null
      : {
          ...(current > 1 ? { previous: { href: pageHref(current - 1) } } : {}),
          ...(current < pages ? { next: { href: pageHref(current + 1) } } : {}),
          items: numbers.map((n) => ({ number: n, href: pageHref(n), current: n === current })),
        };
  const from = total === 0 ? 0 : query.offset + 1;
  const to = Math.min(total, query.offset + items.length);
  const sortLinks = QUEUE_SORTS.map((s) => {
    const active = query.sort === s.key;
    const direction = active && query.direction === 'asc' ? 'desc' : 'asc';
    const ariaSort: 'ascending' | 'descending' | 'none' = active ? (query.direction === 'asc' ? 'ascending' : 'descending') : 'none';
    return { key: s.key, text: s.text, href: `/queue${queueQueryString(query, { sort: s.key, direction, offset: 0 })}`, ariaSort };
  });
  const chosen = new Set(query.legalStatus ?? []);
  return {
    rows,
    total,
    pagination,
    showing: total === 0 ? 'No placements' : `Showing ${from} to ${to} of ${total} placement${total === 1 ? '' : 's'}`,
    sortLinks,
    filters: STATUS_FILTERS.map((f) => ({ ...f, checked: chosen.has(f.value) })),
    selected: STATUS_FILTERS.filter((f) => chosen.has(f.value)).map((f) => ({
      text: f.text,
      href: `/queue${queueQueryString(query, { legalStatus: [...chosen].filter((x) => x !== f.value), offset: 0 })}`,
    })),
    clientSortable: pages === 1,
  };
}
