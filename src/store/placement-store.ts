// The rows of one placement, in plain SQL: read with the caller's access in one query, and write one
// transition (snapshot with its optimistic lock, deadline rows, access rows, documents) inside a writer
// transaction. The audit entry and the outbox mail join the same transaction through the writer.
import type { Deadline as MachineDeadline, PersistedPlacement } from '../../machines/placement';
import type { Setting } from '../../machines/rulebook';
import { staleWrite } from '../errors';
import type { PopulationFacts } from '../reports/relationships';
import type { AccessMode } from '../vocabulary';
import { valuesList, type Sql } from './sql';
import type { Tx } from './writer';

/** The columns kept beside the snapshot so lists filter and sort in SQL. */
export interface PlacementSummary {
  placingAuthorityId: string;
  hostAuthorityId: string;
  setting: Setting;
  legalBasisType: string;
  state: string;
  legalStatus: string;
  /** The earliest open deadline, or null. */
  nextDueAt: Date | null;
  /** What the relationships counts read. */
  population: PopulationFacts;
}

export interface PlacementRecord {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  snapshot: PersistedPlacement;
  /** The legal status stored with the last write (not projected to now). */
  legalStatus: string;
  /** The access row of the organisation asked about, if it has one. */
  access: AccessMode | null;
}

export interface AccessGrant {
  organisationId: string;
  mode: AccessMode;
  reason: string;
}

export interface DocumentRow {
  id: string;
  kind: string;
  version: number;
  title: string;
  sha256: string;
  bytes: Uint8Array;
  /** The same notice as JSON, with its own hash. */
  json: { sha256: string; bytes: Uint8Array } | null;
}

interface PlacementRow {
  id: string;
  version: number;
  created_at: unknown;
  updated_at: unknown;
  snapshot: unknown;
  legal_status: string;
  mode: AccessMode | null;
}

/** A snapshot already held in memory, with the version it is. */
export type KnownSnapshot = { version: number; snapshot: PersistedPlacement } | undefined;

/**
 * The snapshot is parsed when first read: a list answers most rows from versions it already knows. A row
 * read without its snapshot (it was at the `known` version) takes the one held.
 */
const toRecord = (sql: Sql, r: PlacementRow, known?: KnownSnapshot): PlacementRecord => {
  let parsed: PersistedPlacement | undefined;
  const version = Number(r.version);
  return {
    id: r.id,
    version,
    createdAt: sql.dialect.readDate(r.created_at),
    updatedAt: sql.dialect.readDate(r.updated_at),
    get snapshot() {
      if (r.snapshot === null && known?.version === version) return known.snapshot;
      return (parsed ??= sql.dialect.readJson<PersistedPlacement>(r.snapshot));
    },
    legalStatus: r.legal_status,
    access: r.mode ?? null,
  };
};

/** A placement row with the access row of one organisation (bound first); `snapshot` what the snapshot column reads. */
const selectWithAccess = (snapshot = 'p.snapshot') =>
  `select p.id, p.version, p.created_at, p.updated_at, ${snapshot} as snapshot, p.legal_status, a.mode from placement p left join placement_access a on a.placement_id = p.id and a.organisation_id = ?`;

/**
 * One placement and, in the same query, the access row of `organisationId` (null: none asked). When the
 * caller holds the snapshot of some version (`known`) and the row is still at it, the snapshot (tens of
 * kilobytes) is neither read nor parsed.
 */
export async function readPlacement(sql: Sql, id: string, organisationId: string | null, known?: KnownSnapshot): Promise<PlacementRecord | null> {
  const [row] = await sql.all<PlacementRow>(
    `${selectWithAccess(known ? 'case when p.version = ? then null else p.snapshot end' : undefined)} where p.id = ?`,
    known ? [known.version, organisationId, id] : [organisationId, id],
  );
  return row ? toRecord(sql, row, known) : null;
}

export interface ListFilter {
  state?: string | string[];
  legalStatus?: string | string[];
  hostAuthorityId?: string;
  placingAuthorityId?: string;
  /** Only placements this organisation has an access row for; undefined: every placement. */
  visibleTo?: string;
}

