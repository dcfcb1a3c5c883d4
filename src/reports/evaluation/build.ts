// The evaluation return built from the placements' facts: every count is a named cell, counted from the facts
// (totals and subtotals too, never summed from published figures), laid out in the tables of definitions.ts.
// The relations the public knows between cells (each table's margins, the nation subtotals of the authority
// table, the same count shown in two tables, and the combinations the rulebook forbids, such as a Northern
// Irish order for a child placed from England) go to the disclosure audit, which decides what is withheld.
import { advocacyClocks } from '../../../machines/placement/reducers';
import { findRulebook, PLACING_NATIONS, SETTINGS, type Rulebook, type Setting } from '../../../machines/rulebook';
import { protectCounts, type Relation, type Withheld } from '../disclosure';
import { relationsAmong } from '../integer-matrix';
import { legalBases, recognitionRules, renotificationRules, ruleTitle, tableDefs, nationLabel, type Category, type TableDef } from './definitions';
import { ADVOCACY_CATEGORIES, FIRST_NOTICE_RULE, type PlacementFacts } from './facts';

export interface EvaluationCell {
  /** null: withheld. */
  value: number | null;
  suppressed: boolean;
}

export interface EvaluationRow {
  key: string;
  label: string;
  kind: 'category' | 'subtotal' | 'total';
  /** The placing authority table: the nation a row belongs to. */
  group?: string;
  cells: Record<string, EvaluationCell>;
}

export interface EvaluationTable {
  id: string;
  title: string;
  unit: string;
  rowHeader: string;
  columns: { key: string; label: string }[];
  rows: EvaluationRow[];
}

export interface EvaluationReturn {
  title: string;
  generatedAt: string;
  /** `to` is exclusive (the day after the last day), as every period of this API. */
  period: { from: string; to: string; lastDay: string };
  rulebook: string;
  /** The rulebook versions the counted placements run under. */
  rulebooks: string[];
  suppression: { rule: string; threshold: number; marker: null; csvMarker: '[c]'; withheld: number; primary: number; secondary: number };
  dictionary: string;
  tables: EvaluationTable[];
}

export interface Organisations {
  /** Names by organisation id. */
  names: ReadonlyMap<string, string>;
  /** The Scottish councils, every one listed in the host council table. */
  hostCouncils: readonly string[];
}

interface LayoutRow {
  key: string;
  label: string;
  kind: EvaluationRow['kind'];
  group?: string;
  sumOf?: readonly string[];
  /** Column key -> cell id. */
  cells: Record<string, string>;
}

interface Layout {
  def: TableDef;
  rows: LayoutRow[];
}

const FIRST_NOTICE_CELLS: Record<string, string> = {
  'given-after-arrival': `clock.${FIRST_NOTICE_RULE}.late`,
  'not-given-arrived': `clock.${FIRST_NOTICE_RULE}.missed`,
  'not-given-not-arrived': `clock.${FIRST_NOTICE_RULE}.open`,
  total: `clock.${FIRST_NOTICE_RULE}.total`,
};

/** The cell a one-column table's row counts in. */
function oneWayCell(def: TableDef, row: string): string {
  const dimension: Record<string, string> = {
    'placing-nation': 'placed.nation',
    'placing-authority': 'placed.authority',
    'host-council': 'placed.host',
    setting: 'placed.setting',
    'legal-basis': 'placed.basis',
    'age-band': 'placed.age',
    'duration-band': 'placed.duration',
    advocacy: 'placed.advocacy',
    'legal-status': 'placed.status',
    'first-visit': 'arrived.visit',
    'first-review': 'arrived.review',
    'first-notice': `clock.${FIRST_NOTICE_RULE}.notice`,
  };
  if (def.id === 'first-notice' && FIRST_NOTICE_CELLS[row]) return FIRST_NOTICE_CELLS[row];
  if (row === 'total') return def.component === 'placed' ? 'placed.total' : 'arrived.total';
  return `${dimension[def.id]}.${row}`;
}

