import type { WriteContext } from '../core/unit-of-work';
import { Visibility } from '../access/visibility';
import { runSql, sql } from '../db/sql';
import { toGlobalId } from '../core/node-id';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { runIdempotent } from '../idempotency/idempotency.service';
import { Role } from '../core/role';
import { User, UserStatus } from '../identity/user.entity';
import { Organization } from '../organizations/organization.entity';
import { Partner } from '../partners/partner.entity';
import { assertCanTransact, assertTransactingKind } from '../partners/partner.policy';
import { Order } from '../subscriptions/order.entity';
import { Subscription } from '../subscriptions/subscription.entity';
import {
  CustomerRelationship,
  RelationshipOrigin,
} from '../customers/customer-relationship.entity';
import { insertRelationship } from '../customers/customer-relationship.service';
import { Customer } from '../customers/customer.entity';
import { CustomerAdminCredentials } from '../customers/customer.payloads';
import {
  assertNameIsNotAPartner,
  assertSellsInCustomerRegion,
  assertTenantIsNotAPartner,
  assertResellerPartnered,
} from '../customers/customer.policy';
import { ownPartner } from '../customers/own-partner';
import { placeFirstSubscriptions, type FirstSubscriptionLine } from './first-subscriptions';
import type { TemporaryPassword } from '../customers/temporary-password';

export interface AddCustomerCommand {
  companyName: string;
  countryCode: string;
  /** `<prefix>.onmicrosoft.com`, lower case. */
  tenantDomain: string;
  address: {
    line1: string;
    line2: string | null;
    city: string;
    region: string | null;
    postalCode: string | null;
  };
  companyContact: { name: string; email: string; phone: string | null };
  culture: string;
  indirectResellerId: number | null;
  subscriptions: FirstSubscriptionLine[];
  idempotencyKey: string | null;
}

export interface AddCustomerResult {
  customer: Customer | null;
  relationship: CustomerRelationship | null;
  designatedResellerRelationship: CustomerRelationship | null;
  adminCredentials: CustomerAdminCredentials | null;
  order: Order | null;
  subscriptions: Subscription[];
  replayed: boolean;
}

/** What an idempotency record keeps of an add: IDs only, never the password (R-17). */
interface AddCustomerRecord {
  customerId: number;
  relationshipId: number;
  designatedResellerRelationshipId: number | null;
  orderId: number | null;
  subscriptionIds: number[];
}

/**
 * R-15..R-18 (and R-04, R-09): a transacting partner adds a customer tenant with its admin
 * user, optionally designating one of its resellers and ordering the first subscriptions, all
 * in the caller's transaction: any refusal leaves nothing behind (R-16). With an idempotency
 * key, a retry replays the first outcome without the password.
 */
export async function addCustomer(
  w: WriteContext,
  command: AddCustomerCommand,
  password: TemporaryPassword,
): Promise<AddCustomerResult> {
  const { idempotencyKey, ...request } = command;
  if (!idempotencyKey) return createCustomer(w, command, password);
  let created: AddCustomerResult | undefined;
  const outcome = await runIdempotent<AddCustomerRecord>(w, idempotencyKey, request, async () => {
    created = await createCustomer(w, command, password);
    return {
      customerId: created.customer!.id,
      relationshipId: created.relationship!.id,
      designatedResellerRelationshipId: created.designatedResellerRelationship?.id ?? null,
      orderId: created.order?.id ?? null,
      subscriptionIds: created.subscriptions.map((s) => s.id),
    };
  });
  return outcome.replayed ? replayAddCustomer(w, outcome.result) : created!;
}

