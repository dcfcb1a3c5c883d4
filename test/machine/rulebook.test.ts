// The rulebook is the law as data: every rule cites its source and confidence, and every number the
// machine uses can be found in it. A released version never changes: its placements keep its answers.
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { activeRulebook, findRule, getRulebook, previousRulebook, rulebooks, rulebookVersions, type Rulebook } from '../../machines/rulebook';
import { ssi2026v1 } from '../../machines/rulebook/ssi-2026-31.v1';
import { ssi2026v2 } from '../../machines/rulebook/ssi-2026-31.v2';

const rulesOf = (book: Rulebook) => [
  ...Object.values(book.clocks),
  ...Object.values(book.visits),
  ...Object.values(book.conditions),
  ...Object.values(book.parameters),
];
const itemsOf = (book: Rulebook) => [
  ...rulesOf(book),
  ...Object.values(book.recipients).flat(),
  ...book.noticeFields,
  ...book.undertaking,
  ...book.legalBases,
  ...(book.openQuestions ?? []),
  ...Object.values(book.visits).flatMap((v) => Object.values(v.byNation)),
];
const BOOKS = Object.values(rulebooks).map((b) => [b.id, b] as const);

test('the active rulebook is registered; every version is, oldest first, the earlier schemes before SSI 2026/31', () => {
  expect(getRulebook(activeRulebook.id)).toBe(activeRulebook);
  expect(rulebookVersions().map((b) => b.id)).toEqual(['ssi-2013-99@1', 'ssi-2022-225@1', 'ssi-2026-31@1', 'ssi-2026-31@2']);
  expect(previousRulebook(ssi2026v2)).toBe(ssi2026v1);
  expect(previousRulebook(ssi2026v1)).toBeUndefined();
});

test('rulebook @1 is exactly as released (its placements keep their answers)', () => {
  const released = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'rulebook-ssi-2026-31@1.json'), 'utf8'));
  expect(JSON.parse(JSON.stringify(ssi2026v1))).toEqual(released);
});

describe.each(BOOKS)('%s', (_id, book) => {
  test('every rule, recipient, notice field, clause and legal basis has a citation and a confidence tag', () => {
    for (const item of itemsOf(book)) {
      expect(item.citation.length).toBeGreaterThan(3);
      expect(['2026', '2022', '2013', 'infer']).toContain(item.confidence);
      if (item.confidence === 'infer' && 'value' in item) expect(item.note).toBeTruthy();
    }
  });

  test('rule ids are unique and keyed by their own id', () => {
    for (const [key, rule] of [
      ...Object.entries(book.clocks),
      ...Object.entries(book.visits),
      ...Object.entries(book.conditions),
      ...Object.entries(book.parameters),
    ])
      expect(rule.id).toBe(key);
    expect(new Set(rulesOf(book).map((r) => r.id)).size).toBe(rulesOf(book).length);
    // The 3-working-day window is read in the 2026 guidance; an earlier scheme applies it to its history by analogy.
    expect(findRule(book, 'C3.order-change-renotify').confidence).toBe(book.instrument === 'SSI 2026/31' ? '2026' : 'infer');
  });

  test('every condition C1-C12 of the domain summary is in the rulebook', () => {
    const conditions = new Set(rulesOf(book).map((r) => ('condition' in r ? r.condition : '')));
    for (let i = 1; i <= 12; i++) expect(conditions).toContain(`C${i}`);
  });

  test("the notice never prints the child's name; the statutory minimum fields are mandatory", () => {
    const keys = book.noticeFields.map((f) => f.key);
    expect(keys).not.toContain('child.firstName');
    const mandatory = book.noticeFields.filter((f) => f.mandatory).map((f) => f.key);
    expect(mandatory).toEqual(
      expect.arrayContaining([
        'placingAuthority.name',
        'child.gender',
        'child.age',
        'placement.serviceName',
        'legalBasis.effectiveFrom',
        'legalBasis.expiresAt',
      ]),
    );
    expect(book.undertaking.some((u) => /except independent advocacy/.test(u.text))).toBe(true);
  });

  test('DoL orders are residential only; residential adds the advocacy provider to the foster recipients', () => {
    for (const b of book.legalBases.filter((x) => x.deprivationOfLiberty)) expect(b.settings).toEqual(['residential']);
    if (book.instrument !== 'SSI 2026/31') return; // the earlier schemes name their own recipients (earlier-schemes.test.ts)
    const foster = book.recipients.foster.map((r) => r.role);
    expect(book.recipients.residential.map((r) => r.role)).toEqual([...foster, 'advocacy-provider']);
  });
});

