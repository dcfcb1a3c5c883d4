// The rulebook registry. A placement keeps the rulebook id it started under, so every released
// version stays here; `activeRulebook` is the one new placements start with.
import { ssi2026v1 } from './ssi-2026-31.v1';
import type { Provenance, Rulebook, RuleParameter, ClockRule, NationalClockRule, ConditionRule } from './types';

export * from './types';

export const rulebooks: Readonly<Record<string, Rulebook>> = { [ssi2026v1.id]: ssi2026v1 };
export const activeRulebook: Rulebook = ssi2026v1;

export class UnknownRuleError extends Error {}

export function getRulebook(id: string): Rulebook {
  const book = rulebooks[id];
  if (!book) throw new UnknownRuleError(`unknown rulebook ${id}`);
  return book;
}

export type AnyRule = (ClockRule | NationalClockRule | ConditionRule | RuleParameter) & Provenance & { id: string };

/** Any rule by id, whatever its kind, for citations in reasons and deadlines. */
export function findRule(book: Rulebook, id: string): AnyRule {
  const rule = book.clocks[id] ?? book.visits[id] ?? book.conditions[id] ?? book.parameters[id];
  if (!rule) throw new UnknownRuleError(`rule ${id} is not in rulebook ${book.id}`);
  return rule;
}

export function parameter<T extends RuleParameter['value']>(book: Rulebook, id: string): T {
  const p = book.parameters[id];
  if (!p) throw new UnknownRuleError(`parameter ${id} is not in rulebook ${book.id}`);
  return p.value as T;
}

export function legalBasisType(book: Rulebook, type: string) {
  return book.legalBases.find((b) => b.type === type);
}
