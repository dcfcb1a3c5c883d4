// The event contract: one schema per event, and the text fields that refuse what can break a store,
// a PDF or a mail header.
import { DraftSchema, line, text, USER_EVENT_EXAMPLES, USER_EVENT_TYPES, UserEventSchema, SystemEventSchema } from '../../machines/placement';

test('every user event type has a schema and a valid example; system events are not user events', () => {
  expect(USER_EVENT_EXAMPLES.map((e) => e.type)).toEqual(USER_EVENT_TYPES);
  for (const system of SystemEventSchema.options.map((o) => o.shape.type.value))
    expect(UserEventSchema.safeParse({ type: system, at: '2026-03-01T10:00:00Z' }).success).toBe(false);
});

test.each([
  ['NUL', 'a\u0000b', 'control characters'],
  ['bell', 'a\u0007b', 'control characters'],
  ['DEL', 'a\u007fb', 'control characters'],
  ['C1 control', 'a\u0085b', 'control characters'],
  ['line separator', 'a\u2028b', 'control characters'],
  ['right-to-left override', '\u202Eeci', 'bidirectional'],
  ['isolate', 'a\u2067b', 'bidirectional'],
  ['lone high surrogate', 'a\uD800b', 'lone surrogates'],
  ['lone low surrogate', 'a\uDC00b', 'lone surrogates'],
  ['CRLF in one line', 'Ada\r\nBcc: x@y', 'single line'],
  ['tab in one line', 'Ada\tLovelace', 'tabs'],
])('one-line text refuses %s', (_name, value, message) => {
  const r = line(100).safeParse(value);
  expect(r.success).toBe(false);
  expect(r.error?.issues[0].message).toContain(message);
});

test('free text keeps line breaks and tabs but refuses the rest; emoji and accents pass', () => {
  expect(text().parse('First line\r\nsecond\tline')).toBe('First line\r\nsecond\tline');
  expect(text().safeParse('a\u0000').success).toBe(false);
  expect(line().parse('  Siân Ó Briain 👩‍👧 ')).toBe('Siân Ó Briain 👩‍👧');
});

test('a draft with a NUL in an organisation id names the field', () => {
  const r = DraftSchema.safeParse({
    child: { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2012-04-02', gender: 'female' },
    setting: 'residential',
    legalBasis: { type: 'care-order', madeOn: '2026-03-01', effectiveFrom: '2026-03-02T10:00:00Z', expiresAt: null },
    placement: { hostAuthorityId: 'a\u0000b', serviceName: 'Harbour House', plannedStart: '2026-03-05T10:00:00Z', permanence: 'temporary' },
  });
  expect(r.success).toBe(false);
  expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['placement.hostAuthorityId']);
});
