import type { DomainModule } from '../core/domain-module';
import { DirectoryResolver } from './directory.resolver';
import { ProviderAuthorization } from './provider-authorization.entity';
import { ProviderAuthorizationResolver } from './provider-authorization.resolver';

export const directoryModule: DomainModule = {
  name: 'directory',
  entities: [ProviderAuthorization],
  resolvers: [DirectoryResolver, ProviderAuthorizationResolver],
};
