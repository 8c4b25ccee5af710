import { Field, ObjectType } from 'type-graphql';
import { ChildEntity, Column } from 'typeorm';
import { Node } from '../core/node';
import { toGlobalId } from '../core/node-id';
import { Contact } from '../organizations/contact';
import { Organization } from '../organizations/organization.entity';
import { OrganizationType } from '../core/organization-type';

@ObjectType('Customer', {
  implements: [Node, Organization],
  description:
    'A customer organization (tenant) with a unique tenant domain. It may work with several partners at once (multi-partner, R-20).',
  // Plain properties and getters, no field guards: graphql-js reads them directly.
  simpleResolvers: true,
})
@ChildEntity(OrganizationType.CUSTOMER)
export class Customer extends Organization {
  override readonly type = OrganizationType.CUSTOMER;

  get nodeId(): string {
    return toGlobalId('Customer', this.id);
  }

  @Field(() => Contact, { description: 'Company contact from the customer profile.' })
  @Column(() => Contact)
  companyContact: Contact;

  @Field(() => String, {
    nullable: true,
    description: 'Language/culture of the tenant, e.g. `en-US`.',
  })
  @Column({ type: 'varchar', length: 16, nullable: true })
  culture: string | null;
}
