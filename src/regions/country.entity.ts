import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { CspRegion } from './region.entity';

@ObjectType('Country', {
  description:
    "A country and the CSP region it belongs to; a partner's legal country decides its region (R-07).",
  simpleResolvers: true,
})
@Entity('country')
export class Country {
  @Field({ description: 'ISO 3166-1 alpha-2 code, e.g. `DE`.' })
  @PrimaryColumn({ type: 'varchar', length: 2 })
  code: string;

  @Field({ description: 'English name of the country.' })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field({ description: 'Code of the CSP region the country belongs to.' })
  @ForeignKey(() => CspRegion)
  @Column({ type: 'varchar', length: 32 })
  regionCode: string;
}
