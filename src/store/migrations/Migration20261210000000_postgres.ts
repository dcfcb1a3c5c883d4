import { Migration } from '@mikro-orm/migrations';

/** Every JSON column. knex's `json` is `json` on PostgreSQL; the entities' JSON maps to `jsonb` there. */
export const JSON_COLUMNS: readonly (readonly [table: string, column: string])[] = [
  ['placement', 'snapshot'],
  ['audit_event', 'payload'],
  ['audit_personal', 'value'],
  ['outbox_message', 'payload'],
  ['identity_read', 'placement_ids'],
  ['web_session', 'data'],
  ['notify_draft', 'answers'],
];

/**
 * Several app instances on one PostgreSQL database. JSON columns become `jsonb` there (parsed once on
 * write, indexable, compared by value), as MikroORM maps the entities' JSON, so the schema matches the
 * entities; SQLite has one JSON type. On both, a deadline row records until when a sweep has claimed it,
 * so two instances sweeping at once take different rows, and the rows of an instance that died are taken
 * again when its claim runs out.
 */
export class Migration20261210000000_postgres extends Migration {
  override up(): void {
    if (this.config.get('driver')?.name === 'PostgreSqlDriver') {
      for (const [table, column] of JSON_COLUMNS) this.addSql(`alter table "${table}" alter column "${column}" type jsonb using "${column}"::jsonb`);
    }
    for (const { sql } of this.getKnex()
      .schema.alterTable('deadline', (t) => {
        t.datetime('claimed_until').nullable();
      })
      .toSQL())
      this.addSql(sql);
  }
}
