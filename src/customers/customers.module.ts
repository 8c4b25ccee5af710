import type { DomainModule } from '../core/domain-module';
import { PartnerCustomersResolver } from './partner-customers.resolver';
import { CustomerMutationResolver } from './customer-mutation.resolver';
import { CustomerRelationship } from './customer-relationship.entity';
import {
  CustomerRelationshipResolver,
  RelationshipRequestResolver,
} from './customer-relationship.resolver';
import { Customer } from './customer.entity';
import { loadCustomer } from './customer.loaders';
import { loadCustomerRelationship, loadRelationshipRequest } from './customer.reads';
import { CustomerResolver } from './customer.resolver';
import { RelationshipRequest } from './relationship-request.entity';

export const customersModule: DomainModule = {
  name: 'customers',
  entities: [Customer, CustomerRelationship, RelationshipRequest],
  resolvers: [
    PartnerCustomersResolver,
    CustomerResolver,
    CustomerRelationshipResolver,
    RelationshipRequestResolver,
    CustomerMutationResolver,
  ],
  orphanedTypes: [Customer],
  nodeLoaders: {
    Customer: loadCustomer,
    CustomerRelationship: loadCustomerRelationship,
    RelationshipRequest: loadRelationshipRequest,
  },
};
