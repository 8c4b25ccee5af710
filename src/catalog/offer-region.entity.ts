import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { CspRegion } from '../regions/region.entity';
import { Offer } from './offer.entity';

/** a CSP region where an offer is sold. */
@Entity('offer_region')
@Index(['regionCode'])
export class OfferRegion {
  @ForeignKey(() => Offer)
  @PrimaryColumn({ type: 'int' })
  offerId: number;

  @ForeignKey(() => CspRegion)
  @PrimaryColumn({ type: 'varchar', length: 32 })
  regionCode: string;
}
