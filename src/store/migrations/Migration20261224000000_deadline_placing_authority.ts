import { Migration } from '@mikro-orm/migrations';

/**
 * The compliance report's split by placing authority read each deadline row's placement through an index
 * lookup (60,000 lookups at 10,000 placements, two thirds of the report page's time). A placement's
 * placing authority never changes (the notification sets it; no event moves it), so each deadline row
 * carries it, written with the row, and an index (rule, status, authority, ...) gives the split grouped in
 * index order: no join and no sort. Rows already stored take it from their placement.
 */
export class Migration20261224000000_deadline_placing_authority extends Migration {
  override async up(): Promise<void> {
    const schema = () => this.getKnex().schema;
    // Run now rather than queued with addSql: queued statements run after up(), and the backfill needs the column.
    for (const { sql } of schema()
      .alterTable('deadline', (t) => t.text('placing_authority_id').notNullable().defaultTo(''))
      .toSQL())
      await this.execute(sql);
    await this.execute('update deadline set placing_authority_id = (select p.placing_authority_id from placement p where p.id = deadline.placement_id)');
    for (const { sql } of schema()
      .alterTable('deadline', (t) =>
        t.index(['rule', 'status', 'placing_authority_id', 'due_at', 'met_at', 'placement_id'], 'deadline_rule_status_placing_authority_index'),
      )
      .toSQL())
      await this.execute(sql);
  }
}
