// The rulebooks of the schemes SSI 2026/31 replaced, for the history of placements that began under them. Each is
// built from the same types, and from the rule structure of ssi-2026-31@2 (so the one machine runs them), then
// re-tagged: a rule read in the scheme's own texts keeps its citation and tag; a rule read only in a later scheme
// is applied to the history by analogy, tagged `infer`, and says so. Rules the 2026 scheme added for its own
// time (the transitional notice, the care service's records, the statistics) are left out.
import type {
  ClockRule,
  Confidence,
  ConditionRule,
  LegalBasisType,
  NationalClockRule,
  OpenQuestion,
  RecipientRule,
  Rulebook,
  RuleExample,
  RuleParameter,
} from './types';

export interface SchemeSpec {
  id: string;
  title: string;
  instrument: string;
  inForceFrom: string;
  /** The tags read in this scheme's own texts: kept. Any other tag becomes `infer`. */
  ownTags: Confidence[];
  /** Why a rule read only in another scheme is applied to this history (the note every re-tagged rule carries). */
  analogy: string;
  legalBases: LegalBasisType[];
  recipients: Rulebook['recipients'];
  /** Rules of the base rulebook left out (duties this scheme did not impose). */
  omit?: string[];
  /** Rules replaced outright (own citation, tag and note). */
  replace?: Partial<Record<string, Partial<ClockRule & ConditionRule & RuleParameter>>>;
  openQuestions: OpenQuestion[];
  /** Examples for this scheme's rules (rule id -> examples). */
  examples?: Record<string, NonNullable<ClockRule['examples']>>;
}

/** Rules that belong to SSI 2026/31's own time, never to an earlier scheme's history. */
const TWENTY_TWENTY_SIX_ONLY = /^(T\.|SP\.|P\.small-cell-)/;

type Tagged = { citation: string; confidence: Confidence; note?: string };

function retag<T extends Tagged>(item: T, spec: SchemeSpec): T {
  if (spec.ownTags.includes(item.confidence)) return item;
  const note = `${spec.analogy} Read as: ${item.citation} (tag ${item.confidence}).${item.note ? ` ${item.note}` : ''}`;
  return { ...item, confidence: 'infer', note };
}

function mapRules<R extends Tagged & { id: string; examples?: RuleExample[] }>(
  rules: Record<string, R>,
  spec: SchemeSpec,
  replaced: (id: string) => Partial<R> | undefined,
): Record<string, R> {
  const out: Record<string, R> = {};
  for (const [id, rule] of Object.entries(rules)) {
    if (TWENTY_TWENTY_SIX_ONLY.test(id) || spec.omit?.includes(id)) continue;
    // The base rule's examples are of 2026 times: the scheme has its own, or none.
    out[id] = { ...retag(rule, spec), ...replaced(id), examples: spec.examples?.[id] };
  }
  return out;
}

export function earlierScheme(base: Rulebook, spec: SchemeSpec): Rulebook {
  const visits: Record<string, NationalClockRule> = {};
  for (const [id, v] of Object.entries(base.visits)) {
    const { examples: _examples, ...rest } = v;
    visits[id] = { ...retag(rest, spec), ...(spec.examples?.[id] ? { examples: spec.examples[id] } : {}) };
  }
  const has = (id: string) => !TWENTY_TWENTY_SIX_ONLY.test(id) && !spec.omit?.includes(id);
  return {
    id: spec.id,
    version: 1,
    title: spec.title,
    instrument: spec.instrument,
    inForceFrom: spec.inForceFrom,
    timeZone: base.timeZone,
    clocks: mapRules(base.clocks, spec, (id) => spec.replace?.[id]),
    visits,
    conditions: mapRules(base.conditions, spec, (id) => spec.replace?.[id]),
    parameters: mapRules(base.parameters, spec, (id) => spec.replace?.[id]),
    recipients: spec.recipients,
    noticeFields: base.noticeFields.map((f) => retag(f, spec)),
    undertaking: base.undertaking.map((u) => retag(u, spec)),
    legalBases: spec.legalBases,
    openQuestions: [...spec.openQuestions, ...(base.openQuestions ?? []).filter((q) => q.rules.every(has)).map((q) => retag(q, spec))],
    sources: base.sources,
  };
}

/** A recipient who decides "given" under the scheme. */
export const schemeRecipient = (role: RecipientRule['role'], label: string, citation: string, confidence: Confidence, note?: string): RecipientRule => ({
  role,
  label,
  required: true,
  citation,
  confidence,
  ...(note ? { note } : {}),
});
