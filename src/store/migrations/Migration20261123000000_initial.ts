import type { Knex } from '@mikro-orm/knex';
import { Migration } from '@mikro-orm/migrations';

type Table = Knex.CreateTableBuilder;

/**
 * The first schema: reference data, users and tokens, placements, audit log, deadlines, outbox, access.
 * Written with the knex schema builder rather than raw SQLite SQL so the same migration can run on
 * PostgreSQL. Names and types follow what MikroORM derives from the entities, so the schema diff after
 * migrating is empty (test/store.test.ts checks that).
 */
export class Migration20261123000000_initial extends Migration {
  override up(): void {
    this.createTable('organisation', (t) => {
      t.text('id').notNullable().primary();
      t.text('name').notNullable();
      t.text('kind').notNullable();
      t.text('nation').notNullable();
      t.text('dfe_la_code').nullable();
      t.text('notice_email').notNullable();
      t.index(['kind'], 'organisation_kind_index');
    });

    this.createTable('app_user', (t) => {
      t.text('id').notNullable().primary();
      t.text('email').notNullable();
      t.text('name').notNullable();
      t.text('role').notNullable();
      t.text('organisation_id').notNullable();
      t.datetime('created_at').notNullable();
      t.unique(['email'], { indexName: 'app_user_email_unique' });
      foreignKey(t, 'app_user', 'organisation_id', 'organisation');
    });

    this.createTable('api_token', (t) => {
      t.text('id').notNullable().primary();
      t.text('user_id').notNullable();
      t.text('token_hash').notNullable();
      t.datetime('created_at').notNullable();
      t.datetime('revoked_at').nullable();
      t.unique(['token_hash'], { indexName: 'api_token_token_hash_unique' });
      foreignKey(t, 'api_token', 'user_id', 'app_user');
    });

    this.createTable('placement', (t) => {
      t.text('id').notNullable().primary();
      t.text('placing_authority_id').notNullable();
      t.text('host_authority_id').notNullable();
      t.text('setting').notNullable();
      t.text('legal_basis_type').notNullable();
      t.text('state').notNullable();
      t.text('legal_status').notNullable();
      t.json('snapshot').notNullable();
      t.integer('machine_version').notNullable();
      t.text('rulebook_version').notNullable();
      t.integer('version').notNullable().defaultTo(this.getKnex().raw('1'));
      t.datetime('created_at').notNullable();
      t.datetime('updated_at').notNullable();
      foreignKey(t, 'placement', 'placing_authority_id', 'organisation');
      foreignKey(t, 'placement', 'host_authority_id', 'organisation');
      t.index(['legal_basis_type'], 'placement_legal_basis_type_index');
      t.index(['state'], 'placement_state_index');
      t.index(['legal_status'], 'placement_legal_status_index');
    });

    this.createTable('audit_event', (t) => {
      t.increments('seq'); // the primary key
      t.text('placement_id').nullable();
      t.text('type').notNullable();
      t.datetime('at').notNullable();
      t.datetime('recorded_at').notNullable();
      t.text('actor_user_id').nullable();
      t.text('actor_role').notNullable();
      t.text('actor_organisation_id').nullable();
      t.json('payload').notNullable();
      t.text('prev_hash').nullable();
      t.text('hash').notNullable();
      t.unique(['hash'], { indexName: 'audit_event_hash_unique' });
      // The log is append-only: deleting what an entry points at must fail, not blank the entry.
      foreignKey(t, 'audit_event', 'placement_id', 'placement', 'restrict');
      foreignKey(t, 'audit_event', 'actor_user_id', 'app_user', 'restrict');
      foreignKey(t, 'audit_event', 'actor_organisation_id', 'organisation', 'restrict');
    });

    this.createTable('deadline', (t) => {
      t.text('id').notNullable().primary();
      t.text('placement_id').notNullable();
      t.text('rule').notNullable();
      t.text('citation').notNullable();
      t.datetime('due_at').notNullable();
      t.text('status').notNullable();
      t.datetime('met_at').nullable();
      t.datetime('fired_at').nullable();
      t.datetime('opened_at').notNullable();
      foreignKey(t, 'deadline', 'placement_id', 'placement');
      t.index(['status', 'due_at'], 'deadline_status_due_at_index');
    });

    this.createTable('outbox_message', (t) => {
      t.text('id').notNullable().primary();
      t.text('placement_id').nullable();
      t.text('kind').notNullable();
      t.text('recipient_organisation_id').nullable();
      t.text('address').notNullable();
      t.text('subject').notNullable();
      t.json('payload').notNullable();
      t.text('status').notNullable();
      t.integer('attempts').notNullable().defaultTo(this.getKnex().raw('0'));
      t.datetime('next_attempt_at').nullable();
      t.text('last_error').nullable();
      t.text('message_id').nullable();
      t.datetime('sent_at').nullable();
      t.datetime('created_at').notNullable();
      foreignKey(t, 'outbox_message', 'placement_id', 'placement', 'set null');
      foreignKey(t, 'outbox_message', 'recipient_organisation_id', 'organisation', 'set null');
      t.index(['status', 'next_attempt_at'], 'outbox_message_status_next_attempt_at_index');
    });

    this.createTable('placement_access', (t) => {
      t.increments('id');
      t.text('placement_id').notNullable();
      t.text('organisation_id').notNullable();
      t.text('mode').notNullable();
      t.text('reason').notNullable();
      t.datetime('since').notNullable();
      foreignKey(t, 'placement_access', 'placement_id', 'placement');
      foreignKey(t, 'placement_access', 'organisation_id', 'organisation');
      t.unique(['placement_id', 'organisation_id'], { indexName: 'placement_access_placement_id_organisation_id_unique' });
    });

    this.createTable('document', (t) => {
      t.text('id').notNullable().primary();
      t.text('placement_id').notNullable();
      t.text('kind').notNullable();
      t.integer('version').notNullable();
      t.text('title').notNullable();
      t.text('sha256').notNullable();
      t.binary('bytes').notNullable();
      t.datetime('created_at').notNullable();
      foreignKey(t, 'document', 'placement_id', 'placement');
      t.unique(['placement_id', 'kind', 'version'], { indexName: 'document_placement_id_kind_version_unique' });
    });

    this.createTable('signing_key', (t) => {
      t.text('id').notNullable().primary();
      t.text('public_key_pem').notNullable();
      t.text('private_key_pem').notNullable();
      t.datetime('created_at').notNullable();
    });

    this.createTable('record_read', (t) => {
      t.increments('id');
      t.text('placement_id').notNullable();
      t.text('user_id').notNullable();
      t.text('organisation_id').notNullable();
      t.text('role').notNullable();
      t.text('via').notNullable();
      t.datetime('at').notNullable();
      foreignKey(t, 'record_read', 'placement_id', 'placement');
    });
  }

  override down(): void {
    for (const table of [
      'record_read',
      'signing_key',
      'document',
      'placement_access',
      'outbox_message',
      'deadline',
      'audit_event',
      'placement',
      'api_token',
      'app_user',
      'organisation',
    ]) {
      this.addSql(this.getKnex().schema.dropTableIfExists(table).toQuery());
    }
  }

  /** Adds one statement per DDL command (SQLite runs only the first statement of a multi-statement string). */
  private createTable(name: string, build: (t: Table) => void): void {
    const statements = this.getKnex().schema.createTable(name, build).toSQL();
    for (const { sql } of statements) this.addSql(sql);
  }
}

/** A foreign key with MikroORM's naming, plus the index MikroORM expects on every foreign key column. */
function foreignKey(t: Table, table: string, column: string, target: string, onDelete?: string): void {
  const ref = t.foreign(column, `${table}_${column}_foreign`).references('id').inTable(target).onUpdate('cascade');
  if (onDelete) ref.onDelete(onDelete);
  t.index([column], `${table}_${column}_index`);
}
