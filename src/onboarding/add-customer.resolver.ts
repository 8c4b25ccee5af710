import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Capability } from '../access/capabilities';
import { parseId, parseOptionalId } from '../core/node-id';
import type { RequestContext } from '../core/request-context';
import { assertAllowed, runMutation, type MutationOptions } from '../core/run-mutation';
import { AddCustomerInput } from '../customers/customer.payloads';
import { newTemporaryPassword } from '../customers/temporary-password';
import { AddCustomerPayload } from './add-customer.payload';
import { addCustomer, type AddCustomerCommand } from './add-customer.service';

/** IDs parsed and text tidied before anything is written (BAD_USER_INPUT names the field). */
function toAddCustomerCommand(input: AddCustomerInput): AddCustomerCommand {
  return {
    companyName: input.companyName.trim(),
    countryCode: input.countryCode,
    tenantDomain: `${input.tenantDomainPrefix.toLowerCase()}.onmicrosoft.com`,
    address: {
      line1: input.address.line1.trim(),
      line2: input.address.line2?.trim() || null,
      city: input.address.city.trim(),
      region: input.address.region?.trim() || null,
      postalCode: input.address.postalCode?.trim() || null,
    },
    companyContact: {
      name: input.companyContact.name.trim(),
      email: input.companyContact.email,
      phone: input.companyContact.phone?.trim() || null,
    },
    culture: input.culture,
    indirectResellerId:
      parseOptionalId(input.indirectResellerId, 'Partner', 'input.indirectResellerId') ?? null,
    subscriptions: (input.subscriptions ?? []).map((line, i) => {
      const field = `input.subscriptions.${i}`;
      return {
        offerId: parseId(line.offerId, 'Offer', `${field}.offerId`),
        quantity: line.quantity,
        partnerOfRecordId:
          parseOptionalId(line.partnerOfRecordId, 'Partner', `${field}.partnerOfRecordId`) ?? null,
        supportContactId:
          parseOptionalId(line.supportContactId, 'Partner', `${field}.supportContactId`) ?? null,
        friendlyName: line.friendlyName?.trim() || null,
        field,
      };
    }),
    idempotencyKey: input.idempotencyKey?.toLowerCase() ?? null,
  };
}

@Resolver()
export class AddCustomerResolver {
  @Mutation(() => AddCustomerPayload, {
    description:
      "R-15..R-18: add a customer tenant as a transacting partner (indirect provider or direct-bill; R-04 PARTNER_NOT_ACTIVE / AGREEMENT_NOT_ACCEPTED, an indirect reseller gets RESELLER_CANNOT_TRANSACT). The customer must be in your region (R-09: CUSTOMER_OUT_OF_REGION) and not a partner (R-18: PARTNER_CANNOT_BE_CUSTOMER); a taken tenant domain is ALREADY_EXISTS. You get an ACTIVE relationship with reseller relationship and delegated admin; a designated reseller (R-15) gets one with delegated admin. The admin's user name and temporary password are returned once (R-17). First subscriptions are ordered in the same all-or-nothing operation (R-16). GLOBAL_ADMIN, ADMIN_AGENT or SALES_AGENT.",
  })
  async addCustomer(
    @Arg('input', () => AddCustomerInput, { description: 'The customer to add.' })
    input: AddCustomerInput,
    @Ctx() ctx: RequestContext,
  ) {
    const command = toAddCustomerCommand(input);
    const options: MutationOptions = {
      operation: 'addCustomer',
      roles: Capability.MANAGE_CUSTOMERS,
      organizationTypes: ['PARTNER'],
    };
    assertAllowed(ctx.requireViewer(), options);
    // Hashed outside the transaction, which then holds no lock (nor SQLite's gate) during scrypt,
    // and only for callers the role gate lets through.
    const password = await newTemporaryPassword();
    return runMutation(ctx, options, AddCustomerPayload, (w) => addCustomer(w, command, password));
  }
}
