// Small pieces the presenters share: names of roles, recipients, rules and organisations.
import { getRulebook, activeRulebook, type Rulebook } from '../../../machines/rulebook';
import type { Role } from '../../vocabulary';

export const ROLE_LABELS: Record<Role, string> = {
  placing: 'Placing authority',
  host: 'Host authority',
  inspector: 'Care Inspectorate',
  ministers: 'Scottish Ministers',
  advocacy: 'Advocacy provider',
  'service-provider': 'Care service',
  admin: 'Administrator',
};

export type OrgNames = ReadonlyMap<string, string>;

export const orgName = (names: OrgNames, id: string | null | undefined) => (id ? (names.get(id) ?? id) : '');

export function bookOf(id: string | undefined): Rulebook {
  try {
    return id ? getRulebook(id) : activeRulebook;
  } catch {
    return activeRulebook;
  }
}

export function ruleTitle(book: Rulebook, rule: string): string {
  return (book.clocks[rule] ?? book.visits[rule] ?? book.conditions[rule])?.title ?? rule;
}

export function recipientLabel(book: Rulebook, role: string): string {
  for (const list of Object.values(book.recipients)) {
    const r = list.find((x) => x.role === role);
    if (r) return r.label;
  }
  return role;
}

export function legalBasisLabel(book: Rulebook, type: unknown): string {
  return book.legalBases.find((b) => b.type === type)?.label ?? String(type ?? '');
}

/** The placing authority's home nation from its GSS code (E, W, N). */
export function nationOf(organisationId: string): string | undefined {
  const c = organisationId.charAt(0);
  return c === 'E' ? 'england' : c === 'W' ? 'wales' : c === 'N' ? 'northern-ireland' : undefined;
}

export interface TagView {
  text: string;
  classes: string;
}

export const tag = (text: string, colour: string): TagView => ({ text, classes: `govuk-tag--${colour}` });
