import type { DataSource } from 'typeorm';
import { Organization } from '../../organizations/organization.entity';
import { seedDemoChannel, type DemoUser } from './demo-channel';

const TABLES_IN_DELETE_ORDER = [
  'audit_record_organization',
  'audit_record',
  'idempotency_record',
  'email_outbox',
  'subscription',
  'csp_order',
  'offer_region',
  'offer',
  'relationship_request',
  'customer_relationship',
  'partnership_invitation',
  'partnership',
  'provider_profile',
  'provider_authorization',
  'identity_link',
  'external_identity',
  'app_user',
  'organization',
];

/** Deletes every row of the channel (reference data stays). For tests and `seed --reset`. */
export async function clearChannel(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const table of TABLES_IN_DELETE_ORDER) await manager.query(`DELETE FROM ${table}`);
  });
}

export async function isChannelEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(Organization).count()) === 0;
}

/** Loads the demo channel in one transaction: all of it or nothing. */
export function seedDemoData(dataSource: DataSource, now = new Date()): Promise<DemoUser[]> {
  return dataSource.transaction((manager) => seedDemoChannel(manager, now));
}