/** Counts per cell, each counted from the facts. */
function countCells(facts: readonly PlacementFacts[], defs: readonly TableDef[]): Map<string, number> {
  const counts = new Map<string, number>();
  const inc = (cell: string) => counts.set(cell, (counts.get(cell) ?? 0) + 1);
  const subtotals = (id: string) => (defs.find((d) => d.id === id)?.categories ?? []).filter((c) => c.sumOf && c.key !== 'total');
  const advocacySubtotals = subtotals('advocacy');
  const noticeSubtotals = subtotals('first-notice');
  const renotify = new Set(renotificationRules());
  const recognition = new Set(recognitionRules());
  for (const f of facts) {
    const c = f.child;
    if (c) {
      inc('placed.total');
      for (const [dim, key] of Object.entries({
        nation: c.nation,
        authority: c.authority,
        host: c.host,
        setting: c.setting,
        basis: c.basis,
        age: c.age,
        duration: c.duration,
        advocacy: c.advocacy,
        status: c.status,
      }))
        inc(`placed.${dim}.${key}`);
      for (const s of advocacySubtotals) if (s.sumOf?.includes(c.advocacy)) inc(`placed.advocacy.${s.key}`);
    }
    if (f.arrival) {
      inc('arrived.total');
      inc(`arrived.visit.${f.arrival.firstVisit}`);
      inc(`arrived.review.${f.arrival.firstReview}`);
    }
    for (const d of f.duties) {
      inc(`clock.${d.rule}.${d.outcome}`);
      inc(`clock.${d.rule}.total`);
      if (renotify.has(d.rule)) {
        inc(`renotification.${d.outcome}`);
        inc('renotification.total');
      }
      if (recognition.has(d.rule) && (d.outcome === 'late' || d.outcome === 'missed')) {
        inc(`clock.${d.rule}.lapsed`);
        inc(`lapses.${d.outcome}`);
        inc('lapses.total');
      }
      if (d.notice) {
        inc(`clock.${d.rule}.notice.${d.notice}`);
        for (const s of noticeSubtotals) if (s.sumOf?.includes(d.notice)) inc(`clock.${d.rule}.notice.${s.key}`);
      }
    }
  }
  return counts;
}

/** The categories of a table: its fixed ones, with any key found in the data but unknown to them inserted before the total. */
function withExtras(categories: readonly Category[], found: readonly string[]): Category[] {
  const known = new Set(categories.map((c) => c.key));
  const extras = [...new Set(found)].filter((k) => !known.has(k)).sort();
  if (extras.length === 0) return [...categories];
  const extra = extras.map((key) => ({ key, label: key, definition: 'A value found in the data that the return does not define.' }));
  return categories.flatMap((c) => (c.key === 'total' ? [...extra, { ...c, sumOf: [...(c.sumOf ?? []), ...extras] }] : [c]));
}

