import { Field, ObjectType } from 'type-graphql';
import { Column } from 'typeorm';

/** Embedded in organizations as `address_*` columns. */
@ObjectType('PostalAddress', { description: 'A postal address.', simpleResolvers: true })
export class PostalAddress {
  @Field(() => String, { nullable: true, description: 'First address line (street and number).' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  line1: string | null;

  @Field(() => String, { nullable: true, description: 'Second address line.' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  line2: string | null;

  @Field(() => String, { nullable: true, description: 'City or locality.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  city: string | null;

  @Field(() => String, { nullable: true, description: 'State, province or county.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  region: string | null;

  @Field(() => String, { nullable: true, description: 'Postal or ZIP code.' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  postalCode: string | null;
}