/**
 * How a page is ordered. `attention`: overdue first, then by legal status (the most serious first, in
 * `urgency` order), then the soonest next deadline; `due`: the soonest next deadline; `created`: newest.
 */
export type ListSort = {
  by: 'attention' | 'due' | 'status' | 'updated' | 'created' | 'reference';
  direction: 'asc' | 'desc';
  now: Date;
  urgency: readonly string[];
};

const filterSql = (f: ListFilter) => {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [
    ['p.state', f.state],
    ['p.legal_status', f.legalStatus],
    ['p.host_authority_id', f.hostAuthorityId],
    ['p.placing_authority_id', f.placingAuthorityId],
  ] as const) {
    if (value === undefined) continue;
    const values = typeof value === 'string' ? [value] : value;
    if (values.length === 0) continue;
    where.push(`${column} in (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  }
  return { where, params };
};

function orderSql(sql: Sql, sort: ListSort | undefined): { order: string; params: unknown[] } {
  if (!sort) return { order: 'p.created_at desc, p.id asc', params: [] };
  const dir = sort.direction === 'desc' ? 'desc' : 'asc';
  const urgency = `case p.legal_status ${sort.urgency.map((_, i) => `when ? then ${i}`).join(' ')} else ${sort.urgency.length} end`;
  // A placement with no open deadline sorts after every one that has one.
  const due = `case when p.next_due_at is null then 1 else 0 end ${dir}, p.next_due_at ${dir}`;
  switch (sort.by) {
    case 'attention':
      return {
        order: `case when p.next_due_at < ? then 0 else 1 end ${dir}, ${urgency} ${dir}, ${due}, p.id asc`,
        params: [sql.dialect.date(sort.now), ...sort.urgency],
      };
    case 'due':
      return { order: `${due}, p.id asc`, params: [] };
    case 'status':
      return { order: `${urgency} ${dir}, ${due}, p.id asc`, params: [...sort.urgency] };
    case 'updated':
      return { order: `p.updated_at ${dir}, p.id asc`, params: [] };
    case 'reference':
      return { order: `p.id ${dir}`, params: [] };
    case 'created':
      return { order: `p.created_at ${dir === 'asc' ? 'desc' : 'asc'}, p.id asc`, params: [] };
  }
}

/**
 * A page of placements (newest first unless sorted), with the total. The page is chosen on narrow columns
 * (ids in order, from the index where the order has one), then only its rows are read with their
 * snapshots: sorting whole rows would carry every snapshot through the sort.
 */
export async function listPlacements(
  sql: Sql,
  f: ListFilter,
  page: { limit: number; offset: number },
  sort?: ListSort,
): Promise<{ items: PlacementRecord[]; total: number }> {
  const { where, params } = filterSql(f);
  if (f.visibleTo !== undefined && !sort && where.length === 0 && !(await missingCreatedAt(sql, f.visibleTo)))
    return readPage(sql, f.visibleTo, await newestVisible(sql, f.visibleTo, page));
  const order = orderSql(sql, sort);
  const join = f.visibleTo === undefined ? '' : 'join placement_access a on a.placement_id = p.id and a.organisation_id = ?';
  const joinParams = f.visibleTo === undefined ? [] : [f.visibleTo];
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const ids = await sql.all<{ id: string }>(`select p.id from placement p ${join} ${clause} order by ${order.order} limit ? offset ?`, [
    ...joinParams,
    ...params,
    ...order.params,
    page.limit,
    page.offset,
  ]);
  const [count] = await sql.all<{ n: number }>(`select count(*) as n from placement p ${join} ${clause}`, [...joinParams, ...params]);
  return readPage(sql, f.visibleTo ?? null, { ids, total: Number(count.n) });
}

/** Whether any of the organisation's access rows lacks its placement's creation time (written mid-deploy). */
async function missingCreatedAt(sql: Sql, organisationId: string): Promise<boolean> {
  const rows = await sql.all('select 1 as missing from placement_access where organisation_id = ? and placement_created_at is null limit 1', [organisationId]);
  return rows.length > 0;
}

/**
 * The organisation's page, newest first, from its access rows alone: they carry each placement's creation
 * time, and an index holds them in this order. The same order as the join (created_at desc, id asc).
 */
async function newestVisible(sql: Sql, organisationId: string, page: { limit: number; offset: number }) {
  const ids = await sql.all<{ id: string }>(
    'select placement_id as id from placement_access where organisation_id = ? order by placement_created_at desc, placement_id asc limit ? offset ?',
    [organisationId, page.limit, page.offset],
  );
  // Every access row has its placement (a foreign key; placements are never deleted).
  const [count] = await sql.all<{ n: number }>('select count(*) as n from placement_access where organisation_id = ?', [organisationId]);
  return { ids, total: Number(count.n) };
}

/** The rows of a page of ids, in its order, with the access row of `organisationId`. */
async function readPage(sql: Sql, organisationId: string | null, page: { ids: { id: string }[]; total: number }) {
  const { ids, total } = page;
  if (ids.length === 0) return { items: [], total };
  const rows = await sql.all<PlacementRow>(`${selectWithAccess()} where p.id in (${ids.map(() => '?').join(', ')})`, [organisationId, ...ids.map((r) => r.id)]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = ids.flatMap(({ id }) => {
    const row = byId.get(id);
    return row ? [toRecord(sql, row)] : []; // gone between the two reads (erased): left out, as a moment later
  });
  return { items, total };
}

export interface TransitionWrite {
  id: string;
  /** null: a new placement; otherwise the version read, which must still be the stored one. */
  expectedVersion: number | null;
  snapshot: PersistedPlacement;
  /** The snapshot as the dialect binds it (`dialect.json`), when the caller serialised it before the transaction (which holds the write lock). */
  snapshotJson?: unknown;
  summary: PlacementSummary;
  at: Date;
  deadlines: { opened: MachineDeadline[]; changed: MachineDeadline[] };
  /** The organisations that may see the placement now, when they changed (null: unchanged). */
  access: AccessGrant[] | null;
  documents: DocumentRow[];
}

export const deadlineRowId = (placementId: string, deadlineId: string) => `${placementId}:${deadlineId}`;

/**
 * Writes one transition's rows; returns the placement's new version. The version check is the first
 * statement, so a stale read is refused (409) before anything is written.
 */
export async function writeTransition(tx: Tx, w: TransitionWrite): Promise<number> {
  const { sql } = tx;
  const d = sql.dialect;
  const s = w.summary;
  const nextDue = s.nextDueAt ? d.date(s.nextDueAt) : null;
  const columns = [
    s.placingAuthorityId,
    s.hostAuthorityId,
    s.setting,
    s.legalBasisType,
    s.state,
    s.legalStatus,
    nextDue,
    w.snapshotJson ?? d.json(w.snapshot),
    w.snapshot.machineVersion,
    w.snapshot.rulebookId,
    d.json(s.population),
  ];
  let version: number;
  if (w.expectedVersion === null) {
    await sql.run(
      `insert into placement (placing_authority_id, host_authority_id, setting, legal_basis_type, state, legal_status, next_due_at, snapshot, machine_version, rulebook_version, population, id, version, population_version, created_at, updated_at) values ${valuesList(1, 16)}`,
      [...columns, w.id, 1, 1, d.date(w.at), d.date(w.at)],
    );
    version = 1;
  } else {
    const changed = await sql.run(
      `update placement set placing_authority_id = ?, host_authority_id = ?, setting = ?, legal_basis_type = ?, state = ?, legal_status = ?, next_due_at = ?, snapshot = ?, machine_version = ?, rulebook_version = ?, population = ?, population_version = version + 1, version = version + 1, updated_at = ? where id = ? and version = ?`,
      [...columns, d.date(w.at), w.id, w.expectedVersion],
    );
    if (changed !== 1) throw staleWrite();
    version = w.expectedVersion + 1;
  }

  const deadlines = [...w.deadlines.opened, ...w.deadlines.changed];
  if (deadlines.length)
    await sql.run(
      `insert into deadline (id, placement_id, placing_authority_id, rule, citation, due_at, status, met_at, opened_at) values ${valuesList(deadlines.length, 9)}
       on conflict (id) do update set status = excluded.status, met_at = excluded.met_at, due_at = excluded.due_at, placing_authority_id = excluded.placing_authority_id`,
      deadlines.flatMap((x) => [
        deadlineRowId(w.id, x.id),
        w.id,
        s.placingAuthorityId,
        x.rule,
        x.citation,
        d.date(new Date(x.dueAt)),
        x.status,
        x.metAt ? d.date(new Date(x.metAt)) : null,
        d.date(new Date(x.openedAt)),
      ]),
    );

  if (w.access) {
    const grants = w.access;
    await sql.run(
      `insert into placement_access (placement_id, organisation_id, mode, reason, since) values ${valuesList(grants.length, 5)}
       on conflict (placement_id, organisation_id) do update set mode = excluded.mode, reason = excluded.reason, since = excluded.since
       where placement_access.mode <> excluded.mode or placement_access.reason <> excluded.reason`,
      grants.flatMap((g) => [w.id, g.organisationId, g.mode, g.reason, d.date(w.at)]),
    );
    await fillAccessCreatedAt(sql, w.id);
  }

  for (const doc of w.documents)
    await sql.run(
      `insert into document (id, placement_id, kind, version, title, sha256, bytes, json_sha256, json_bytes, created_at) values ${valuesList(1, 10)}`,
      [
        doc.id,
        w.id,
        doc.kind,
        doc.version,
        doc.title,
        doc.sha256,
        d.bytes(doc.bytes),
        doc.json?.sha256 ?? null,
        doc.json ? d.bytes(doc.json.bytes) : null,
        d.date(w.at),
      ],
    );
  return version;
}

/**
 * Gives access rows without it their placement's creation time (the lists' order): new rows, and rows an
 * instance not yet upgraded wrote mid-deploy (every start mends those). One placement's, or every one's.
 */
export async function fillAccessCreatedAt(sql: Sql, placementId?: string): Promise<number> {
  const one = placementId === undefined ? '' : ' and placement_id = ?';
  return sql.run(
    `update placement_access set placement_created_at = (select p.created_at from placement p where p.id = placement_access.placement_id) where placement_created_at is null${one}`,
    placementId === undefined ? [] : [placementId],
  );
}

/** That a user was shown these children's identities: one row per request. */
export interface IdentityRead {
  placementIds: string[];
  userId: string;
  organisationId: string;
  role: string;
  via: string;
  at: Date;
}

/** Records reads, all in one statement (a group commit's reads together). */
export async function insertIdentityReads(sql: Sql, reads: readonly IdentityRead[]): Promise<void> {
  const d = sql.dialect;
  for (let i = 0; i < reads.length; i += 100) {
    const chunk = reads.slice(i, i + 100);
    await sql.run(
      `insert into identity_read (placement_ids, user_id, organisation_id, role, via, at) values ${valuesList(chunk.length, 6)}`,
      chunk.flatMap((r) => [d.json(r.placementIds), r.userId, r.organisationId, r.role, r.via, d.date(r.at)]),
    );
  }
}

export interface IdentityReadRow extends IdentityRead {
  id: number;
}

/** The reads that showed one placement's child, newest first. */
export async function identityReadsOf(
  sql: Sql,
  placementId: string,
  page: { limit: number; offset: number },
): Promise<{ items: IdentityReadRow[]; total: number }> {
  const d = sql.dialect;
  const where = `where ${d.jsonArrayHas('r.placement_ids')}`;
  const rows = await sql.all<Record<string, unknown>>(
    `select r.id, r.placement_ids, r.user_id, r.organisation_id, r.role, r.via, r.at from identity_read r ${where} order by r.at desc, r.id desc limit ? offset ?`,
    [placementId, page.limit, page.offset],
  );
  const [count] = await sql.all<{ n: number }>(`select count(*) as n from identity_read r ${where}`, [placementId]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: Number(r.id),
      placementIds: d.readJson<string[]>(r.placement_ids),
      userId: String(r.user_id),
      organisationId: String(r.organisation_id),
      role: String(r.role),
      via: String(r.via),
      at: d.readDate(r.at),
    })),
  };
}
