import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { BillingCycle, ProductFamily } from '../../catalog/catalog-enums';
import { OfferRegion } from '../../catalog/offer-region.entity';
import { Offer } from '../../catalog/offer.entity';
import {
  CustomerRelationship,
  CustomerRelationshipStatus,
  RelationshipOrigin,
} from '../../customers/customer-relationship.entity';
import { Customer } from '../../customers/customer.entity';
import {
  RelationshipRequest,
  RelationshipRequestKind,
  RelationshipRequestStatus,
} from '../../customers/relationship-request.entity';
import { ProviderAuthorization } from '../../directory/provider-authorization.entity';
import { ProviderProfile } from '../../partners/provider-profile.entity';
import { Role } from '../../core/role';
import { User, UserStatus } from '../../identity/user.entity';
import { Organization } from '../../organizations/organization.entity';
import { Vendor } from '../../organizations/vendor.entity';
import { PartnerKind } from '../../partners/partner-kind';
import { PartnerStatus } from '../../partners/partner-status';
import { Partner } from '../../partners/partner.entity';
import { PartnershipInvitation } from '../../partnerships/partnership-invitation.entity';
import { PartnershipState } from '../../partnerships/partnership-state';
import { Partnership } from '../../partnerships/partnership.entity';
import {
  SubscriptionChannel,
  SubscriptionStatus,
  SuspensionReason,
} from '../../subscriptions/subscription-enums';
import { Subscription } from '../../subscriptions/subscription.entity';

const DAY = 86_400_000;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export interface PartnerSpec {
  name: string;
  kind: PartnerKind;
  countryCode: string;
  status?: PartnerStatus;
  agreementAccepted?: boolean;
  mpnId?: string;
  tenantDomain?: string;
  city?: string;
}

export interface SubscriptionSpec {
  customer: Customer;
  offer: Offer;
  quantity: number;
  billingPartner?: Partner | null;
  partnerOfRecord?: Partner | null;
  supportContact?: Partner | null;
  servicePartner?: Partner | null;
  status?: SubscriptionStatus;
  suspensionReason?: SuspensionReason | null;
  friendlyName?: string;
  channel?: SubscriptionChannel;
}

/**
 * Writes a channel (organizations, partnerships, customers, offers, subscriptions, users)
 * straight into the database, with the same shapes the workflows produce. Used by the demo
 * seed, the tests' fixtures and the benchmark generator; it bypasses the rules on purpose.
 */
export class ChannelBuilder {
  private mpnCounter = 4_400_000;

  constructor(
    readonly manager: EntityManager,
    readonly now: Date = new Date(),
  ) {}

  private ago(days: number): Date {
    return new Date(this.now.getTime() - days * DAY);
  }

  private async insert<T extends object>(target: new () => T, values: Partial<T>): Promise<T> {
    const entity = Object.assign(new target(), values);
    const result = await this.manager.insert(target, entity as never);
    const id = result.identifiers[0]?.id as number | undefined;
    if (id !== undefined) (entity as { id?: number }).id = id;
    return entity;
  }

  vendor(name: string, countryCode = 'US'): Promise<Vendor> {
    return this.insert(Vendor, {
      name,
      countryCode,
      tenantDomain: `${slug(name)}.onmicrosoft.com`,
      address: {
        line1: 'One Microsoft Way',
        line2: null,
        city: 'Redmond',
        region: 'WA',
        postalCode: '98052',
      },
      createdAt: this.ago(400),
      updatedAt: this.ago(400),
    });
  }

