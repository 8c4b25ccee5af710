import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableForeignKey,
  TableIndex,
  type TableColumnOptions,
} from 'typeorm';

// Frozen with this migration: later schema changes get migrations of their own.
const id = (): TableColumnOptions => ({
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
const int = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
});
const str = (name: string, length: number, nullable = false, def?: string): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
  ...(def !== undefined ? { default: `'${def}'` } : {}),
});
const text = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});
const time = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});
const bool = (name: string, def: boolean): TableColumnOptions => ({
  name,
  type: 'boolean',
  isNullable: false,
  default: def ? 1 : 0,
});
const smallint = (name: string): TableColumnOptions => ({
  name,
  type: 'smallint',
  isNullable: true,
});
const contact = (prefix: string): TableColumnOptions[] => [
  str(`${prefix}_name`, 200, true),
  str(`${prefix}_email`, 254, true),
  str(`${prefix}_phone`, 40, true),
];
const index = (columnNames: string[], isUnique = false) =>
  new TableIndex({ columnNames, isUnique });
const fk = (columnName: string, referencedTableName: string, referencedColumnName = 'id') =>
  new TableForeignKey({
    columnNames: [columnName],
    referencedTableName,
    referencedColumnNames: [referencedColumnName],
    onDelete: 'NO ACTION',
    onUpdate: 'NO ACTION',
  });

