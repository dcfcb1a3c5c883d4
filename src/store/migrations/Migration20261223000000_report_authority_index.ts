import type { Knex } from '@mikro-orm/knex';
import { Migration } from '@mikro-orm/migrations';

/**
 * The compliance report's split by placing authority joins each deadline row to its placement. With the
 * authority in the index beside (rulebook_version, id), the join reads index entries only, never a
 * placement row (each carries its snapshot). It replaces the (rulebook_version, id) index, a prefix of it.
 */
export class Migration20261223000000_report_authority_index extends Migration {
  override up(): void {
    this.add((s) =>
      s.alterTable('placement', (t) => t.index(['rulebook_version', 'id', 'placing_authority_id'], 'placement_rulebook_version_id_placing_authority_id_index')),
    );
    this.add((s) => s.alterTable('placement', (t) => t.dropIndex([], 'placement_rulebook_version_id_index')));
  }

  override down(): void {
    this.add((s) => s.alterTable('placement', (t) => t.index(['rulebook_version', 'id'], 'placement_rulebook_version_id_index')));
    this.add((s) => s.alterTable('placement', (t) => t.dropIndex([], 'placement_rulebook_version_id_placing_authority_id_index')));
  }

  /** One statement per DDL command, each from a fresh schema builder (a builder keeps every command given to it). */
  private add(build: (schema: Knex.SchemaBuilder) => Knex.SchemaBuilder): void {
    for (const { sql } of build(this.getKnex().schema).toSQL()) this.addSql(sql);
  }
}
