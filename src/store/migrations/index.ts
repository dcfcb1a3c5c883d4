import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000_initial } from './Migration20261123000000_initial';
import { Migration20261201000000_identity_read } from './Migration20261201000000_identity_read';
import { Migration20261201020000_pages } from './Migration20261201020000_pages';
import { Migration20261201030000_token_expiry } from './Migration20261201030000_token_expiry';
import { Migration20261201040000_erasable_audit } from './Migration20261201040000_erasable_audit';
import { Migration20261201050000_report_indexes } from './Migration20261201050000_report_indexes';
import { Migration20261210000000_postgres } from './Migration20261210000000_postgres';
import { Migration20261211000000_notice_json } from './Migration20261211000000_notice_json';
import { Migration20261220000000_list_order_index } from './Migration20261220000000_list_order_index';
import { Migration20261221000000_placement_import } from './Migration20261221000000_placement_import';
import { Migration20261222000000_population } from './Migration20261222000000_population';
import { Migration20261223000000_report_authority_index } from './Migration20261223000000_report_authority_index';
import { Migration20261224000000_deadline_placing_authority } from './Migration20261224000000_deadline_placing_authority';
import { Migration20261225000000_access_placement_created } from './Migration20261225000000_access_placement_created';

/** Every migration in order. Append new ones here (the ORM does not glob the folder). */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261123000000_initial', class: Migration20261123000000_initial },
  { name: 'Migration20261201000000_identity_read', class: Migration20261201000000_identity_read },
  { name: 'Migration20261201020000_pages', class: Migration20261201020000_pages },
  { name: 'Migration20261201030000_token_expiry', class: Migration20261201030000_token_expiry },
  { name: 'Migration20261201040000_erasable_audit', class: Migration20261201040000_erasable_audit },
  { name: 'Migration20261201050000_report_indexes', class: Migration20261201050000_report_indexes },
  { name: 'Migration20261210000000_postgres', class: Migration20261210000000_postgres },
  { name: 'Migration20261211000000_notice_json', class: Migration20261211000000_notice_json },
  { name: 'Migration20261220000000_list_order_index', class: Migration20261220000000_list_order_index },
  { name: 'Migration20261221000000_placement_import', class: Migration20261221000000_placement_import },
  { name: 'Migration20261222000000_population', class: Migration20261222000000_population },
  { name: 'Migration20261223000000_report_authority_index', class: Migration20261223000000_report_authority_index },
  { name: 'Migration20261224000000_deadline_placing_authority', class: Migration20261224000000_deadline_placing_authority },
  { name: 'Migration20261225000000_access_placement_created', class: Migration20261225000000_access_placement_created },
];
