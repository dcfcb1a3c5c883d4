// The relationships counts' population, held between reports: each placement's facts with the version they
// were read at. A placement's version only grows (each write adds one) and no placement is deleted, so any
// write changes the number of placements or the sum of their versions. While both are as they were when the
// facts were read, the facts are the database's; when either changed, every placement's id and version (an
// index answers without reading rows) shows which to read again. So each report counts the rows as the
// database holds them, whichever instance wrote them, without reading them all.
import type { PersistedPlacement } from '../../machines/placement';
import { populationOf, type PopulationFacts } from '../reports/relationships';
import type { Orm } from '../store/orm';
import { withSql, type Sql } from '../store/sql';

interface StoredRow {
  id: string;
  version: unknown;
  population: unknown;
  snapshot: unknown;
}

interface Held {
  version: number;
  facts: PopulationFacts;
}

/** Ids per statement when reading the rows that changed. */
const CHUNK = 500;
/** Rows per statement when reading them all. */
const PAGE = 2000;

// The stored population where it was taken from the row's version; otherwise the snapshot.
const READ =
  'select id, version, case when population_version = version then population end as population, case when population_version = version then null else snapshot end as snapshot from placement';

const sumOfVersions = (rows: { version: unknown }[]) => rows.reduce((sum: number, r) => sum + Number(r.version), 0);

export class PopulationCache {
  private readonly held = new Map<string, Held>();
  /** The number of placements and the sum of their versions when `held` was last made the database's. */
  private seen = { placements: -1, versions: -1 };
  private refreshing: Promise<void> | null = null;

  constructor(private readonly orm: Orm) {}

  /** Every placement's facts, as the database holds them now. */
  async read(): Promise<PopulationFacts[]> {
    // One refresh at a time (a cold one reads every row): a report arriving meanwhile waits, then checks again.
    while (this.refreshing) await this.refreshing.catch(() => undefined);
    this.refreshing = withSql(this.orm, (sql) => this.refresh(sql)).finally(() => (this.refreshing = null));
    await this.refreshing;
    return Array.from(this.held.values(), (h) => h.facts);
  }

  private async refresh(sql: Sql): Promise<void> {
    const [now] = await sql.all<{ placements: unknown; versions: unknown }>('select count(*) as placements, sum(version) as versions from placement');
    if (Number(now.placements) === this.seen.placements && Number(now.versions ?? 0) === this.seen.versions) return;
    if (this.held.size === 0) return this.readAll(sql);
    const current = await sql.all<{ id: string; version: unknown }>('select id, version from placement');
    const changed = current.filter((r) => this.held.get(r.id)?.version !== Number(r.version)).map((r) => r.id);
    for (let i = 0; i < changed.length; i += CHUNK) {
      const ids = changed.slice(i, i + CHUNK);
      this.store(sql, await sql.all<StoredRow>(`${READ} where id in (${ids.map(() => '?').join(', ')})`, ids));
    }
    if (this.held.size > current.length) {
      const ids = new Set(current.map((r) => r.id));
      for (const id of this.held.keys()) if (!ids.has(id)) this.held.delete(id);
    }
    // A row read since its version was asked may be newer still: then the next report finds a new sum.
    this.seen = { placements: current.length, versions: sumOfVersions(current) };
  }

  /**
   * Reads every placement's facts, a page at a time (a few MB in memory rather than every row at once).
   * Rows written meanwhile are read as they stood; the count and sum they give are below the database's then.
   */
  private async readAll(sql: Sql): Promise<void> {
    const seen = { placements: 0, versions: 0 };
    for (let after = ''; ;) {
      const page = this.store(sql, await sql.all<StoredRow>(`${READ} where id > ? order by id limit ?`, [after, PAGE]));
      seen.placements += page.length;
      seen.versions += sumOfVersions(page);
      if (page.length < PAGE) return void (this.seen = seen);
      after = page[page.length - 1].id;
    }
  }

  /** Keeps these rows' facts (taken from the snapshot where none is stored for the row's version); answers the rows. */
  private store(sql: Sql, rows: StoredRow[]): StoredRow[] {
    for (const r of rows) {
      const facts =
        r.population === null ? populationOf(sql.dialect.readJson<PersistedPlacement>(r.snapshot)) : sql.dialect.readJson<PopulationFacts>(r.population);
      this.held.set(r.id, { version: Number(r.version), facts });
    }
    return rows;
  }
}
