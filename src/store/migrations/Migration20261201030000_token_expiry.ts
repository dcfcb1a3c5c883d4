import { Migration } from '@mikro-orm/migrations';

/**
 * API tokens expire, and record when they were last used (so an admin can see which keys are alive).
 * Tokens issued before this migration expire 90 days after they were issued.
 */
export class Migration20261201030000_token_expiry extends Migration {
  override up(): void {
    const knex = this.getKnex();
    for (const { sql } of knex.schema
      .alterTable('api_token', (t) => {
        t.datetime('expires_at').nullable();
        t.datetime('last_used_at').nullable();
      })
      .toSQL())
      this.addSql(sql);
    const postgres = this.config.get('driver')?.name === 'PostgreSqlDriver';
    // SQLite keeps datetimes as epoch milliseconds (MikroORM); PostgreSQL as timestamps.
    this.addSql(postgres ? `update api_token set expires_at = created_at + interval '90 days'` : `update api_token set expires_at = created_at + 7776000000`);
  }
}
