// The CSV template a council's business support officer fills in from a spreadsheet: one row per placement, the
// history as columns (repeatable events as `;`-separated dates). Each row becomes the same JSON item the API
// takes (schema.ts), and each error found on the item is named by the column it came from.
import { CsvError, parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { LEGAL_TIME_ZONE } from '../../machines/calendar';
import { toCsv } from '../csv';
import { SCHEMES } from './schema';

export interface ColumnDef {
  name: string;
  description: string;
  required?: boolean;
  /** How the cell is read: a date, a date and time (London time when no offset), a list, or text. */
  format: 'text' | 'date' | 'datetime' | 'date-list' | 'datetime-list' | 'review-list';
  example: string;
}

const col = (name: string, format: ColumnDef['format'], description: string, example: string, required = false): ColumnDef => ({
  name,
  format,
  description,
  example,
  ...(required ? { required } : {}),
});

/** Every column of the template, in order. */
export const COLUMNS: readonly ColumnDef[] = [
  col(
    'local_reference',
    'text',
    "Your own case reference for the child (never the child's name). Unique in your authority: a row imported twice is refused.",
    'BHM-2025-0147',
    true,
  ),
  col(
    'placing_authority_id',
    'text',
    'GSS code of the placing authority. Leave blank for your own organisation; an admin fills it in (or passes ?placingAuthorityId=).',
    'E08000025',
  ),
  col(
    'scheme',
    'text',
    `The scheme the placement began under: ${SCHEMES.join(' (DoL order under the 2022 scheme) or ')} (a 2013 transfer).`,
    'ssi-2022-225',
    true,
  ),
  col('child_first_name', 'text', "Child's first name (kept in the record, never printed on a notice or in a report).", 'Ada', true),
  col('child_last_name', 'text', "Child's last name.", 'Lovelace', true),
  col('child_date_of_birth', 'date', "Child's date of birth.", '2011-04-02', true),
  col('child_gender', 'text', "Child's gender, as the notice prints it.", 'female', true),
  col('looked_after_since', 'date', 'When the child became looked after, if before this placement (the review cycle counts from it).', '2024-11-20'),
  col('setting', 'text', '`residential` or `foster`.', 'residential', true),
  col(
    'legal_basis_type',
    'text',
    'The order the placement began under, e.g. dol-order, ni-dol-order (2022 scheme); ni-supervision-order (2013).',
    'dol-order',
    true,
  ),
  col('order_court', 'text', 'The court that made it.', 'High Court (Family Division)'),
  col('order_made_on', 'date', 'When the order was made.', '2025-10-01', true),
  col('order_effective_from', 'datetime', 'When it took effect (a date alone means the start of that day).', '2025-10-01', true),
  col('order_expires_at', 'datetime', 'When it expires, if it states an expiry (a date alone means the end of that day).', ''),
  col('host_authority_id', 'text', 'GSS code of the Scottish council the child lives in (S12...).', 'S12000033', true),
  col('health_board_id', 'text', 'GSS code of the health board, if not the council’s own.', ''),
  col('service_name', 'text', 'Name of the care home or fostering service.', 'Harbour House', true),
  col('service_address', 'text', 'Its address (lines within the cell are joined with commas).', '1 Quay Road, Aberdeen'),
  col('service_email', 'text', 'Its email address (for copies of later notices).', 'manager@harbourhouse.example.org'),
  col('service_provider_id', 'text', 'Its organisation id in this service, if it uses it.', ''),
  col('care_inspectorate_number', 'text', 'Its Care Inspectorate service number.', 'CS2020000001'),
  col('permanence', 'text', '`temporary` (default) or `permanent`.', 'temporary'),
  col('notice_given_at', 'datetime', 'When the first notice and undertaking was given to every recipient (a date alone: 09:00).', '2025-10-02'),
  col('notice_signatory_name', 'text', 'Who signed the notices (required with notice_given_at or updated_notice_dates).', 'Jo Bloggs'),
  col('notice_signatory_role', 'text', 'Their role.', 'Head of Children in Care'),
  col('arrived_at', 'datetime', 'When the child arrived in Scotland (a date alone: 12:00).', '2025-10-06', true),
  col('host_confirmed_at', 'datetime', 'When the host authority confirmed the notice and the conditions.', '2025-10-07'),
  col('advocacy_offered_at', 'datetime', 'When the child was told of and offered advocacy.', '2025-10-08'),
  col('advocacy_outcome', 'text', '`accepted`, `declined` or `not-appropriate` (then advocacy_not_appropriate_reason).', 'accepted'),
  col('advocacy_outcome_at', 'datetime', 'When the child decided (default: advocacy_offered_at).', '2025-10-09'),
  col('advocacy_not_appropriate_reason', 'text', "Why advocacy was not appropriate for the child's age and maturity.", ''),
  col(
    'dol_reviews',
    'review-list',
    'Each time the court reviewed and continued the DoL order: `reviewed on>new expiry`, separated by `;`.',
    '2025-12-22>2026-03-31;2026-03-16>2026-06-30',
  ),
  col('new_order_type', 'text', 'If another order replaced the first: its type.', ''),
  col('new_order_made_on', 'date', 'When the new order was made.', ''),
  col('new_order_effective_from', 'datetime', 'When it took effect.', ''),
  col('new_order_expires_at', 'datetime', 'When it expires, if stated.', ''),
  col('updated_notice_dates', 'datetime-list', 'When each updated notice was given, separated by `;` (a date alone: 15:00).', '2025-12-22;2026-03-16'),
  col('visit_dates', 'date-list', 'Each visit by the placing authority, separated by `;`.', '2025-10-10;2025-11-14'),
  col('review_dates', 'date-list', "Each review of the child's care plan, separated by `;`.", '2025-10-30'),
  col('conditions_check_dates', 'date-list', "Each check that the order's conditions were complied with (and were), separated by `;`.", '2026-01-05'),
  col('transfer_consented_at', 'datetime', '2013 transfers: when the receiving authority consented in writing.', ''),
  col('transfer_effective_at', 'datetime', '2013 transfers: when the transfer took effect.', ''),
  col('reporter_notified_at', 'datetime', '2013 transfers: when the Principal Reporter was given notice.', ''),
  col('hearing_held_at', 'datetime', "2013 transfers: when the children's hearing was held.", ''),
  col('ended_at', 'datetime', 'If the placement has ended: when.', ''),
  col('end_reason', 'text', 'Why it ended (required with ended_at).', ''),
];

const COLUMN_NAMES = new Set(COLUMNS.map((c) => c.name));

/** The template: the header and one example row (fictional). */
export const templateCsv = (): string => toCsv([COLUMNS.map((c) => c.name), COLUMNS.map((c) => c.example)]);

/** A CSV error: the row of the file as a spreadsheet numbers it (the header is row 1) and the column. */
export interface RowError {
  row: number;
  field: string;
  message: string;
}

export interface CsvRow {
  /** The row of the file as a spreadsheet numbers it (the header is row 1; a cell may hold a line break). */
  row: number;
  cells: Record<string, string>;
}

/** Reads the file; problems with the file itself (not a row) come back as errors on row 1. */
export function readImportCsv(text: string): { rows: CsvRow[]; errors: RowError[] } {
  let records: string[][];
  try {
    // Lines may end in CRLF, LF or CR, even mixed (a file edited on two systems). Empty lines are kept as records, so
    // that each row is numbered as a spreadsheet opening the file shows it; rows with no value are passed over below.
    records = parse(text, { bom: true, relax_column_count: true, trim: true, record_delimiter: ['\r\n', '\n', '\r'] });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = typeof e.lines === 'number' ? e.lines : 1;
    return { rows: [], errors: [{ row: line, field: '', message: `the file is not valid CSV: ${e.message.replace(/^Invalid /, 'invalid ')}` }] };
  }
  if (records.length === 0) return { rows: [], errors: [{ row: 1, field: '', message: 'the file is empty: it needs the header row of the template' }] };
  const header = records[0].map((h) => h.trim());
  const errors: RowError[] = [];
  for (const h of header) if (!COLUMN_NAMES.has(h)) errors.push({ row: 1, field: h, message: 'is not a column of the template' });
  for (const c of COLUMNS.filter((x) => x.required)) if (!header.includes(c.name)) errors.push({ row: 1, field: c.name, message: 'the column is missing' });
  if (errors.length) return { rows: [], errors };
  const rows = records
    .slice(1)
    .map((cells, i) => {
      const out: Record<string, string> = {};
      header.forEach((h, k) => (out[h] = (cells[k] ?? '').trim()));
      return { row: i + 2, cells: out, extra: cells.length > header.length, empty: cells.every((c) => c.trim() === '') };
    })
    .filter((r) => !r.empty);
  for (const r of rows) if (r.extra) errors.push({ row: r.row, field: '', message: `has more cells than the header has columns (${header.length})` });
  return { rows: rows.map(({ row, cells }) => ({ row, cells })), errors };
}

// ---- cells ---------------------------------------------------------------------------------------

const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function readDate(v: string): string | null {
  const uk = UK_DATE.exec(v);
  const iso = uk ? `${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}` : ISO_DATE.test(v) ? v : null;
  return iso && DateTime.fromISO(iso).isValid ? iso : null;
}

/** A date and time: with an offset as written; otherwise London time; a date alone at `defaultTime`. */
function readInstant(v: string, defaultTime: string): string | null {
  if (/T.*(Z|[+-]\d{2}:?\d{2})$/i.test(v)) {
    const t = DateTime.fromISO(v, { setZone: true });
    return t.isValid ? t.toUTC().toISO() : null;
  }
  const m = /^(.+?)(?:[ T](\d{1,2}):(\d{2}))?$/.exec(v);
  const day = m && readDate(m[1]);
  if (!m || !day) return null;
  const [h, min] = m[2] ? [m[2], m[3]] : defaultTime.split(':');
  const t = DateTime.fromISO(`${day}T${h.padStart(2, '0')}:${min}`, { zone: LEGAL_TIME_ZONE });
  return t.isValid ? t.toUTC().toISO() : null;
}

const DATE_MESSAGE = 'must be a date: YYYY-MM-DD or DD/MM/YYYY';
const INSTANT_MESSAGE = 'must be a date (YYYY-MM-DD or DD/MM/YYYY), optionally with a time HH:MM (London time)';

/** One history event from a row, with the column it came from (so the replay's errors name that column). */
export interface SourcedEvent {
  event: Record<string, unknown> & { type: string; at: string };
  column: string;
}

// Events of the same moment, in the order they happen: the order before the notice that describes it, the notice before the arrival, ...
const PRECEDENCE = [
  'ORDER_CHANGED',
  'DOL_EXTENDED',
  'NOTICE_GIVEN',
  'CHILD_ARRIVED',
  'HOST_CONDITIONS_CONFIRMED',
  'ADVOCACY_OFFERED',
  'ADVOCACY_NOT_APPROPRIATE',
  'ADVOCACY_ACCEPTED',
  'ADVOCACY_DECLINED',
  'VISIT_RECORDED',
  'REVIEW_RECORDED',
  'CONDITIONS_CHECKED',
  'TRANSFER_PROPOSED',
  'TRANSFER_CONSENTED',
  'TRANSFER_EFFECTIVE',
  'REPORTER_NOTIFIED',
  'HEARING_HELD',
  'PLACEMENT_ENDED',
];

export interface ConvertedRow {
  item: { localReference: string; scheme: string; draft: Record<string, unknown>; history: Record<string, unknown>[] };
  /** The column each history event came from, by its index in `item.history`. */
  sources: string[];
  placingAuthorityId: string | null;
  errors: RowError[];
}

/** A row as the JSON item, with the errors its cells have before any rule is checked. */
export function convertRow({ row, cells }: CsvRow): ConvertedRow {
  const errors: RowError[] = [];
  const fail = (field: string, message: string) => errors.push({ row, field, message });
  const text = (name: string) => cells[name] ?? '';
  const opt = (name: string) => (text(name) === '' ? undefined : text(name));
  for (const c of COLUMNS) if (c.required && text(c.name) === '') fail(c.name, 'is required');
  const date = (name: string): string | undefined => {
    const v = opt(name);
    if (v === undefined) return undefined;
    const d = readDate(v);
    if (!d) fail(name, DATE_MESSAGE);
    return d ?? undefined;
  };
  const instant = (name: string, defaultTime: string, value = opt(name)): string | undefined => {
    if (value === undefined) return undefined;
    const t = readInstant(value, defaultTime);
    if (!t) fail(name, INSTANT_MESSAGE);
    return t ?? undefined;
  };
  const list = (name: string) =>
    (opt(name) ?? '')
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean);

  const arrivedAt = instant('arrived_at', '12:00');
  const legalBasis = {
    type: text('legal_basis_type'),
    ...(opt('order_court') ? { court: opt('order_court') } : {}),
    madeOn: date('order_made_on') ?? '',
    effectiveFrom: instant('order_effective_from', '00:00') ?? '',
    expiresAt: instant('order_expires_at', '23:59') ?? null,
  };
  const placement: Record<string, unknown> = {
    hostAuthorityId: text('host_authority_id'),
    serviceName: text('service_name'),
    // The plan was the day the child came: the arrival is the planned start of an imported placement.
    plannedStart: arrivedAt ?? '',
    permanence: opt('permanence') ?? 'temporary',
  };
  // An address written over several lines of a spreadsheet cell is one line on the notice.
  const address = opt('service_address')
    ?.split(/\s*[\r\n]+\s*/)
    .join(', ');
  if (address) placement.serviceAddress = address;
  for (const [name, key] of [
    ['health_board_id', 'healthBoardId'],
    ['service_email', 'serviceEmail'],
    ['service_provider_id', 'serviceProviderId'],
    ['care_inspectorate_number', 'careInspectorateNumber'],
  ] as const)
    if (opt(name)) placement[key] = opt(name);
  const lookedAfterSince = date('looked_after_since');
  const draft = {
    child: {
      firstName: text('child_first_name'),
      lastName: text('child_last_name'),
      dateOfBirth: date('child_date_of_birth') ?? '',
      gender: text('child_gender'),
    },
    setting: text('setting'),
    legalBasis,
    placement,
    ...(lookedAfterSince ? { lookedAfterSince } : {}),
  };

  const events: SourcedEvent[] = [];
  const add = (column: string, at: string | undefined, type: string, rest: Record<string, unknown> = {}) => {
    if (at) events.push({ column, event: { type, at, ...rest } });
  };
  const signatory = { name: text('notice_signatory_name'), role: text('notice_signatory_role') };
  const noticeDates = [opt('notice_given_at'), ...list('updated_notice_dates')].filter(Boolean);
  if (noticeDates.length)
    for (const name of ['notice_signatory_name', 'notice_signatory_role']) if (!text(name)) fail(name, 'is required when a notice was given');
  add('notice_given_at', instant('notice_given_at', '09:00'), 'NOTICE_GIVEN', { signatory });
  for (const v of list('updated_notice_dates')) add('updated_notice_dates', instant('updated_notice_dates', '15:00', v), 'NOTICE_GIVEN', { signatory });
  add('arrived_at', arrivedAt, 'CHILD_ARRIVED');
  add('host_confirmed_at', instant('host_confirmed_at', '12:00'), 'HOST_CONDITIONS_CONFIRMED');

  const offered = instant('advocacy_offered_at', '12:00');
  const outcome = opt('advocacy_outcome');
  const decided = instant('advocacy_outcome_at', '12:00') ?? offered;
  if (outcome && !['accepted', 'declined', 'not-appropriate'].includes(outcome)) fail('advocacy_outcome', 'must be accepted, declined or not-appropriate');
  if (outcome === 'not-appropriate') {
    if (!decided) fail('advocacy_outcome_at', 'is required when advocacy was not appropriate');
    add('advocacy_not_appropriate_reason', decided, 'ADVOCACY_NOT_APPROPRIATE', { reason: text('advocacy_not_appropriate_reason') });
  } else {
    add('advocacy_offered_at', offered, 'ADVOCACY_OFFERED');
    if (outcome && !offered) fail('advocacy_offered_at', `is required when advocacy was ${outcome}`);
    if (outcome === 'accepted' || outcome === 'declined') add('advocacy_outcome', decided, outcome === 'accepted' ? 'ADVOCACY_ACCEPTED' : 'ADVOCACY_DECLINED');
  }

  for (const review of list('dol_reviews')) {
    const [on, until] = review.split('>').map((x) => x.trim());
    const reviewedOn = readDate(on ?? '');
    const expiresAt = until ? readInstant(until, '23:59') : null;
    if (!reviewedOn || !expiresAt) {
      fail('dol_reviews', `"${review}" must be "reviewed on>new expiry", each a date (YYYY-MM-DD or DD/MM/YYYY)`);
      continue;
    }
    add('dol_reviews', readInstant(reviewedOn, '12:00') ?? undefined, 'DOL_EXTENDED', { reviewedOn, expiresAt });
  }
  if (opt('new_order_type') || opt('new_order_made_on')) {
    const effectiveFrom = instant('new_order_effective_from', '00:00');
    if (!effectiveFrom) fail('new_order_effective_from', 'is required with a new order');
    add('new_order_type', effectiveFrom, 'ORDER_CHANGED', {
      legalBasis: {
        type: text('new_order_type'),
        madeOn: date('new_order_made_on') ?? '',
        effectiveFrom,
        expiresAt: instant('new_order_expires_at', '23:59') ?? null,
      },
    });
  }
  for (const v of list('visit_dates')) add('visit_dates', instant('visit_dates', '12:00', v), 'VISIT_RECORDED');
  for (const v of list('review_dates')) add('review_dates', instant('review_dates', '12:00', v), 'REVIEW_RECORDED');
  for (const v of list('conditions_check_dates'))
    add('conditions_check_dates', instant('conditions_check_dates', '12:00', v), 'CONDITIONS_CHECKED', { conditionsMet: true });
  const consented = instant('transfer_consented_at', '12:00');
  add('transfer_consented_at', consented, 'TRANSFER_PROPOSED');
  add('transfer_consented_at', consented, 'TRANSFER_CONSENTED');
  add('transfer_effective_at', instant('transfer_effective_at', '12:00'), 'TRANSFER_EFFECTIVE');
  add('reporter_notified_at', instant('reporter_notified_at', '12:00'), 'REPORTER_NOTIFIED');
  add('hearing_held_at', instant('hearing_held_at', '12:00'), 'HEARING_HELD');
  const endedAt = instant('ended_at', '12:00');
  if (endedAt && !opt('end_reason')) fail('end_reason', 'is required when the placement ended');
  add('ended_at', endedAt, 'PLACEMENT_ENDED', { reason: text('end_reason') });

  const order = (type: string) => PRECEDENCE.indexOf(type);
  const sorted = events
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => Date.parse(a.event.at) - Date.parse(b.event.at) || order(a.event.type) - order(b.event.type) || a.i - b.i);
  return {
    item: { localReference: text('local_reference'), scheme: text('scheme'), draft, history: sorted.map((e) => e.event) },
    sources: sorted.map((e) => e.column),
    placingAuthorityId: opt('placing_authority_id') ?? null,
    errors,
  };
}