describe('rulebook @2 against the texts read (sources.md)', () => {
  const book = ssi2026v2;

  test('every infer item says what a legal officer must confirm', () => {
    // (A home-nation span is covered by its clock's note.)
    const perNation = new Set(Object.values(book.visits).flatMap((v) => Object.values(v.byNation)));
    const silent = itemsOf(book).filter((i) => i.confidence === 'infer' && !i.note && !('question' in i) && !perNation.has(i as never));
    expect(silent.map((i) => ('id' in i ? i.id : 'key' in i ? i.key : 'role' in i ? i.role : 'type' in i ? i.type : '?'))).toEqual([]);
  });

  test('a tag names the instrument it was read in: 2026 cites SSI 2026/31 or its guidance, 2022 the 2022 scheme, 2013 SSI 2013/99', () => {
    for (const item of itemsOf(book)) {
      if (item.confidence === '2026') expect(item.citation).toMatch(/SSI 2026\/31|2026 practice guidance/);
      if (item.confidence === '2022') expect(item.citation).toMatch(/SSI 2022\/225|2022 practice guidance/);
      if (item.confidence === '2013') expect(item.citation).toMatch(/SSI 2013\/99/);
    }
  });

  test('only the statutory recipients decide "given"; every copy is followed up by a clock of the rulebook', () => {
    const residential = book.recipients.residential;
    expect(residential.filter((r) => r.required).map((r) => r.role)).toEqual(['host-authority', 'care-inspectorate', 'scottish-ministers']);
    for (const r of residential.filter((x) => !x.required)) expect(book.clocks[r.followUp!]?.metBy).toBe('copy-delivered');
  });

  test('every rule a rule or an open question names exists', () => {
    for (const c of Object.values(book.clocks)) {
      if (c.beforeArrival) expect(book.clocks[c.beforeArrival].clock).toEqual({ kind: 'before-event', event: 'CHILD_ARRIVED' });
      if (c.applies?.commencementParameter) expect(book.parameters[c.applies.commencementParameter]).toBeDefined();
    }
    for (const q of book.openQuestions ?? []) for (const id of q.rules) expect(() => findRule(book, id)).not.toThrow();
    expect(book.openQuestions?.map((q) => q.id)).toContain('Q.commissioner-recipient');
  });

  test('foster advocacy is its own rule with a commencement parameter, not SSI 2026/31', () => {
    const foster = book.clocks['C7.foster-advocacy'];
    expect(foster.citation).not.toMatch(/SSI 2026\/31/);
    expect(foster.applies).toEqual({ settings: ['foster'], commencementParameter: 'P.foster-advocacy-commencement' });
    expect(book.parameters['P.advocacy-settings'].value).toEqual(['residential']);
  });
});

test('the machine holds no legal number: durations in machines/placement come from the rulebook', () => {
  const dir = join(__dirname, '..', '..', 'machines', 'placement');
  for (const file of readdirSync(dir)) {
    const source = readFileSync(join(dir, file), 'utf8');
    // A literal day/week/month count next to a unit would be a rule written in code.
    expect({ file, hit: source.match(/\b(amount|days|weeks|months|years)\s*:\s*\d+/) }).toEqual({ file, hit: null });
    expect(source).not.toMatch(/Date\.now\(|new Date\(\)/);
    expect(source).not.toMatch(/from ['"](\.\.\/)+src\//);
    // Behaviour follows rulebook data, never the version number.
    expect(source).not.toMatch(/\b(book|rulebook)\.version\b/);
    expect(source).not.toMatch(/ssi-2026-31@/);
  }
});
