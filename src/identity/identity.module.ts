import type { DomainModule } from '../core/domain-module';
import { PartnerUserResolver } from './partner-user.resolver';
import { ExternalIdentity } from './external-identity.entity';
import { ExternalIdentityResolver } from './external-identity.resolver';
import { IdentityLink } from './identity-link.entity';
import { User } from './user.entity';
import { loadUser } from './user.reads';
import { UserResolver, ViewerResolver } from './user.resolver';

export const identityModule: DomainModule = {
  name: 'identity',
  entities: [User, ExternalIdentity, IdentityLink],
  resolvers: [ViewerResolver, UserResolver, PartnerUserResolver, ExternalIdentityResolver],
  nodeLoaders: { User: loadUser },
};
