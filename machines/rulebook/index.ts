// The rulebook registry. A placement keeps the rulebook id it started under, so every released
// version stays here; `activeRulebook` is the one new placements start with.
import { ssi2026v1 } from './ssi-2026-31.v1';
import { ssi2026v1Examples } from './ssi-2026-31.v1.examples';
import { ssi2026v2 } from './ssi-2026-31.v2';
import { ssi2022v1 } from './ssi-2022-225.v1';
import { ssi2013v1 } from './ssi-2013-99.v1';
import type { Provenance, Rulebook, RuleParameter, ClockRule, NationalClockRule, ConditionRule, RuleExample, ParameterValue } from './types';

export * from './types';

export const rulebooks: Readonly<Record<string, Rulebook>> = {
  [ssi2013v1.id]: ssi2013v1,
  [ssi2022v1.id]: ssi2022v1,
  [ssi2026v1.id]: ssi2026v1,
  [ssi2026v2.id]: ssi2026v2,
};
/** The schemes SSI 2026/31 replaced: a placement begun under one is imported with its history (machines/placement/transitional.ts). */
export const EARLIER_SCHEMES: Readonly<Record<string, Rulebook>> = { 'ssi-2022-225': ssi2022v1, 'ssi-2013-99': ssi2013v1 };
export const activeRulebook: Rulebook = ssi2026v2;

export class UnknownRuleError extends Error {}

/** The rulebook with this id, if there is one. Own keys only: an id such as `constructor` would otherwise find what every object inherits. */
export const findRulebook = (id: string): Rulebook | undefined => (Object.hasOwn(rulebooks, id) ? rulebooks[id] : undefined);

export function getRulebook(id: string): Rulebook {
  const book = findRulebook(id);
  if (!book) throw new UnknownRuleError(`unknown rulebook ${id}`);
  return book;
}

/** Every version, oldest first: by the instrument's coming into force, then by version. */
export const rulebookVersions = (): Rulebook[] => Object.values(rulebooks).sort((a, b) => a.inForceFrom.localeCompare(b.inForceFrom) || a.version - b.version);

/** The version a rulebook revises (named by `previous`, else the next lower version of the same instrument). */
export function previousRulebook(book: Rulebook): Rulebook | undefined {
  if (book.previous) return getRulebook(book.previous);
  return rulebookVersions()
    .filter((b) => b.instrument === book.instrument && b.version < book.version)
    .pop();
}

export type AnyRule = (ClockRule | NationalClockRule | ConditionRule | RuleParameter) & Provenance & { id: string };

/** Any rule by id, whatever its kind, for citations in reasons and deadlines. */
export function findRule(book: Rulebook, id: string): AnyRule {
  const rule = book.clocks[id] ?? book.visits[id] ?? book.conditions[id] ?? book.parameters[id];
  if (!rule) throw new UnknownRuleError(`rule ${id} is not in rulebook ${book.id}`);
  return rule;
}

/**
 * What a rulebook that predates a parameter means by its absence: the behaviour rulebook @1 had before
 * the reading was made a parameter. Released versions never change, so their answers never change.
 */
const ABSENT_PARAMETERS: Readonly<Record<string, ParameterValue>> = {
  'P.dol-period-from': 'effective-from',
  'P.dol-stated-expiry': 'expiry-replaces-period',
  'P.terminated-order-has-effect': true,
  'P.end-notice-after': ['ended'],
  'P.review-cycle-from': 'arrival',
  // Retention is data protection, not a reading of the law: a placement under @1 is kept as long as one under @2.
  'P.retention-years-after-end': 6,
  'P.retention-until-age': 25,
  // Hearing the child and keeping counts from identifying a child are practice, not a reading of the scheme: @1 placements get them too.
  'P.views-recorded-at': ['notification', 'visit', 'review'],
  'P.small-cell-threshold': 5,
};

export function parameter<T extends RuleParameter['value']>(book: Rulebook, id: string): T {
  const p = book.parameters[id];
  if (p) return p.value as T;
  if (id in ABSENT_PARAMETERS) return ABSENT_PARAMETERS[id] as T;
  throw new UnknownRuleError(`parameter ${id} is not in rulebook ${book.id}`);
}

/** The other reading of an open parameter, where the rulebook names one. */
export function alternativeParameter<T extends RuleParameter['value']>(book: Rulebook, id: string): T | undefined {
  return book.parameters[id]?.alternativeValue as T | undefined;
}

export function legalBasisType(book: Rulebook, type: string) {
  return book.legalBases.find((b) => b.type === type);
}

/** Examples kept beside released versions whose rule data cannot change (rulebook id -> rule id -> examples). */
const SIDE_EXAMPLES: Readonly<Record<string, Record<string, RuleExample[]>>> = { [ssi2026v1.id]: ssi2026v1Examples };

/** Every example of a rulebook, with the rule it belongs to, in the rulebook's order. */
export function examplesOf(book: Rulebook): { rule: string; example: RuleExample }[] {
  const out: { rule: string; example: RuleExample }[] = [];
  const rules: { id: string; examples?: RuleExample[] }[] = [
    ...Object.values(book.clocks),
    ...Object.values(book.visits),
    ...Object.values(book.conditions),
    ...Object.values(book.parameters),
  ];
  const side = SIDE_EXAMPLES[book.id] ?? {};
  for (const r of rules) for (const example of [...(r.examples ?? []), ...(side[r.id] ?? [])]) out.push({ rule: r.id, example });
  return out;
}
export * from './diff';
