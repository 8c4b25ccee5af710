import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { CspRegion } from '../regions/region.entity';
import { timestamp } from '../db/column-types';

/** a region in which the vendor authorized a partner to act as indirect provider. */
@Entity('provider_authorization')
@Index(['providerId', 'regionCode'], { unique: true })
@Index(['regionCode'])
export class ProviderAuthorization {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @ForeignKey(() => Organization)
  @Column({ type: 'int' })
  providerId: number;

  @ForeignKey(() => CspRegion)
  @Column({ type: 'varchar', length: 32 })
  regionCode: string;

  @Column(timestamp())
  authorizedAt: Date;

  @Column({ type: 'int', nullable: true })
  authorizedByUserId: number | null;
}
