import type { DomainModule } from '../core/domain-module';
import { OfferRegion } from './offer-region.entity';
import { Offer } from './offer.entity';
import { loadOffer } from './offer.reads';
import { OfferResolver } from './offer.resolver';

export const catalogModule: DomainModule = {
  name: 'catalog',
  entities: [Offer, OfferRegion],
  resolvers: [OfferResolver],
  nodeLoaders: { Offer: loadOffer },
};