function layouts(facts: readonly PlacementFacts[], orgs: Organisations): Layout[] {
  const defs = tableDefs();
  const children = facts.flatMap((f) => (f.child ? [f.child] : []));
  const arrivals = facts.flatMap((f) => (f.arrival ? [f.arrival] : []));
  const found: Record<string, string[]> = {
    'placing-nation': children.map((c) => c.nation),
    setting: children.map((c) => c.setting),
    'legal-basis': children.map((c) => c.basis),
    'age-band': children.map((c) => c.age),
    'duration-band': children.map((c) => c.duration),
    advocacy: children.map((c) => c.advocacy),
    'legal-status': children.map((c) => c.status),
    'first-visit': arrivals.map((a) => a.firstVisit),
    'first-review': arrivals.map((a) => a.firstReview),
    'first-notice': facts.flatMap((f) => f.duties.flatMap((d) => (d.notice ? [d.notice] : []))),
  };
  const name = (id: string) => orgs.names.get(id) ?? id;
  return defs.map((def) => {
    const oneColumn = (rows: { key: string; label: string; kind: EvaluationRow['kind']; sumOf?: readonly string[]; group?: string; cell?: string }[]) =>
      rows.map((r) => ({ ...r, cells: { [def.columns[0].key]: r.cell ?? oneWayCell(def, r.key) } }));
    const fromCategories = (categories: readonly Category[]) =>
      oneColumn(categories.map((c) => ({ key: c.key, label: c.label, kind: c.key === 'total' ? 'total' : c.sumOf ? 'subtotal' : 'category', sumOf: c.sumOf })));
    if (def.categories) return { def, rows: fromCategories(withExtras(def.categories, found[def.id] ?? [])) };
    const total = { key: 'total', label: 'Total', kind: 'total' as const };
    if (def.id === 'placing-authority') {
      const byNation = new Map<string, Set<string>>();
      for (const c of children) byNation.set(c.nation, (byNation.get(c.nation) ?? new Set()).add(c.authority));
      const nations = [...PLACING_NATIONS, ...[...byNation.keys()].filter((n) => !PLACING_NATIONS.some((p) => p === n)).sort()];
      const rows = nations.flatMap((n) => {
        const members = [...(byNation.get(n) ?? [])].sort((a, b) => name(a).localeCompare(name(b)) || a.localeCompare(b));
        return [
          ...members.map((a) => ({ key: a, label: name(a), kind: 'category' as const, group: n })),
          {
            key: `nation:${n}`,
            label: `${nationLabel(n)}: all placing authorities`,
            kind: 'subtotal' as const,
            group: n,
            sumOf: members,
            cell: `placed.nation.${n}`,
          },
        ];
      });
      return { def, rows: oneColumn([...rows, { ...total, sumOf: nations.map((n) => `nation:${n}`) }]) };
    }
    if (def.id === 'host-council') {
      const ids = [...new Set([...orgs.hostCouncils, ...children.map((c) => c.host)])].sort((a, b) => name(a).localeCompare(name(b)) || a.localeCompare(b));
      return { def, rows: oneColumn([...ids.map((h) => ({ key: h, label: name(h), kind: 'category' as const })), { ...total, sumOf: ids }]) };
    }
    // Clock tables: one row per rule, one column per outcome, with margins.
    const rules = def.id === 'renotification' ? renotificationRules() : recognitionRules();
    const margin = def.id === 'renotification' ? 'renotification' : 'lapses';
    const rowTotal = def.id === 'renotification' ? 'total' : 'lapsed';
    const cellsOf = (rule: string | null) =>
      Object.fromEntries(
        def.columns.map((col) => [col.key, rule === null ? `${margin}.${col.key}` : col.sumOf ? `clock.${rule}.${rowTotal}` : `clock.${rule}.${col.key}`]),
      );
    return {
      def,
      rows: [
        ...rules.map((rule) => ({ key: rule, label: `${ruleTitle(rule)} (${rule})`, kind: 'category' as const, cells: cellsOf(rule) })),
        { ...total, sumOf: rules, cells: cellsOf(null) },
      ],
    };
  });
}

/** The relations each table's margins state: a subtotal or total row is the sum of its rows, a total column of its columns. */
function marginRelations(all: readonly Layout[]): Relation[] {
  const out: Relation[] = [];
  for (const { def, rows } of all) {
    const byKey = new Map(rows.map((r) => [r.key, r]));
    for (const r of rows) {
      for (const col of def.columns) {
        if (r.sumOf) out.push([{ cell: r.cells[col.key], coef: 1 }, ...r.sumOf.map((m) => ({ cell: byKey.get(m)?.cells[col.key] ?? `${m}?`, coef: -1 }))]);
        if (col.sumOf) out.push([{ cell: r.cells[col.key], coef: 1 }, ...col.sumOf.map((m) => ({ cell: r.cells[m], coef: -1 }))]);
      }
    }
  }
  return out;
}

const FAR_PAST = '2000-01-01T12:00:00Z';
const FAR_FUTURE = '2199-12-31T12:00:00Z';

/** Whether a child in `setting` can arrive with an advocacy duty, and without one, under `book` (whatever the date). */
function advocacyPossible(book: Rulebook, setting: Setting): { duty: boolean; none: boolean } {
  return { duty: advocacyClocks(book, setting, FAR_FUTURE).length > 0, none: advocacyClocks(book, setting, FAR_PAST).length === 0 };
}

