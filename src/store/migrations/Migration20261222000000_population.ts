import { Migration } from '@mikro-orm/migrations';
import type { PersistedPlacement } from '../../../machines/placement';
import { populationOf } from '../../reports/relationships';

type Execute = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * The relationships counts read a few hundred bytes of each placement (`population`, taken from the
 * snapshot with every write) instead of parsing every whole snapshot, and every placement's version from
 * an index (id, version) without reading its row, so a report reads again only the placements written
 * since the last. `population_version` is the version it was taken from: a row written since by an app
 * that knew no population (an instance not yet upgraded, mid-deploy) is read from its snapshot instead.
 * Placements already stored get theirs here, derived in code as a write derives it (the same function on
 * both databases).
 */
export class Migration20261222000000_population extends Migration {
  override async up(): Promise<void> {
    // Run now rather than queued with addSql: queued statements run after up(), and the backfill needs the column.
    const schema = () => this.getKnex().schema;
    for (const { sql } of [
      ...schema()
        .alterTable('placement', (t) => {
          t.jsonb('population').nullable();
          t.integer('population_version').nullable();
        })
        .toSQL(),
      ...schema()
        .alterTable('placement', (t) => t.index(['id', 'version'], 'placement_id_version_index'))
        .toSQL(),
    ])
      await this.execute(sql);
    await derivePopulation((sql, params) => this.execute(sql, params));
  }
}

const BATCH = 200;

/** Derives `population` from the snapshot for every placement, a batch of snapshots in memory at a time. Its version stays. */
export async function derivePopulation(execute: Execute): Promise<number> {
  let after = '';
  let done = 0;
  for (;;) {
    const rows = await execute('select id, version, snapshot from placement where id > ? order by id limit ?', [after, BATCH]);
    for (const row of rows) {
      const snapshot: PersistedPlacement = typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot;
      await execute('update placement set population = ?, population_version = ? where id = ?', [JSON.stringify(populationOf(snapshot)), row.version, row.id]);
    }
    done += rows.length;
    if (rows.length < BATCH) return done;
    after = String(rows[rows.length - 1].id);
  }
}
