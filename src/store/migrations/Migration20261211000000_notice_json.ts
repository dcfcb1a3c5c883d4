import { Migration } from '@mikro-orm/migrations';

/**
 * Each notice version is also issued as JSON (for a receiving council's case system), stored beside its
 * PDF on the same row with its own hash. Versions signed before keep null: a notice is evidence of what
 * was sent, so nothing is rendered after the fact.
 */
export class Migration20261211000000_notice_json extends Migration {
  override up(): void {
    const knex = this.getKnex();
    for (const { sql } of knex.schema
      .alterTable('document', (t) => {
        t.text('json_sha256').nullable();
        t.binary('json_bytes').nullable();
      })
      .toSQL())
      this.addSql(sql);
  }
}