/** The column a path of the JSON item (or of the replay's errors) came from. */
const DRAFT_COLUMNS: Record<string, string> = {
  localReference: 'local_reference',
  scheme: 'scheme',
  'child.firstName': 'child_first_name',
  'child.lastName': 'child_last_name',
  'child.dateOfBirth': 'child_date_of_birth',
  'child.gender': 'child_gender',
  lookedAfterSince: 'looked_after_since',
  setting: 'setting',
  'legalBasis.type': 'legal_basis_type',
  'legalBasis.court': 'order_court',
  'legalBasis.madeOn': 'order_made_on',
  'legalBasis.effectiveFrom': 'order_effective_from',
  'legalBasis.expiresAt': 'order_expires_at',
  'placement.hostAuthorityId': 'host_authority_id',
  'placement.healthBoardId': 'health_board_id',
  'placement.serviceName': 'service_name',
  'placement.serviceAddress': 'service_address',
  'placement.serviceEmail': 'service_email',
  'placement.serviceProviderId': 'service_provider_id',
  'placement.careInspectorateNumber': 'care_inspectorate_number',
  'placement.plannedStart': 'arrived_at',
  'placement.permanence': 'permanence',
};

export function columnOf(path: string, sources: string[]): string {
  const history = /^history\[(\d+)\](?:\.(.*))?$/.exec(path);
  if (history) {
    const source = sources[Number(history[1])] ?? 'history';
    const field = history[2] ?? '';
    if (field.startsWith('signatory')) return field.endsWith('role') ? 'notice_signatory_role' : 'notice_signatory_name';
    if (field.startsWith('legalBasis.')) return `new_order_${DRAFT_COLUMNS[field]?.replace(/^order_|^legal_basis_/, '') ?? 'type'}`;
    if (field === 'reason' && source === 'ended_at') return 'end_reason';
    return source;
  }
  const bare = path.replace(/^draft\./, '');
  return DRAFT_COLUMNS[bare] ?? DRAFT_COLUMNS[bare.split('.').slice(0, 2).join('.')] ?? bare;
}
