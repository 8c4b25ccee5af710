import type { DomainModule } from '../core/domain-module';
import { Organization } from './organization.entity';
import { loadVendor } from './organization.loaders';
import { Vendor } from './vendor.entity';

export const organizationsModule: DomainModule = {
  name: 'organizations',
  entities: [Organization, Vendor],
  orphanedTypes: [Vendor],
  nodeLoaders: { Vendor: loadVendor },
};
