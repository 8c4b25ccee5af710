import type { DomainModule } from '../core/domain-module';
import { PartnerPartnershipsResolver } from './partner-partnerships.resolver';
import { PartnerSuspensionMutationResolver } from './partner-suspension-mutation.resolver';
import { PartnershipInvitation } from './partnership-invitation.entity';
import { PartnershipMutationResolver } from './partnership-mutation.resolver';
import { Partnership } from './partnership.entity';
import { loadPartnership, loadPartnershipInvitation } from './partnership.reads';
import { PartnershipInvitationResolver, PartnershipResolver } from './partnership.resolver';

export const partnershipsModule: DomainModule = {
  name: 'partnerships',
  entities: [Partnership, PartnershipInvitation],
  resolvers: [
    PartnerPartnershipsResolver,
    PartnershipResolver,
    PartnershipInvitationResolver,
    PartnershipMutationResolver,
    PartnerSuspensionMutationResolver,
  ],
  nodeLoaders: { Partnership: loadPartnership, PartnershipInvitation: loadPartnershipInvitation },
};