  partner(spec: PartnerSpec): Promise<Partner> {
    const domain = `${slug(spec.name)}.example`;
    const status = spec.status ?? PartnerStatus.ACTIVE;
    return this.insert(Partner, {
      name: spec.name,
      countryCode: spec.countryCode,
      tenantDomain: spec.tenantDomain ?? `${slug(spec.name)}.onmicrosoft.com`,
      address: {
        line1: '1 Main Street',
        line2: null,
        city: spec.city ?? 'Springfield',
        region: null,
        postalCode: '10001',
      },
      kind: spec.kind,
      status,
      mpnId: spec.mpnId ?? String(++this.mpnCounter),
      primaryContact: {
        name: `${spec.name} Primary Contact`,
        email: `partner.contact@${domain}`,
        phone: '+1 555 0100',
      },
      supportContact: {
        name: `${spec.name} Support`,
        email: `support@${domain}`,
        phone: '+1 555 0199',
      },
      emailVerifiedAt: status === PartnerStatus.PENDING_EMAIL_VERIFICATION ? null : this.ago(300),
      emailVerificationTokenHash: null,
      emailVerificationExpiresAt: null,
      reviewedAt:
        status === PartnerStatus.ACTIVE || status === PartnerStatus.REJECTED ? this.ago(290) : null,
      reviewNote: null,
      agreementAcceptedAt:
        spec.agreementAccepted === false || status !== PartnerStatus.ACTIVE ? null : this.ago(280),
      agreementAcceptedByUserId: null,
      createdAt: this.ago(300),
      updatedAt: this.ago(280),
    });
  }

  async authorizeProvider(provider: Partner, regionCodes: string[]): Promise<void> {
    for (const regionCode of regionCodes) {
      await this.insert(ProviderAuthorization, {
        providerId: provider.id,
        regionCode,
        authorizedAt: this.ago(270),
        authorizedByUserId: null,
      });
    }
  }

  providerProfile(provider: Partner, profile: Partial<ProviderProfile>): Promise<ProviderProfile> {
    return this.insert(ProviderProfile, {
      providerId: provider.id,
      summary: '',
      website: null,
      contact: { name: null, email: null, phone: null },
      offersTechnicalTraining: false,
      offersMarketingHelp: false,
      offersFinancing: false,
      listed: true,
      updatedAt: this.ago(200),
      ...profile,
    });
  }

  async partnership(
    provider: Partner,
    reseller: Partner,
    state: PartnershipState,
    options: { invitationToken?: string; adminAccess?: boolean } = {},
  ): Promise<Partnership> {
    const active = state !== PartnershipState.INVITED;
    const partnership = await this.insert(Partnership, {
      providerId: provider.id,
      resellerId: reseller.id,
      state,
      liveKey: state === PartnershipState.REVOKED ? null : 1,
      providerAdminAccess:
        active && state !== PartnershipState.REVOKED && (options.adminAccess ?? true),
      invitedAt: this.ago(active ? 200 : 3),
      acceptedAt: active ? this.ago(198) : null,
      suspendedAt: state === PartnershipState.SUSPENDED ? this.ago(10) : null,
      endedAt: state === PartnershipState.REVOKED ? this.ago(20) : null,
      endedByOrganizationId: state === PartnershipState.REVOKED ? provider.id : null,
      updatedAt: this.ago(active ? 198 : 3),
    });
    const token = options.invitationToken ?? randomBytes(24).toString('base64url');
    await this.insert(PartnershipInvitation, {
      partnershipId: partnership.id,
      tokenHash: sha256(token),
      recipientEmail: reseller.primaryContact.email ?? `contact@${slug(reseller.name)}.example`,
      message: `${provider.name} would like to become your indirect provider.`,
      expiresAt: new Date((active ? this.ago(200) : this.ago(3)).getTime() + 30 * DAY),
      usedAt: active ? this.ago(198) : null,
      createdAt: this.ago(active ? 200 : 3),
      createdByUserId: null,
    });
    return partnership;
  }

  customer(name: string, countryCode: string, city = 'Springfield'): Promise<Customer> {
    const domain = `${slug(name)}.example`;
    return this.insert(Customer, {
      name,
      countryCode,
      tenantDomain: `${slug(name)}.onmicrosoft.com`,
      address: { line1: '100 Commerce Way', line2: null, city, region: null, postalCode: '20002' },
      companyContact: { name: `${name} IT`, email: `it@${domain}`, phone: '+1 555 0200' },
      culture: 'en-US',
      createdAt: this.ago(180),
      updatedAt: this.ago(180),
    });
  }

