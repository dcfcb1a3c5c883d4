import type { Knex } from '@mikro-orm/knex';
import { Migration } from '@mikro-orm/migrations';

/**
 * Lists are newest first by default: (created_at, id) in an index gives a page of ids in that order by
 * walking the index, without reading or sorting placement rows (each carries its snapshot).
 */
export class Migration20261220000000_list_order_index extends Migration {
  override up(): void {
    this.add((s) => s.alterTable('placement', (t) => t.index(['created_at', 'id'], 'placement_created_at_id_index')));
  }

  override down(): void {
    this.add((s) => s.alterTable('placement', (t) => t.dropIndex([], 'placement_created_at_id_index')));
  }

  /** One statement per DDL command, each from a fresh schema builder (a builder keeps every command given to it). */
  private add(build: (schema: Knex.SchemaBuilder) => Knex.SchemaBuilder): void {
    for (const { sql } of build(this.getKnex().schema).toSQL()) this.addSql(sql);
  }
}
