import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { BillingCycle, ProductFamily } from '../../../src/catalog/catalog-enums';
import type { Offer } from '../../../src/catalog/offer.entity';
import { RelationshipOrigin } from '../../../src/customers/customer-relationship.entity';
import type { Customer } from '../../../src/customers/customer.entity';
import {
  RelationshipRequest,
  RelationshipRequestKind,
  RelationshipRequestStatus,
} from '../../../src/customers/relationship-request.entity';
import { ChannelBuilder, sha256 } from '../../../src/entry/seed/channel-builder';
import { toGlobalId } from '../../../src/core/node-id';
import { Role } from '../../../src/core/role';
import { User, UserStatus } from '../../../src/identity/user.entity';
import { PartnerKind } from '../../../src/partners/partner-kind';
import { PartnerStatus } from '../../../src/partners/partner-status';
import { Partner } from '../../../src/partners/partner.entity';
import { PartnershipState } from '../../../src/partnerships/partnership-state';
import type { Partnership } from '../../../src/partnerships/partnership.entity';
import { SubscriptionStatus } from '../../../src/subscriptions/subscription-enums';
import type { Subscription } from '../../../src/subscriptions/subscription.entity';

/**
 * The channel the authorization matrix runs on, all in North America. Two worlds that know
 * nothing of each other: the caller's ("own": provider Harbor, its reseller Rowan, direct-bill
 * Delta and their customers) and another ("foreign": Fjord, Fern, Flint and theirs). The
 * callers are users of the own world: one user per partner role in Harbor, Rowan and Delta
 * (`ga@harbor.example`, `aa@...`, `sa@...`, `ha@...`, `ba@...`), Cedar's CUSTOMER_ADMIN and
 * the vendor's VENDOR_ADMIN. Rows about a partner's own state call from organizations in that
 * state (Unsigned *: agreement not accepted; Pending Reseller: email not verified).
 */

/** The partner kinds of the matrix's columns. */
export type PartnerKey = 'P' | 'R' | 'D';

export const ROLE_SLUGS: Record<string, Role> = {
  ga: Role.GLOBAL_ADMIN,
  aa: Role.ADMIN_AGENT,
  sa: Role.SALES_AGENT,
  ha: Role.HELPDESK_AGENT,
  ba: Role.BILLING_ADMIN,
};

/** Organization slugs (their users are `<role slug>@<slug>.example`). */
export const CALLER_ORGS = {
  standard: { P: 'harbor', R: 'rowan', D: 'delta' },
  unsigned: { P: 'unsignedprovider', R: 'unsignedreseller', D: 'unsigneddirect' },
  pendingVerification: { P: 'harbor', R: 'pendingreseller', D: 'delta' },
} as const satisfies Record<string, Record<PartnerKey, string>>;

export const CUSTOMER_ADMIN = 'admin@cedar.example';
export const VENDOR_ADMIN = 'operator@vendor.example';

const UNSIGNED_NAMES: Record<PartnerKey, string> = {
  P: 'Unsigned Provider',
  R: 'Unsigned Reseller',
  D: 'Unsigned Direct',
};

const KINDS: Record<PartnerKey, PartnerKind> = {
  P: PartnerKind.INDIRECT_PROVIDER,
  R: PartnerKind.INDIRECT_RESELLER,
  D: PartnerKind.DIRECT_BILL,
};

export interface World {
  P: Partner;
  R: Partner;
  D: Partner;
  /** Customer of P, managed by R (designated reseller). */
  providerCustomer: Customer;
  /** Customer of D. */
  directCustomer: Customer;
  partnership: Partnership;
  /** providerCustomer's subscription billed by P, R partner of record and support contact. */
  providerSubscription: Subscription;
  providerSuspendedSubscription: Subscription;
  directSubscription: Subscription;
  directSuspendedSubscription: Subscription;
  /** providerCustomer's subscription bought elsewhere, nobody hired / P hired. */
  externalSubscription: Subscription;
  hiredExternalSubscription: Subscription;
  /** A colleague of each partner's callers: SALES_AGENT, and a disabled one. */
  colleague: Record<PartnerKey, User>;
  disabledColleague: Record<PartnerKey, User>;
}

/** A personal link token known to the test (the database keeps its hash only). */
const newToken = () => randomBytes(18).toString('base64url');

