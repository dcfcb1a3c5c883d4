// The rulebook is the law as data: every rule cites its source and confidence, and every number the
// machine uses can be found in it.
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { activeRulebook as book, findRule, getRulebook, rulebooks } from '../../machines/rulebook';

const allRules = [
  ...Object.values(book.clocks),
  ...Object.values(book.visits),
  ...Object.values(book.conditions),
  ...Object.values(book.parameters),
];

test('the active rulebook is ssi-2026-31@1 and is registered', () => {
  expect(book.id).toBe('ssi-2026-31@1');
  expect(getRulebook('ssi-2026-31@1')).toBe(book);
  expect(Object.keys(rulebooks)).toContain(book.id);
});

test('every rule, recipient, notice field, clause and legal basis has a citation and a confidence tag', () => {
  const items = [
    ...allRules,
    ...Object.values(book.recipients).flat(),
    ...book.noticeFields,
    ...book.undertaking,
    ...book.legalBases,
    ...Object.values(book.visits).flatMap((v) => Object.values(v.byNation)),
  ];
  for (const item of items) {
    expect(item.citation.length).toBeGreaterThan(3);
    expect(['2026', '2022', '2013', 'infer']).toContain(item.confidence);
    if (item.confidence === 'infer' && 'value' in item) expect(item.note).toBeTruthy();
  }
});

test('rule ids are unique and keyed by their own id', () => {
  for (const [key, rule] of [...Object.entries(book.clocks), ...Object.entries(book.visits), ...Object.entries(book.conditions), ...Object.entries(book.parameters)])
    expect(rule.id).toBe(key);
  expect(new Set(allRules.map((r) => r.id)).size).toBe(allRules.length);
  expect(findRule(book, 'C3.order-change-renotify').confidence).toBe('2026');
});

test('every condition C1-C12 of the domain summary is in the rulebook', () => {
  const conditions = new Set(allRules.map((r) => ('condition' in r ? r.condition : '')));
  for (let i = 1; i <= 12; i++) expect(conditions).toContain(`C${i}`);
});

test('recipients: residential adds the advocacy provider to the foster list', () => {
  const foster = book.recipients.foster.map((r) => r.role);
  expect(book.recipients.residential.map((r) => r.role)).toEqual([...foster, 'advocacy-provider']);
  expect(foster).toEqual(expect.arrayContaining(['host-authority', 'care-inspectorate', 'scottish-ministers']));
});

test('the notice never prints the child\'s name; the statutory minimum fields are mandatory', () => {
  const keys = book.noticeFields.map((f) => f.key);
  expect(keys).not.toContain('child.firstName');
  expect(keys).not.toContain('child.lastName');
  const mandatory = book.noticeFields.filter((f) => f.mandatory).map((f) => f.key);
  expect(mandatory).toEqual(expect.arrayContaining(['placingAuthority.name', 'child.gender', 'child.age', 'placement.serviceName', 'legalBasis.effectiveFrom', 'legalBasis.expiresAt']));
  expect(book.undertaking.some((u) => /except independent advocacy/.test(u.text))).toBe(true);
});

test('DoL orders are residential only', () => {
  for (const b of book.legalBases.filter((x) => x.deprivationOfLiberty)) expect(b.settings).toEqual(['residential']);
});

test('the machine holds no legal number: durations in machines/placement come from the rulebook', () => {
  const dir = join(__dirname, '..', '..', 'machines', 'placement');
  for (const file of readdirSync(dir)) {
    const source = readFileSync(join(dir, file), 'utf8');
    // A literal day/week/month count next to a unit would be a rule written in code.
    expect({ file, hit: source.match(/\b(amount|days|weeks|months|years)\s*:\s*\d+/) }).toEqual({ file, hit: null });
    expect(source).not.toMatch(/Date\.now\(|new Date\(\)/);
    expect(source).not.toMatch(/from ['"](\.\.\/)+src\//);
  }
});
