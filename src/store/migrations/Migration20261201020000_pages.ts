import type { Knex } from '@mikro-orm/knex';
import { Migration } from '@mikro-orm/migrations';

/**
 * What the web pages keep: server-side sessions, one-time sign-in challenges (hashes only), the answers of
 * a notification in progress, and rate-limit counters shared by every app instance. The placement gains
 * its next open deadline, so a work queue sorts by it in SQL; an organisation records where its notice
 * mailbox came from, so a restart's seed never undoes one an admin set.
 */
export class Migration20261201020000_pages extends Migration {
  override up(): void {
    const knex = this.getKnex();
    const create = (name: string, build: (t: Knex.CreateTableBuilder) => void) => {
      for (const { sql } of knex.schema.createTable(name, build).toSQL()) this.addSql(sql);
    };
    create('web_session', (t) => {
      t.text('key').notNullable().primary();
      t.json('data').notNullable();
      t.datetime('created_at').notNullable();
      t.datetime('last_seen_at').notNullable();
      t.index(['last_seen_at'], 'web_session_last_seen_at_index');
    });
    create('sign_in_challenge', (t) => {
      t.text('id').notNullable().primary();
      t.text('user_id').notNullable();
      t.text('code_hash').notNullable();
      t.text('token_hash').notNullable();
      t.datetime('created_at').notNullable();
      t.datetime('expires_at').notNullable();
      t.integer('failures').notNullable().defaultTo(knex.raw('0'));
      t.datetime('used_at').nullable();
      t.unique(['token_hash'], { indexName: 'sign_in_challenge_token_hash_unique' });
      t.index(['user_id'], 'sign_in_challenge_user_id_index');
    });
    create('notify_draft', (t) => {
      t.text('user_id').notNullable();
      t.text('id').notNullable();
      t.json('answers').notNullable();
      t.datetime('updated_at').notNullable();
      t.primary(['user_id', 'id']);
    });
    create('rate_limit', (t) => {
      t.text('key').notNullable().primary();
      t.datetime('window_start').notNullable();
      t.integer('count').notNullable();
    });
    for (const { sql } of knex.schema
      .alterTable('placement', (t) => {
        t.datetime('next_due_at').nullable();
        t.index(['next_due_at'], 'placement_next_due_at_index');
      })
      .toSQL())
      this.addSql(sql);
    for (const { sql } of knex.schema
      .alterTable('organisation', (t) => {
        t.text('notice_email_source').notNullable().defaultTo('seed');
      })
      .toSQL())
      this.addSql(sql);
    this.addSql(`update placement set next_due_at = (select min(d.due_at) from deadline d where d.placement_id = placement.id and d.status = 'open')`);
  }
}
