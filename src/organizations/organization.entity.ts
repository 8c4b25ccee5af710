import { Field, InterfaceType } from 'type-graphql';
import {
  Column,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  TableInheritance,
} from 'typeorm';
import { timestamp } from '../db/column-types';
import { Node } from '../core/node';
import { regionCatalog } from '../regions/region-catalog';
import { Country } from '../regions/country.entity';
import { CspRegion } from '../regions/region.entity';
import { PostalAddress } from './postal-address';
import type { OrganizationType } from '../core/organization-type';

/** The GraphQL type of an organization row, from its discriminator. */
export function organizationTypeName(value: { type?: OrganizationType }): string {
  return value.type === 'PARTNER' ? 'Partner' : value.type === 'CUSTOMER' ? 'Customer' : 'Vendor';
}

/**
 * Vendor, partners and customers share one table: users, audit records and relationships point
 * at "an organization" whatever its kind. Kind-specific columns live on the child entities.
 */
@InterfaceType('Organization', {
  implements: Node,
  description: 'An organization of the channel: the vendor, a partner or a customer tenant.',
  resolveType: organizationTypeName,
})
@Entity('organization')
@TableInheritance({ column: { name: 'type', type: 'varchar', length: 16 } })
export abstract class Organization extends Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /** The discriminator, set by each child class (TypeORM writes the column itself). */
  abstract readonly type: OrganizationType;

  @Field({ description: 'Legal business name (partners) or company name (customers).' })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @ForeignKey(() => Country)
  @Field({ description: 'ISO 3166-1 alpha-2 code of the legal country.' })
  @Index()
  @Column({ type: 'varchar', length: 2 })
  countryCode: string;

  @Field(() => String, {
    nullable: true,
    description: "Tenant domain of the organization's work account, `<prefix>.onmicrosoft.com`.",
  })
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 120, nullable: true })
  tenantDomain: string | null;

  @Field(() => PostalAddress, { description: 'Legal or company address.' })
  @Column(() => PostalAddress)
  address: PostalAddress;

  @Field({ description: 'When the organization was created.' })
  @Column(timestamp())
  createdAt: Date;

  @Column(timestamp())
  updatedAt: Date;

  @Field(() => Country, { description: 'The legal country.' })
  get country(): Country {
    return (
      regionCatalog.country(this.countryCode) ??
      Object.assign(new Country(), {
        code: this.countryCode,
        name: this.countryCode,
        regionCode: '',
      })
    );
  }

  @Field(() => CspRegion, {
    nullable: true,
    description:
      'CSP region decided by the legal country (R-07); null for a country outside the program.',
  })
  get cspRegion(): CspRegion | null {
    return regionCatalog.regionOfCountry(this.countryCode) ?? null;
  }
}
