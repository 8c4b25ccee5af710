import { AuditRecordOrganization } from '../audit/audit-record-organization.entity';
import { AuditRecord } from '../audit/audit-record.entity';
import { OfferRegion } from '../catalog/offer-region.entity';
import { Offer } from '../catalog/offer.entity';
import { CustomerRelationship } from '../customers/customer-relationship.entity';
import { Customer } from '../customers/customer.entity';
import { RelationshipRequest } from '../customers/relationship-request.entity';
import { ProviderAuthorization } from '../directory/provider-authorization.entity';
import { ProviderProfile } from '../partners/provider-profile.entity';
import { User } from '../identity/user.entity';
import { Organization } from '../organizations/organization.entity';
import { Vendor } from '../organizations/vendor.entity';
import { EmailOutbox } from '../core/email-outbox.entity';
import { Partner } from '../partners/partner.entity';
import { PartnershipInvitation } from '../partnerships/partnership-invitation.entity';
import { Partnership } from '../partnerships/partnership.entity';
import { Country } from '../regions/country.entity';
import { CspRegion } from '../regions/region.entity';
import { IdempotencyRecord } from '../idempotency/idempotency-record.entity';
import { Order } from '../subscriptions/order.entity';
import { Subscription } from '../subscriptions/subscription.entity';

export const entities = [
  CspRegion,
  Country,
  Organization,
  Vendor,
  Partner,
  Customer,
  User,
  ProviderAuthorization,
  ProviderProfile,
  Partnership,
  PartnershipInvitation,
  CustomerRelationship,
  RelationshipRequest,
  Offer,
  OfferRegion,
  Order,
  Subscription,
  IdempotencyRecord,
  AuditRecord,
  AuditRecordOrganization,
  EmailOutbox,
];