const tables: Table[] = [
  new Table({
    name: 'csp_region',
    columns: [{ ...str('code', 32), isPrimary: true }, str('name', 100), str('currency', 3)],
  }),
  new Table({
    name: 'country',
    columns: [{ ...str('code', 2), isPrimary: true }, str('name', 100), str('region_code', 32)],
    foreignKeys: [fk('region_code', 'csp_region', 'code')],
  }),
  new Table({
    name: 'organization',
    columns: [
      id(),
      str('type', 16),
      str('name', 200),
      str('country_code', 2),
      str('tenant_domain', 120, true),
      str('address_line1', 200, true),
      str('address_line2', 200, true),
      str('address_city', 100, true),
      str('address_region', 100, true),
      str('address_postal_code', 20, true),
      time('created_at'),
      time('updated_at'),
      // Partner
      str('kind', 32, true),
      str('status', 32, true),
      str('mpn_id', 20, true),
      ...contact('primary_contact'),
      ...contact('support_contact'),
      time('email_verified_at', true),
      str('email_verification_token_hash', 64, true),
      time('email_verification_expires_at', true),
      time('reviewed_at', true),
      str('review_note', 500, true),
      time('agreement_accepted_at', true),
      int('agreement_accepted_by_user_id', true),
      // Customer
      ...contact('company_contact'),
      str('culture', 16, true),
    ],
    indices: [
      index(['country_code']),
      index(['tenant_domain'], true),
      index(['kind']),
      index(['mpn_id'], true),
    ],
    foreignKeys: [fk('country_code', 'country', 'code')],
  }),
  new Table({
    name: 'app_user',
    columns: [
      id(),
      int('organization_id'),
      str('email', 254),
      str('display_name', 200),
      str('roles', 200),
      str('status', 16),
      str('password_hash', 200, true),
      bool('must_change_password', false),
      time('created_at'),
      time('updated_at'),
    ],
    indices: [index(['organization_id']), index(['email'], true)],
    foreignKeys: [fk('organization_id', 'organization')],
  }),
  new Table({
    name: 'provider_authorization',
    columns: [
      id(),
      int('provider_id'),
      str('region_code', 32),
      time('authorized_at'),
      int('authorized_by_user_id', true),
    ],
    indices: [index(['provider_id', 'region_code'], true), index(['region_code'])],
    foreignKeys: [fk('provider_id', 'organization'), fk('region_code', 'csp_region', 'code')],
  }),
  new Table({
    name: 'provider_profile',
    columns: [
      { ...int('provider_id'), isPrimary: true },
      str('summary', 2000, false, ''),
      str('website', 300, true),
      ...contact('contact'),
      bool('offers_technical_training', false),
      bool('offers_marketing_help', false),
      bool('offers_financing', false),
      bool('listed', true),
      time('updated_at'),
    ],
    foreignKeys: [fk('provider_id', 'organization')],
  }),
  new Table({
    name: 'partnership',
    columns: [
      id(),
      int('provider_id'),
      int('reseller_id'),
      str('state', 16),
      smallint('live_key'),
      bool('provider_admin_access', false),
      time('invited_at'),
      time('accepted_at', true),
      time('suspended_at', true),
      time('ended_at', true),
      int('ended_by_organization_id', true),
      time('updated_at'),
    ],
    indices: [
      index(['provider_id', 'reseller_id', 'live_key'], true),
      index(['reseller_id', 'state']),
      index(['provider_id', 'state']),
    ],
    foreignKeys: [fk('provider_id', 'organization'), fk('reseller_id', 'organization')],
  }),
  new Table({
    name: 'partnership_invitation',
    columns: [
      id(),
      int('partnership_id'),
      str('token_hash', 64),
      str('recipient_email', 254),
      str('message', 4000),
      time('expires_at'),
      time('used_at', true),
      time('created_at'),
      int('created_by_user_id', true),
    ],
    indices: [index(['partnership_id']), index(['token_hash'], true)],
    foreignKeys: [fk('partnership_id', 'partnership')],
  }),
  new Table({
    name: 'customer_relationship',
    columns: [
      id(),
      int('customer_id'),
      int('partner_id'),
      str('status', 16),
      smallint('live_key'),
      bool('reseller_relationship', false),
      bool('delegated_admin', false),
      str('origin', 32),
      time('created_at'),
      time('updated_at'),
      time('removed_at', true),
    ],
    indices: [
      index(['customer_id', 'partner_id', 'live_key'], true),
      index(['partner_id', 'status']),
    ],
    foreignKeys: [fk('customer_id', 'organization'), fk('partner_id', 'organization')],
  }),
  new Table({
    name: 'relationship_request',
    columns: [
      id(),
      str('kind', 32),
      int('partner_id'),
      int('indirect_provider_id', true),
      int('customer_id', true),
      str('recipient_email', 254),
      str('message', 4000),
      bool('reseller_relationship', false),
      bool('delegated_admin', false),
      str('token_hash', 64),
      str('stored_status', 16),
      time('expires_at'),
      time('accepted_at', true),
      int('accepted_by_user_id', true),
      time('created_at'),
      int('created_by_user_id', true),
    ],
    indices: [index(['partner_id']), index(['customer_id']), index(['token_hash'], true)],
    foreignKeys: [
      fk('partner_id', 'organization'),
      fk('indirect_provider_id', 'organization'),
      fk('customer_id', 'organization'),
    ],
  }),
  new Table({
    name: 'offer',
    columns: [
      id(),
      str('code', 64),
      str('name', 200),
      str('description', 1000, false, ''),
      str('product_family', 32),
      str('billing_cycle', 16),
      str('license_unit', 40),
      int('min_quantity'),
      int('max_quantity'),
      bool('available', true),
      time('created_at'),
    ],
    indices: [index(['product_family']), index(['code'], true)],
  }),
  new Table({
    name: 'offer_region',
    columns: [
      { ...int('offer_id'), isPrimary: true },
      { ...str('region_code', 32), isPrimary: true },
    ],
    indices: [index(['region_code'])],
    foreignKeys: [fk('offer_id', 'offer'), fk('region_code', 'csp_region', 'code')],
  }),
  new Table({
    name: 'csp_order',
    columns: [
      id(),
      int('customer_id'),
      int('billing_partner_id'),
      int('placed_by_user_id', true),
      str('idempotency_key', 64),
      time('created_at'),
    ],
    indices: [index(['customer_id']), index(['billing_partner_id'])],
    foreignKeys: [fk('customer_id', 'organization'), fk('billing_partner_id', 'organization')],
  }),
  new Table({
    name: 'subscription',
    columns: [
      id(),
      int('customer_id'),
      int('offer_id'),
      int('order_id', true),
      str('channel', 16),
      int('billing_partner_id', true),
      int('partner_of_record_id', true),
      int('support_contact_id', true),
      int('service_partner_id', true),
      str('friendly_name', 200, true),
      int('quantity'),
      str('status', 16),
      str('suspension_reason', 32, true),
      { ...int('version'), default: 1 },
      time('started_at'),
      time('term_ends_at', true),
      time('cancelled_at', true),
      time('created_at'),
      time('updated_at'),
    ],
    indices: [
      index(['customer_id', 'status']),
      index(['billing_partner_id', 'status']),
      index(['partner_of_record_id']),
      index(['support_contact_id']),
      index(['service_partner_id']),
      index(['offer_id']),
      index(['order_id']),
    ],
    foreignKeys: [
      fk('customer_id', 'organization'),
      fk('offer_id', 'offer'),
      fk('order_id', 'csp_order'),
      fk('billing_partner_id', 'organization'),
      fk('partner_of_record_id', 'organization'),
      fk('support_contact_id', 'organization'),
      fk('service_partner_id', 'organization'),
    ],
  }),
  new Table({
    name: 'idempotency_record',
    columns: [
      id(),
      int('organization_id'),
      str('idempotency_key', 64),
      str('operation', 64),
      str('request_hash', 64),
      text('result_json'),
      time('created_at'),
    ],
    indices: [index(['organization_id', 'idempotency_key'], true)],
    foreignKeys: [fk('organization_id', 'organization')],
  }),
  new Table({
    name: 'audit_record',
    columns: [
      id(),
      time('occurred_at'),
      str('request_id', 64),
      int('actor_user_id', true),
      int('actor_organization_id', true),
      str('operation', 64),
      str('resource_type', 64),
      str('resource_id', 64),
      text('old_value', true),
      text('new_value', true),
      str('outcome', 16),
    ],
    indices: [index(['occurred_at'])],
  }),
  new Table({
    name: 'audit_record_organization',
    columns: [
      { ...int('audit_record_id'), isPrimary: true },
      { ...int('organization_id'), isPrimary: true },
    ],
    indices: [index(['organization_id', 'audit_record_id'])],
    foreignKeys: [fk('audit_record_id', 'audit_record'), fk('organization_id', 'organization')],
  }),
  new Table({
    name: 'email_outbox',
    columns: [
      id(),
      str('kind', 64),
      str('recipient', 254),
      str('subject', 300),
      text('body'),
      time('created_at'),
      time('sent_at', true),
      { ...int('attempts'), default: 0 },
      time('next_attempt_at', true),
      str('last_error', 500, true),
    ],
    indices: [index(['sent_at', 'next_attempt_at'])],
  }),
];

export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables) {
      await queryRunner.createTable(table, false, true, true);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...tables].reverse()) {
      await queryRunner.dropTable(table.name, true, true, true);
    }
  }
}
