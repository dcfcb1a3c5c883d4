import { Migration } from '@mikro-orm/migrations';

/**
 * The log of reads of a child's identity becomes one row per request (a list request names every
 * placement it showed), instead of one row per placement shown. Existing rows are carried over, each as
 * a one-placement read.
 */
export class Migration20261201000000_identity_read extends Migration {
  override up(): void {
    const knex = this.getKnex();
    for (const { sql } of knex.schema
      .createTable('identity_read', (t) => {
        t.increments('id');
        t.json('placement_ids').notNullable();
        t.text('user_id').notNullable();
        t.text('organisation_id').notNullable();
        t.text('role').notNullable();
        t.text('via').notNullable();
        t.datetime('at').notNullable();
        t.index(['at'], 'identity_read_at_index');
      })
      .toSQL())
      this.addSql(sql);
    const array = this.config.get('driver')?.name === 'PostgreSqlDriver' ? 'json_build_array(placement_id)' : 'json_array(placement_id)';
    this.addSql(
      `insert into identity_read (placement_ids, user_id, organisation_id, role, via, at) select ${array}, user_id, organisation_id, role, via, at from record_read order by id`,
    );
    this.addSql(knex.schema.dropTable('record_read').toQuery());
  }
}
