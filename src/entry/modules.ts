import { auditModule } from '../audit/audit.module';
import { catalogModule } from '../catalog/catalog.module';
import type { DomainModule } from '../core/domain-module';
import { EmailOutbox } from '../core/email-outbox.entity';
import { customersModule } from '../customers/customers.module';
import { directoryModule } from '../directory/directory.module';
import { idempotencyModule } from '../idempotency/idempotency.module';
import { identityModule } from '../identity/identity.module';
import { organizationsModule } from '../organizations/organizations.module';
import { partnersModule } from '../partners/partners.module';
import { partnershipsModule } from '../partnerships/partnerships.module';
import { regionsModule } from '../regions/regions.module';
import { subscriptionsModule } from '../subscriptions/subscriptions.module';
import { onboardingModule } from '../onboarding/onboarding.module';

/**
 * The only list of domains, in the order they may import each other (.dependency-cruiser.cjs
 * checks that order). The data source (entry/data-source.ts) and the schema
 * (entry/schema.ts) are both built from it.
 */
export const domainModules: readonly DomainModule[] = [
  regionsModule,
  organizationsModule,
  identityModule,
  auditModule,
  idempotencyModule,
  partnersModule,
  directoryModule,
  partnershipsModule,
  customersModule,
  catalogModule,
  subscriptionsModule,
  onboardingModule,
];

/** Every entity of the process: the core's own tables, then each domain's. */
export const allEntities: readonly Function[] = [
  EmailOutbox,
  ...domainModules.flatMap((module) => module.entities ?? []),
];
