import type { DomainModule } from '../core/domain-module';
import { applyPartnerDisclosure } from './partner-disclosure';
import { EnrollmentResolver } from './enrollment.resolver';
import { PartnerMutationResolver } from './partner-mutation.resolver';
import { Partner } from './partner.entity';
import { loadPartner } from './partner.loaders';
import { PartnerResolver } from './partner.resolver';
import { ProviderProfile } from './provider-profile.entity';

export const partnersModule: DomainModule = {
  name: 'partners',
  entities: [Partner, ProviderProfile],
  resolvers: [PartnerResolver, PartnerMutationResolver, EnrollmentResolver],
  orphanedTypes: [Partner],
  nodeLoaders: { Partner: loadPartner },
  finishSchema: applyPartnerDisclosure,
};