  relationship(
    customer: Customer,
    partner: Partner,
    options: {
      reseller?: boolean;
      admin?: boolean;
      origin?: RelationshipOrigin;
      removed?: boolean;
    } = {},
  ): Promise<CustomerRelationship> {
    const removed = options.removed ?? false;
    return this.insert(CustomerRelationship, {
      customerId: customer.id,
      partnerId: partner.id,
      status: removed ? CustomerRelationshipStatus.REMOVED : CustomerRelationshipStatus.ACTIVE,
      liveKey: removed ? null : 1,
      resellerRelationship: options.reseller ?? true,
      delegatedAdmin: options.admin ?? true,
      origin: options.origin ?? RelationshipOrigin.ADDED_BY_PARTNER,
      createdAt: this.ago(170),
      updatedAt: this.ago(170),
      removedAt: removed ? this.ago(5) : null,
    });
  }

  /** A PENDING customer invitation or relationship request with a known token. */
  relationshipRequest(spec: {
    kind: RelationshipRequestKind;
    partner: Partner;
    indirectProvider?: Partner;
    customer?: Customer;
    recipientEmail: string;
    message: string;
    resellerRelationship: boolean;
    delegatedAdmin: boolean;
    token: string;
  }): Promise<RelationshipRequest> {
    return this.insert(RelationshipRequest, {
      kind: spec.kind,
      partnerId: spec.partner.id,
      indirectProviderId: spec.indirectProvider?.id ?? null,
      customerId: spec.customer?.id ?? null,
      recipientEmail: spec.recipientEmail,
      message: spec.message,
      resellerRelationship: spec.resellerRelationship,
      delegatedAdmin: spec.delegatedAdmin,
      tokenHash: sha256(spec.token),
      storedStatus: RelationshipRequestStatus.PENDING,
      expiresAt: new Date(this.ago(2).getTime() + 30 * DAY),
      acceptedAt: null,
      acceptedByUserId: null,
      createdAt: this.ago(2),
      createdByUserId: null,
    });
  }

  async offer(spec: {
    code: string;
    name: string;
    productFamily: ProductFamily;
    billingCycle: BillingCycle;
    licenseUnit?: string;
    minQuantity?: number;
    maxQuantity?: number;
    regions: string[];
    available?: boolean;
    description?: string;
  }): Promise<Offer> {
    const offer = await this.insert(Offer, {
      code: spec.code,
      name: spec.name,
      description: spec.description ?? '',
      productFamily: spec.productFamily,
      billingCycle: spec.billingCycle,
      licenseUnit: spec.licenseUnit ?? 'Licenses',
      minQuantity: spec.minQuantity ?? 1,
      maxQuantity: spec.maxQuantity ?? 10_000,
      available: spec.available ?? true,
      createdAt: this.ago(500),
    });
    for (const regionCode of spec.regions)
      await this.insert(OfferRegion, { offerId: offer.id, regionCode });
    return offer;
  }

  subscription(spec: SubscriptionSpec): Promise<Subscription> {
    const status = spec.status ?? SubscriptionStatus.ACTIVE;
    const started = this.ago(150);
    return this.insert(Subscription, {
      customerId: spec.customer.id,
      offerId: spec.offer.id,
      orderId: null,
      channel:
        spec.channel ??
        (spec.billingPartner ? SubscriptionChannel.PARTNER : SubscriptionChannel.ELSEWHERE),
      billingPartnerId: spec.billingPartner?.id ?? null,
      partnerOfRecordId: spec.partnerOfRecord?.id ?? null,
      supportContactId: spec.supportContact?.id ?? null,
      servicePartnerId: spec.servicePartner?.id ?? null,
      friendlyName: spec.friendlyName ?? spec.offer.name,
      quantity: spec.quantity,
      status,
      suspensionReason:
        status === SubscriptionStatus.SUSPENDED
          ? (spec.suspensionReason ?? SuspensionReason.OTHER)
          : null,
      version: 1,
      startedAt: started,
      termEndsAt:
        spec.offer.billingCycle === BillingCycle.USAGE
          ? null
          : new Date(started.getTime() + 365 * DAY),
      cancelledAt: status === SubscriptionStatus.CANCELLED ? this.ago(7) : null,
      createdAt: started,
      updatedAt: started,
    });
  }

  user(
    organization: Organization,
    email: string,
    displayName: string,
    roles: Role[],
  ): Promise<User> {
    return this.insert(User, {
      organizationId: organization.id,
      email,
      displayName,
      roles,
      status: UserStatus.ACTIVE,
      passwordHash: null,
      mustChangePassword: false,
      createdAt: this.ago(250),
      updatedAt: this.ago(250),
    });
  }
}
