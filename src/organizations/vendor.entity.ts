import { ObjectType } from 'type-graphql';
import { ChildEntity } from 'typeorm';
import { Node } from '../core/node';
import { toGlobalId } from '../core/node-id';
import { Organization } from './organization.entity';
import { OrganizationType } from '../core/organization-type';

@ObjectType('Vendor', {
  implements: [Node, Organization],
  description:
    'The program owner: verifies enrollments, authorizes providers and owns the offer catalog.',
  // Plain properties and getters, no field guards: graphql-js reads them directly.
  simpleResolvers: true,
})
@ChildEntity(OrganizationType.VENDOR)
export class Vendor extends Organization {
  override readonly type = OrganizationType.VENDOR;

  get nodeId(): string {
    return toGlobalId('Vendor', this.id);
  }
}
