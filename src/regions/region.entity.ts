import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType('CspRegion', {
  description:
    'A CSP region: a regional market where partners are authorized to do CSP business (R-07). Regions and their countries are shipped data.',
  simpleResolvers: true,
})
@Entity('csp_region')
export class CspRegion {
  @Field({ description: 'Stable region code, e.g. `EUROPE`; use it in filters.' })
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Field({ description: 'Display name of the region.' })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field({ description: 'ISO 4217 currency that CSP offers are sold in within the region.' })
  @Column({ type: 'varchar', length: 3 })
  currency: string;
}