/**
 * What the rulebook's combinations imply between the one-way tables of children placed. A legal basis is made
 * only for some nations and settings, and the advocacy duty applies only in some settings, so (for instance) the
 * Northern Irish orders add up to the children placed from Northern Ireland, and the deprivation of liberty
 * orders are at most the children in residential care. Over the combinations that can occur (those the
 * rulebooks in use allow, and any found in the data, so every relation holds in the data):
 *  - relations: every integer relation among the nation, legal basis, setting and advocacy counts and the total;
 *  - limits: for each pair of linked dimensions, each group of categories is at most the categories it can
 *    combine with (the conditions for a table with these margins to exist, by Gale's theorem).
 */
function structure(facts: readonly PlacementFacts[]): { relations: Relation[]; limits: Relation[] } {
  const children = facts.flatMap((f) => (f.child ? [f.child] : []));
  if (children.length === 0) return { relations: [], limits: [] };
  const books = [...new Set(facts.filter((f) => f.child).map((f) => f.rulebookId))].flatMap((id) => findRulebook(id) ?? []);
  const advocacy = ADVOCACY_CATEGORIES;
  const combos = new Set<string>();
  const key = (a: readonly string[]) => JSON.stringify(a);
  for (const book of books)
    for (const l of book.legalBases)
      for (const s of l.settings) {
        const possible = advocacyPossible(book, s);
        const cats = advocacy.filter((a) => (a === 'no-duty' ? possible.none : possible.duty));
        for (const n of l.nations) for (const a of cats) combos.add(key([n, l.type, s, a]));
      }
  for (const c of children) combos.add(key([c.nation, c.basis, c.setting, c.advocacy]));
  const atoms = [...combos].map((k): string[] => JSON.parse(k));
  const dims: { name: string; categories: string[] }[] = [
    { name: 'nation', categories: [...new Set([...PLACING_NATIONS, ...atoms.map((a) => a[0])])] },
    { name: 'basis', categories: [...new Set([...legalBases().map((l) => l.type), ...atoms.map((a) => a[1])])] },
    { name: 'setting', categories: [...new Set([...SETTINGS, ...atoms.map((a) => a[2])])] },
    { name: 'advocacy', categories: [...new Set([...advocacy, ...atoms.map((a) => a[3])])] },
  ];
  const cells: { cell: string; has: (a: string[]) => boolean }[] = [
    { cell: 'placed.total', has: () => true },
    ...dims.flatMap((d, i) => d.categories.map((c) => ({ cell: `placed.${d.name}.${c}`, has: (a: string[]) => a[i] === c }))),
  ];
  const relations = relationsAmong(cells.map((c) => atoms.map((a) => (c.has(a) ? 1 : 0)))).map((lambda) =>
    lambda.flatMap((l, i) => (l === 0n ? [] : [{ cell: cells[i].cell, coef: Number(l) }])),
  );
  const limits = new Map<string, Relation>();
  const pairs: [number, number][] = [
    [0, 1],
    [2, 1],
    [2, 3],
  ];
  for (const [x, y] of pairs)
    for (const [from, to] of [
      [x, y],
      [y, x],
    ]) {
      const side = dims[from].categories;
      if (side.length > 8) continue;
      const reach = (c: string) => new Set(atoms.filter((a) => a[from] === c).map((a) => a[to]));
      for (let mask = 1; mask < 1 << side.length; mask++) {
        const targets = new Set(side.filter((_, i) => mask & (1 << i)).flatMap((c) => [...reach(c)]));
        if (targets.size === dims[to].categories.length) continue;
        // The largest group whose every combination lies in `targets`: its count is at most theirs.
        const group = side.filter((c) => [...reach(c)].every((t) => targets.has(t)));
        const limit: Relation = [
          ...group.map((c) => ({ cell: `placed.${dims[from].name}.${c}`, coef: 1 })),
          ...[...targets].map((t) => ({ cell: `placed.${dims[to].name}.${t}`, coef: -1 })),
        ];
        limits.set(key(limit.map((t) => `${t.coef}${t.cell}`).sort()), limit);
      }
    }
  return { relations, limits: [...limits.values()] };
}

