// What changed between two rulebook versions, rule by rule: the review pack's diff section and
// GET /api/rulebook/diff. Pure; compares data, so a change to any field of any rule shows.
import { isRecord } from '../guards';
import type { Rulebook } from './types';

export type RuleKind =
  'clock' | 'visit' | 'condition' | 'parameter' | 'recipient' | 'notice-field' | 'undertaking' | 'legal-basis' | 'open-question' | 'rulebook';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface RuleRef {
  kind: RuleKind;
  /** The rule id; a recipient is `setting:role`, a notice field its key, a legal basis its type. */
  id: string;
  title: string;
}

export interface RuleChange extends RuleRef {
  fields: FieldChange[];
}

export interface RulebookDiff {
  from: string;
  to: string;
  added: RuleRef[];
  removed: RuleRef[];
  changed: RuleChange[];
}

/** A rule's fields by name (a copy: rules are interfaces, which TypeScript does not index by string). */
type Item = Record<string, unknown>;
const fieldsOf = (rule: object): Item => Object.fromEntries(Object.entries(rule));

/** Every item of a rulebook by kind and id, in the rulebook's order. */
export function rulebookEntries(book: Rulebook): { kind: RuleKind; id: string; title: string; item: Item }[] {
  const out: { kind: RuleKind; id: string; title: string; item: Item }[] = [];
  const add = (kind: RuleKind, id: string, title: string, item: object) => out.push({ kind, id, title, item: fieldsOf(item) });
  add('rulebook', book.id.split('@')[0], book.title, {
    title: book.title,
    instrument: book.instrument,
    inForceFrom: book.inForceFrom,
    timeZone: book.timeZone,
  });
  for (const r of Object.values(book.clocks)) add('clock', r.id, r.title, r);
  for (const r of Object.values(book.visits)) add('visit', r.id, r.title, r);
  for (const r of Object.values(book.conditions)) add('condition', r.id, r.title, r);
  for (const r of Object.values(book.parameters)) add('parameter', r.id, r.statement, r);
  for (const [setting, list] of Object.entries(book.recipients)) for (const r of list) add('recipient', `${setting}:${r.role}`, r.label, r);
  for (const f of book.noticeFields) add('notice-field', f.key, f.label, f);
  for (const u of book.undertaking) add('undertaking', u.id, u.text, u);
  for (const b of book.legalBases) add('legal-basis', b.type, b.label, b);
  for (const q of book.openQuestions ?? []) add('open-question', q.id, q.question, q);
  return out;
}

/** JSON with sorted keys, so equal data compares equal whatever order it was written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** Examples are compared by what they are about (their titles), the rest field by field. */
function fieldValue(item: Item, field: string): unknown {
  const v = item[field];
  if (field === 'examples') return (Array.isArray(v) ? v : []).map((e: unknown) => (isRecord(e) ? e.title : undefined));
  return v;
}

export function diffRulebooks(from: Rulebook, to: Rulebook): RulebookDiff {
  const before = new Map(rulebookEntries(from).map((e) => [`${e.kind}:${e.id}`, e]));
  const after = new Map(rulebookEntries(to).map((e) => [`${e.kind}:${e.id}`, e]));
  const diff: RulebookDiff = { from: from.id, to: to.id, added: [], removed: [], changed: [] };
  for (const [key, e] of after) {
    const old = before.get(key);
    if (!old) {
      diff.added.push({ kind: e.kind, id: e.id, title: e.title });
      continue;
    }
    const fields: FieldChange[] = [];
    for (const field of [...new Set([...Object.keys(old.item), ...Object.keys(e.item)])]) {
      const a = fieldValue(old.item, field);
      const b = fieldValue(e.item, field);
      if (canonical(a) !== canonical(b)) fields.push({ field, from: a ?? null, to: b ?? null });
    }
    if (fields.length > 0) diff.changed.push({ kind: e.kind, id: e.id, title: e.title, fields });
  }
  for (const [key, e] of before) if (!after.has(key)) diff.removed.push({ kind: e.kind, id: e.id, title: e.title });
  return diff;
}
