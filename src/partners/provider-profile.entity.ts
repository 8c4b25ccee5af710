import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { timestamp } from '../db/column-types';
import { Contact } from '../organizations/contact';

/** what the public provider directory shows of an indirect provider. */
@ObjectType('ProviderProfile', {
  description:
    "An indirect provider's profile in the public provider directory (R-06): what it offers resellers and how to reach it.",
  simpleResolvers: true,
})
@Entity('provider_profile')
export class ProviderProfile {
  @ForeignKey(() => Organization)
  @PrimaryColumn({ type: 'int' })
  providerId: number;

  @Field({ description: 'What the provider offers, in its own words.' })
  @Column({ type: 'varchar', length: 2000, default: '' })
  summary: string;

  @Field(() => String, { nullable: true, description: 'Public website.' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  website: string | null;

  @Field(() => Contact, { description: 'Contact for resellers interested in partnering.' })
  @Column(() => Contact)
  contact: Contact;

  @Field({ description: 'Provides technical training and assistance.' })
  @Column({ type: 'boolean', default: false })
  offersTechnicalTraining: boolean;

  @Field({ description: 'Helps resellers market their products and services.' })
  @Column({ type: 'boolean', default: false })
  offersMarketingHelp: boolean;

  @Field({ description: 'Helps resellers establish financing and credit terms.' })
  @Column({ type: 'boolean', default: false })
  offersFinancing: boolean;

  @Field({ description: 'Whether the profile is listed in the public directory.' })
  @Column({ type: 'boolean', default: true })
  listed: boolean;

  @Field({ description: 'When the profile last changed.' })
  @Column(timestamp())
  updatedAt: Date;
}
