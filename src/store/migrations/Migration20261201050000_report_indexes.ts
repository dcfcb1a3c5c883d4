import type { Knex } from '@mikro-orm/knex';
import { Migration } from '@mikro-orm/migrations';

/**
 * The compliance report reads every deadline row in the period. The first index holds all it needs
 * (rule, status, due and met times, placement) in (rule, status) order, so the report is one pass over
 * the index grouped as it goes, without sorting or reading the deadline table. The second gives the
 * placements under each rulebook without reading placement rows (the column follows the snapshot, so
 * reading it from the row means walking the snapshot's overflow pages).
 */
export class Migration20261201050000_report_indexes extends Migration {
  override up(): void {
    this.add((s) => s.alterTable('deadline', (t) => t.index(['rule', 'status', 'due_at', 'met_at', 'placement_id'], 'deadline_rule_status_index')));
    this.add((s) => s.alterTable('placement', (t) => t.index(['rulebook_version', 'id'], 'placement_rulebook_version_id_index')));
  }

  override down(): void {
    this.add((s) => s.alterTable('placement', (t) => t.dropIndex([], 'placement_rulebook_version_id_index')));
    this.add((s) => s.alterTable('deadline', (t) => t.dropIndex([], 'deadline_rule_status_index')));
  }

  /**
   * One statement per DDL command (SQLite runs only the first statement of a multi-statement string),
   * each from a fresh schema builder (a builder keeps every command given to it).
   */
  private add(build: (schema: Knex.SchemaBuilder) => Knex.SchemaBuilder): void {
    for (const { sql } of build(this.getKnex().schema).toSQL()) this.addSql(sql);
  }
}