export class MatrixFixture {
  own!: World;
  foreign!: World;
  offer!: Offer;
  /** Hazel: a customer P, R and D of the own world administer (delegated admin only). */
  adminOnlyCustomer!: Customer;
  adminOnlyRelationship!: Record<PartnerKey, number>;
  /** Quill: an active reseller of the region nobody partners with yet. */
  unpartneredReseller!: Partner;
  /** Quay: a second own-world provider, not partnered with R. */
  secondProvider!: Partner;
  /** Pending partnership requests: to R from Quay; from P to Pine; to Fennel from Fjord. */
  invitationToOwnReseller!: string;
  invitationFromOwnProvider!: string;
  invitationToForeignReseller!: string;
  /** Customer invitations: pending, to Cedar's admin; already accepted by Fir. */
  customerInvitation!: string;
  customerInvitationAcceptedElsewhere!: string;
  /** Relationship requests addressed to Cedar (from Quay) and to Fir (from Fjord). */
  relationshipRequestToOwnCustomer!: string;
  relationshipRequestToForeignCustomer!: string;
  foreignCustomerRelationship!: number;
  private counter = 0;

  constructor(private b: ChannelBuilder) {}

  /** Creates further objects through `builder`, e.g. one bound to a transaction. */
  use(builder: ChannelBuilder): void {
    this.b = builder;
  }

  get manager(): EntityManager {
    return this.b.manager;
  }

  /** A number unique in this run, for names, MPN IDs, e-mail addresses and tenant prefixes. */
  next(): number {
    return ++this.counter;
  }

  async build(): Promise<this> {
    const b = this.b;
    const vendor = await b.vendor('Matrix Vendor');
    await b.user(vendor, VENDOR_ADMIN, 'Vera Operator', [Role.VENDOR_ADMIN]);
    this.offer = await b.offer({
      code: 'MTX-365',
      name: 'Matrix 365',
      productFamily: ProductFamily.MICROSOFT_365,
      billingCycle: BillingCycle.MONTHLY,
      regions: ['NORTH_AMERICA'],
      maxQuantity: 500,
    });
    this.own = await this.world(['Harbor Distribution', 'Rowan Reseller', 'Delta Direct'], {
      providerCustomer: 'Cedar Customer',
      directCustomer: 'Elm Customer',
    });
    this.foreign = await this.world(['Fjord Distribution', 'Fern Reseller', 'Flint Direct'], {
      providerCustomer: 'Fir Customer',
      directCustomer: 'Fig Customer',
    });
    for (const key of ['P', 'R', 'D'] as const) {
      await this.callers(this.own[key], CALLER_ORGS.standard[key]);
      await this.callers(
        await this.partner(UNSIGNED_NAMES[key], KINDS[key], { agreementAccepted: false }),
        CALLER_ORGS.unsigned[key],
      );
    }
    await this.callers(
      await this.partner('Pending Reseller', PartnerKind.INDIRECT_RESELLER, {
        status: PartnerStatus.PENDING_EMAIL_VERIFICATION,
      }),
      CALLER_ORGS.pendingVerification.R,
    );
    await b.user(this.own.providerCustomer, CUSTOMER_ADMIN, 'Cedar Admin', [Role.CUSTOMER_ADMIN]);
    await b.user(this.foreign.providerCustomer, 'admin@fir.example', 'Fir Admin', [
      Role.CUSTOMER_ADMIN,
    ]);

    this.adminOnlyCustomer = await b.customer('Hazel Customer', 'US');
    this.adminOnlyRelationship = {} as Record<PartnerKey, number>;
    for (const key of ['P', 'R', 'D'] as const) {
      const relationship = await b.relationship(this.adminOnlyCustomer, this.own[key], {
        reseller: false,
        admin: true,
        origin: RelationshipOrigin.RELATIONSHIP_REQUEST,
      });
      this.adminOnlyRelationship[key] = relationship.id;
    }
    const [fjordFir] = (await this.manager.query(
      'SELECT id FROM customer_relationship WHERE customer_id = ? AND partner_id = ?',
      [this.foreign.providerCustomer.id, this.foreign.P.id],
    )) as Array<{ id: number }>;
    this.foreignCustomerRelationship = Number(fjordFir.id);

    this.unpartneredReseller = await this.partner('Quill Reseller', PartnerKind.INDIRECT_RESELLER);
    this.secondProvider = await this.provider('Quay Distribution');
    this.invitationToOwnReseller = await this.invitation(this.secondProvider, this.own.R);
    this.invitationFromOwnProvider = await this.invitation(
      this.own.P,
      await this.partner('Pine Reseller', PartnerKind.INDIRECT_RESELLER),
    );
    this.invitationToForeignReseller = await this.invitation(
      this.foreign.P,
      await this.partner('Fennel Reseller', PartnerKind.INDIRECT_RESELLER),
    );
    this.customerInvitation = await this.customerInvitationToken();
    this.customerInvitationAcceptedElsewhere = await this.customerInvitationToken(
      this.foreign.providerCustomer,
    );
    this.relationshipRequestToOwnCustomer = await this.relationshipRequest(
      this.secondProvider,
      this.own.providerCustomer,
    );
    this.relationshipRequestToForeignCustomer = await this.relationshipRequest(
      this.foreign.P,
      this.foreign.providerCustomer,
    );
    return this;
  }

