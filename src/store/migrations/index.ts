import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000_initial } from './Migration20261123000000_initial';
import { Migration20261201000000_report_indexes } from './Migration20261201000000_report_indexes';

/** Every migration in order. Append new ones here (the ORM does not glob the folder). */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261123000000_initial', class: Migration20261123000000_initial },
  { name: 'Migration20261201000000_report_indexes', class: Migration20261201000000_report_indexes },
];
