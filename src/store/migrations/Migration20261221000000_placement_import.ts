import { Migration } from '@mikro-orm/migrations';

/** Placements imported with their history from the schemes before SSI 2026/31: one row each, keyed by the council's own reference. */
export class Migration20261221000000_placement_import extends Migration {
  override up(): void {
    const knex = this.getKnex();
    for (const { sql } of knex.schema
      .createTable('placement_import', (t) => {
        t.text('placement_id').notNullable().primary();
        t.text('placing_authority_id').notNullable();
        t.text('local_reference').notNullable();
        t.text('scheme').notNullable();
        t.text('import_id').notNullable();
        t.datetime('imported_at').notNullable();
        t.unique(['placing_authority_id', 'local_reference'], { indexName: 'placement_import_placing_authority_id_local_reference_unique' });
        t.index(['import_id'], 'placement_import_import_id_index');
      })
      .toSQL())
      this.addSql(sql);
  }
}