async function createCustomer(
  w: WriteContext,
  command: AddCustomerCommand,
  password: TemporaryPassword,
): Promise<AddCustomerResult> {
  const partner = await ownPartner(w);
  assertTransactingKind(partner);
  assertCanTransact(partner);

  await assertTenantIsNotAPartner(w, command.tenantDomain, 'input.tenantDomainPrefix');
  await assertNameIsNotAPartner(w, command.companyName, 'input.companyName');
  const taken = await w.manager.findOne(Organization, {
    where: { tenantDomain: command.tenantDomain },
  });
  if (taken) {
    throw new RuleViolation(
      UserErrorCode.ALREADY_EXISTS,
      `The tenant domain ${command.tenantDomain} is taken; choose another prefix.`,
      'input.tenantDomainPrefix',
    );
  }
  await assertSellsInCustomerRegion(w, partner, command.countryCode, 'input.countryCode');

  let reseller: Partner | null = null;
  if (command.indirectResellerId !== null) {
    const field = 'input.indirectResellerId';
    await assertResellerPartnered(
      w,
      partner.id,
      command.indirectResellerId,
      field,
      'You can designate only an indirect reseller with which you have an ACTIVE partnership.',
    );
    reseller = await w.manager.findOneOrFail(Partner, {
      where: { id: command.indirectResellerId },
    });
    assertCanTransact(reseller, field);
    await assertSellsInCustomerRegion(w, reseller, command.countryCode, field);
  }

  const customer = Object.assign(new Customer(), {
    name: command.companyName,
    countryCode: command.countryCode,
    tenantDomain: command.tenantDomain,
    address: command.address,
    companyContact: command.companyContact,
    culture: command.culture,
    createdAt: w.now,
    updatedAt: w.now,
  });
  const inserted = await w.manager.insert(Customer, customer);
  customer.id = inserted.identifiers[0].id as number;
  await w.audit({
    resourceType: 'Customer',
    resourceId: customer.id,
    newValue: {
      name: customer.name,
      countryCode: customer.countryCode,
      tenantDomain: customer.tenantDomain,
      culture: customer.culture,
      addedBy: toGlobalId('Partner', partner.id),
      designatedReseller: reseller ? toGlobalId('Partner', reseller.id) : null,
    },
    organizations: [customer.id, reseller?.id],
  });

  const relationship = await insertRelationship(w, {
    customerId: customer.id,
    partnerId: partner.id,
    resellerRelationship: true,
    delegatedAdmin: true,
    origin: RelationshipOrigin.ADDED_BY_PARTNER,
  });
  // R-15: designating delegates account and subscription administration to the reseller.
  const designatedResellerRelationship = reseller
    ? await insertRelationship(w, {
        customerId: customer.id,
        partnerId: reseller.id,
        resellerRelationship: true,
        delegatedAdmin: true,
        origin: RelationshipOrigin.DESIGNATED_RESELLER,
      })
    : null;

  const adminCredentials = await createCustomerAdmin(w, customer, password);

  const placed =
    command.subscriptions.length > 0
      ? await placeFirstSubscriptions(w, {
          customer,
          billingPartner: partner,
          lines: command.subscriptions,
          idempotencyKey: command.idempotencyKey,
        })
      : { order: null, subscriptions: [] };

  return {
    customer,
    relationship,
    designatedResellerRelationship,
    adminCredentials,
    order: placed.order,
    subscriptions: placed.subscriptions,
    replayed: false,
  };
}

/**
 * R-17: the customer's admin user, `admin@<tenant domain>`, with only the scrypt hash of its
 * temporary password stored and a password change required at first sign-in.
 */
async function createCustomerAdmin(
  w: WriteContext,
  customer: Customer,
  password: TemporaryPassword,
): Promise<CustomerAdminCredentials> {
  const userName = `admin@${customer.tenantDomain}`;
  const inserted = await w.manager.insert(User, {
    organizationId: customer.id,
    email: userName,
    displayName: `${customer.name} Admin`,
    roles: [Role.CUSTOMER_ADMIN],
    status: UserStatus.ACTIVE,
    passwordHash: password.hash,
    mustChangePassword: true,
    createdAt: w.now,
    updatedAt: w.now,
  });
  await w.audit({
    resourceType: 'User',
    resourceId: inserted.identifiers[0].id as number,
    newValue: { email: userName, roles: [Role.CUSTOMER_ADMIN], mustChangePassword: true },
    organizations: [customer.id],
  });
  return Object.assign(new CustomerAdminCredentials(), {
    userName,
    temporaryPassword: password.plain,
  });
}

/**
 * The first outcome of an idempotent add, as it is now and as far as the caller may still see
 * it (R-30: a partner whose relationship the customer removed since gets no customer back).
 * The password is not kept anywhere, so it is not part of a replay (R-17).
 */
async function replayAddCustomer(
  w: WriteContext,
  record: AddCustomerRecord,
): Promise<AddCustomerResult> {
  const visible = new Visibility(w.viewer).customer('o');
  const rows = await runSql(
    w.manager,
    sql`SELECT o.id FROM organization o WHERE o.id = ${record.customerId}
        AND ${visible ?? sql`1=1`}`,
  );
  const customer =
    rows.length > 0
      ? await w.manager.findOne(Customer, { where: { id: record.customerId } })
      : null;
  const relationship = await w.manager.findOne(CustomerRelationship, {
    where: { id: record.relationshipId },
  });
  const designatedResellerRelationship =
    customer && record.designatedResellerRelationshipId !== null
      ? await w.manager.findOne(CustomerRelationship, {
          where: { id: record.designatedResellerRelationshipId },
        })
      : null;
  const order =
    record.orderId !== null
      ? await w.manager.findOne(Order, { where: { id: record.orderId } })
      : null;
  const subscriptions =
    customer && record.subscriptionIds.length > 0
      ? await w.manager.find(Subscription, { where: record.subscriptionIds.map((id) => ({ id })) })
      : [];
  subscriptions.sort((a, b) => a.id - b.id);
  return {
    customer,
    relationship,
    designatedResellerRelationship,
    adminCredentials: null,
    order,
    subscriptions,
    replayed: true,
  };
}