export interface BuildInput {
  facts: readonly PlacementFacts[];
  organisations: Organisations;
  threshold: number;
  period: { from: string; to: string; lastDay: string };
  generatedAt: string;
  rulebook: string;
}

/** The cells, the relations between them, and what is withheld: the return before it is laid out as JSON. */
export function evaluationCells(input: Pick<BuildInput, 'facts' | 'organisations' | 'threshold'>) {
  const all = layouts(input.facts, input.organisations);
  const counts = countCells(
    input.facts,
    all.map((l) => l.def),
  );
  const values = new Map<string, number>();
  for (const { rows } of all) for (const r of rows) for (const cell of Object.values(r.cells)) values.set(cell, counts.get(cell) ?? 0);
  const structural = structure(input.facts);
  const relations = [...marginRelations(all), ...structural.relations];
  const holds = (r: Relation, ok: (sum: number) => boolean) => {
    const sum = r.reduce((acc, t) => acc + t.coef * (values.get(t.cell) ?? Number.NaN), 0);
    if (!ok(sum)) throw new Error(`evaluation return: ${r.map((t) => `${t.coef}×${t.cell}`).join(' + ')} is ${sum}`);
  };
  for (const r of relations) holds(r, (sum) => sum === 0);
  for (const r of structural.limits) holds(r, (sum) => sum <= 0);
  // Withhold inner cells before margins, and a cell shown once before one shown in two tables.
  const margins = new Map<string, number>();
  const shown = new Map<string, number>();
  for (const { def, rows } of all)
    for (const r of rows)
      for (const col of def.columns) {
        const cell = r.cells[col.key];
        shown.set(cell, (shown.get(cell) ?? 0) + 1);
        if (r.kind !== 'category' || col.sumOf) margins.set(cell, (margins.get(cell) ?? 0) + 1);
      }
  const withheld = protectCounts(values, relations, input.threshold, {
    cost: (cell, v) => v + 1_000_000 * (margins.get(cell) ?? 0) + 1_000 * ((shown.get(cell) ?? 1) - 1),
    limits: structural.limits,
  });
  return { layouts: all, values, relations, limits: structural.limits, withheld };
}

export function buildEvaluationReturn(input: BuildInput): EvaluationReturn {
  const { layouts: all, values, withheld } = evaluationCells(input);
  const cell = (id: string): EvaluationCell => (withheld.has(id) ? { value: null, suppressed: true } : { value: values.get(id) ?? 0, suppressed: false });
  const count = (kind: Withheld) => [...withheld.values()].filter((w) => w === kind).length;
  return {
    title: 'Cross-border placements: statistical return for the evaluation of SSI 2026/31',
    generatedAt: input.generatedAt,
    period: input.period,
    rulebook: input.rulebook,
    rulebooks: [...new Set(input.facts.filter((f) => f.child || f.arrival || f.duties.length).map((f) => f.rulebookId))].sort(),
    suppression: {
      rule: 'P.small-cell-threshold',
      threshold: input.threshold,
      marker: null,
      csvMarker: '[c]',
      withheld: withheld.size,
      primary: count('primary'),
      secondary: count('secondary'),
    },
    dictionary: '/api/reports/evaluation/dictionary',
    tables: all.map(({ def, rows }) => ({
      id: def.id,
      title: def.title,
      unit: def.unit,
      rowHeader: def.rowHeader,
      columns: def.columns.map((c) => ({ key: c.key, label: c.label })),
      rows: rows.map((r) => ({
        key: r.key,
        label: r.label,
        kind: r.kind,
        ...(r.group ? { group: r.group } : {}),
        cells: Object.fromEntries(Object.entries(r.cells).map(([col, id]) => [col, cell(id)])),
      })),
    })),
  };
}