  private async world(
    [providerName, resellerName, directName]: string[],
    customers: { providerCustomer: string; directCustomer: string },
  ): Promise<World> {
    const b = this.b;
    const P = await this.provider(providerName);
    const R = await this.partner(resellerName, PartnerKind.INDIRECT_RESELLER);
    const D = await this.partner(directName, PartnerKind.DIRECT_BILL);
    const partnership = await b.partnership(P, R, PartnershipState.ACTIVE);
    const providerCustomer = await b.customer(customers.providerCustomer, 'US');
    await b.relationship(providerCustomer, P);
    await b.relationship(providerCustomer, R, { origin: RelationshipOrigin.DESIGNATED_RESELLER });
    const directCustomer = await b.customer(customers.directCustomer, 'US');
    await b.relationship(directCustomer, D);
    const offer = this.offer;
    const sub = (customer: Customer, billing: Partner, status = SubscriptionStatus.ACTIVE) =>
      b.subscription({
        customer,
        offer,
        quantity: 10,
        billingPartner: billing,
        partnerOfRecord: billing === P ? R : null,
        supportContact: billing === P ? R : null,
        status,
      });
    const colleague = {} as Record<PartnerKey, User>;
    const disabledColleague = {} as Record<PartnerKey, User>;
    for (const [key, partner] of [
      ['P', P],
      ['R', R],
      ['D', D],
    ] as const) {
      colleague[key] = await this.colleague(partner);
      disabledColleague[key] = await this.colleague(partner, UserStatus.DISABLED);
    }
    return {
      P,
      R,
      D,
      providerCustomer,
      directCustomer,
      partnership,
      providerSubscription: await sub(providerCustomer, P),
      providerSuspendedSubscription: await sub(providerCustomer, P, SubscriptionStatus.SUSPENDED),
      directSubscription: await sub(directCustomer, D),
      directSuspendedSubscription: await sub(directCustomer, D, SubscriptionStatus.SUSPENDED),
      externalSubscription: await b.subscription({
        customer: providerCustomer,
        offer,
        quantity: 5,
      }),
      hiredExternalSubscription: await b.subscription({
        customer: providerCustomer,
        offer,
        quantity: 5,
        servicePartner: P,
      }),
      colleague,
      disabledColleague,
    };
  }

  /** One user per partner role, `<role slug>@<slug>.example`. */
  private async callers(partner: Partner, slug: string): Promise<void> {
    for (const [roleSlug, role] of Object.entries(ROLE_SLUGS)) {
      await this.b.user(partner, `${roleSlug}@${slug}.example`, `${slug} ${roleSlug}`, [role]);
    }
  }

  // Objects created on demand: an allowed cell changes what it acts on, so each gets its own.

  partner(
    name: string,
    kind: PartnerKind,
    extra: { status?: PartnerStatus; agreementAccepted?: boolean } = {},
  ): Promise<Partner> {
    return this.b.partner({
      name,
      kind,
      countryCode: 'US',
      mpnId: String(7_000_000 + this.next()),
      ...extra,
    });
  }

  async provider(name = `Fresh Provider ${this.next()}`): Promise<Partner> {
    const provider = await this.partner(name, PartnerKind.INDIRECT_PROVIDER);
    await this.b.authorizeProvider(provider, ['NORTH_AMERICA']);
    return provider;
  }

  reseller(extra: { status?: PartnerStatus } = {}): Promise<Partner> {
    return this.partner(`Fresh Reseller ${this.next()}`, PartnerKind.INDIRECT_RESELLER, extra);
  }

