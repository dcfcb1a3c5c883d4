import { Migration } from '@mikro-orm/migrations';

/**
 * Personal free text recorded with an audit entry (a child's needs, a host's query, why a placement
 * ended) is kept beside the chain, not in it: the chained payload holds a salted hash in its place. When
 * the retention time passes, the value and its salt are deleted and the chain still verifies.
 */
export class Migration20261201040000_erasable_audit extends Migration {
  override up(): void {
    const knex = this.getKnex();
    for (const { sql } of knex.schema
      .createTable('audit_personal', (t) => {
        t.integer('seq').notNullable();
        t.text('path').notNullable();
        t.json('value').notNullable();
        t.text('salt').notNullable();
        t.primary(['seq', 'path']);
      })
      .toSQL())
      this.addSql(sql);
    for (const { sql } of knex.schema
      .alterTable('placement', (t) => {
        t.datetime('erased_at').nullable();
      })
      .toSQL())
      this.addSql(sql);
  }
}
