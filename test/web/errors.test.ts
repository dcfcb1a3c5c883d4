import { fieldId, problemToFormErrors } from '../../src/web/forms/errors';
import { parseTime, readFields } from '../../src/web/forms/fields';

describe('error summary from problem details', () => {
  it('derives field ids from paths by one rule', () => {
    expect(fieldId('legalBasis.madeOn')).toBe('legalBasis-madeOn');
    expect(fieldId('contacts[0].name')).toBe('contacts-0-name');
    expect(fieldId('child.firstName')).toBe('child-firstName');
  });

  it('links each error to its field, names the field, and keeps the first message per field', () => {
    const e = problemToFormErrors(
      {
        title: 'Unprocessable Content',
        errors: [
          { path: 'legalBasis.madeOn', message: 'Invalid ISO date' },
          { path: 'child.firstName', message: 'must be a single line' },
          { path: 'child.firstName', message: 'Too long' },
        ],
      },
      { labels: { 'legalBasis.madeOn': 'Date the order was made', 'child.firstName': 'First name' }, dateFields: ['legalBasis.madeOn'] },
    );
    expect(e.summary).toEqual([
      { text: 'Date the order was made: invalid ISO date', href: '#legalBasis-madeOn-day' },
      { text: 'First name must be a single line', href: '#child-firstName' },
      { text: 'First name: too long', href: '#child-firstName' },
    ]);
    expect(e.byPath['child.firstName']).toEqual({ text: 'First name must be a single line' });
  });

  it('links to another page when the field is there', () => {
    const e = problemToFormErrors(
      { errors: [{ path: 'placement.hostAuthorityId', message: 'unknown organisation' }] },
      { pageFor: () => '/placements/new/x/placement' },
    );
    expect(e.summary[0].href).toBe('/placements/new/x/placement#placement-hostAuthorityId');
  });

  it('falls back to the detail when a problem names no field', () => {
    expect(problemToFormErrors({ title: 'Conflict', detail: 'CHILD_ARRIVED is not allowed' }).summary).toEqual([
      { text: 'CHILD_ARRIVED is not allowed', href: '#main-content' },
    ]);
  });
});

describe('form fields', () => {
  it('reads UK times', () => {
    expect(parseTime('9:00am')).toEqual([9, 0]);
    expect(parseTime('9am')).toEqual([9, 0]);
    expect(parseTime('12pm')).toEqual([12, 0]);
    expect(parseTime('12:30am')).toEqual([0, 30]);
    expect(parseTime('14:30')).toEqual([14, 30]);
    expect(parseTime('midday')).toEqual([12, 0]);
    expect(parseTime('25:00')).toBeNull();
    expect(parseTime('13pm')).toBeNull();
  });

  it('turns date boxes into ISO dates and London instants, and refuses dates that do not exist', () => {
    const fields = [
      { path: 'a.date', label: 'Date', kind: 'date' as const, required: true },
      { path: 'a.when', label: 'When', kind: 'datetime' as const, required: true },
    ];
    const ok = readFields(fields, {
      'a-date-day': '2',
      'a-date-month': '4',
      'a-date-year': '2012',
      'a-when-day': '1',
      'a-when-month': '7',
      'a-when-year': '2026',
      'a-when-time': '9:30am',
    });
    expect(ok.errors.summary).toEqual([]);
    expect(ok.value).toEqual({ a: { date: '2012-04-02', when: '2026-07-01T09:30:00+01:00' } });
    const bad = readFields(fields, { 'a-date-day': '30', 'a-date-month': '2', 'a-date-year': '2026' });
    expect(bad.errors.summary).toEqual([
      { text: 'Date must be a real date', href: '#a-date-day' },
      { text: 'Enter when', href: '#a-when-day' },
    ]);
  });
});