  partnership(provider: Partner, reseller: Partner, state: PartnershipState) {
    return this.b.partnership(provider, reseller, state);
  }

  customer(): Promise<Customer> {
    return this.b.customer(`Fresh Customer ${this.next()}`, 'US');
  }

  /** A customer with a delegated-admin-only relationship with `partner`; returns its ID. */
  async adminRelationship(partner: Partner, customer?: Customer): Promise<number> {
    const relationship = await this.b.relationship(customer ?? (await this.customer()), partner, {
      reseller: false,
      admin: true,
      origin: RelationshipOrigin.RELATIONSHIP_REQUEST,
    });
    return relationship.id;
  }

  subscription(
    customer: Customer,
    billing: Partner | null,
    extra: { status?: SubscriptionStatus; servicePartner?: Partner } = {},
  ): Promise<Subscription> {
    return this.b.subscription({
      customer,
      offer: this.offer,
      quantity: 10,
      billingPartner: billing,
      ...extra,
    });
  }

  async colleague(partner: Partner, status = UserStatus.ACTIVE): Promise<User> {
    const user = await this.b.user(
      partner,
      `colleague${this.next()}@${partner.tenantDomain!.replace('.onmicrosoft.com', '.example')}`,
      'A Colleague',
      [Role.SALES_AGENT],
    );
    if (status !== UserStatus.ACTIVE) await this.manager.update(User, { id: user.id }, { status });
    return user;
  }

  /** A partner in PENDING_EMAIL_VERIFICATION and the token of its verification link. */
  async pendingVerification(): Promise<string> {
    const partner = await this.reseller({ status: PartnerStatus.PENDING_EMAIL_VERIFICATION });
    const token = newToken();
    await this.manager.update(
      Partner,
      { id: partner.id },
      {
        emailVerificationTokenHash: sha256(token),
        emailVerificationExpiresAt: new Date(Date.now() + 86_400_000),
      },
    );
    return token;
  }

  /** A pending partnership request from `provider` to `reseller`; returns the link's token. */
  async invitation(provider: Partner, reseller: Partner): Promise<string> {
    const token = newToken();
    await this.b.partnership(provider, reseller, PartnershipState.INVITED, {
      invitationToken: token,
    });
    return token;
  }

  /** A pending customer invitation from R with P to Cedar's admin; or accepted by `by`. */
  async customerInvitationToken(acceptedBy?: Customer): Promise<string> {
    const token = newToken();
    const request = await this.b.relationshipRequest({
      kind: RelationshipRequestKind.CUSTOMER_INVITATION,
      partner: acceptedBy ? this.foreign.R : this.own.R,
      indirectProvider: acceptedBy ? this.foreign.P : this.own.P,
      recipientEmail: acceptedBy ? 'admin@fir.example' : CUSTOMER_ADMIN,
      message: 'Be our customer.',
      resellerRelationship: true,
      delegatedAdmin: true,
      token,
    });
    if (acceptedBy) {
      await this.manager.update(
        RelationshipRequest,
        { id: request.id },
        {
          storedStatus: RelationshipRequestStatus.ACCEPTED,
          customerId: acceptedBy.id,
          acceptedAt: new Date(),
        },
      );
    }
    return token;
  }

  /** A pending relationship request from `partner` to `customer` (delegated admin). */
  async relationshipRequest(partner: Partner, customer: Customer): Promise<string> {
    const token = newToken();
    await this.b.relationshipRequest({
      kind: RelationshipRequestKind.RELATIONSHIP_REQUEST,
      partner,
      customer,
      recipientEmail: 'admin@customer.example',
      message: 'May we administer your tenant?',
      resellerRelationship: false,
      delegatedAdmin: true,
      token,
    });
    return token;
  }
}

export const gid = {
  partner: (p: { id: number }) => toGlobalId('Partner', p.id),
  customer: (c: { id: number }) => toGlobalId('Customer', c.id),
  subscription: (s: { id: number }) => toGlobalId('Subscription', s.id),
  partnership: (p: { id: number }) => toGlobalId('Partnership', p.id),
  user: (u: { id: number }) => toGlobalId('User', u.id),
  relationship: (id: number) => toGlobalId('CustomerRelationship', id),
  offer: (o: { id: number }) => toGlobalId('Offer', o.id),
};
