import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Capability } from '../access/capabilities';
import type { RequestContext } from '../core/request-context';
import { parseId, parseOptionalId } from '../core/node-id';
import { runMutation } from '../core/run-mutation';
import { PlaceOrderInput, PlaceOrderPayload } from './order.payloads';
import { placeOrder, type PlaceOrderRequest } from './order.service';

/** Decodes the IDs of a `placeOrder` input; a malformed one is BAD_USER_INPUT naming its path. */
function toPlaceOrderRequest(input: PlaceOrderInput): PlaceOrderRequest {
  return {
    customerId: parseId(input.customerId, 'Customer', 'input.customerId'),
    idempotencyKey: input.idempotencyKey.toLowerCase(),
    lines: input.lines.map((line, i) => {
      const field = `input.lines.${i}`;
      return {
        field,
        offerId: parseId(line.offerId, 'Offer', `${field}.offerId`),
        quantity: line.quantity,
        partnerOfRecordId: parseOptionalId(
          line.partnerOfRecordId,
          'Partner',
          `${field}.partnerOfRecordId`,
        ),
        supportContactId: parseOptionalId(
          line.supportContactId,
          'Partner',
          `${field}.supportContactId`,
        ),
        friendlyName: line.friendlyName ?? null,
      };
    }),
  };
}

@Resolver()
export class OrderMutationResolver {
  @Mutation(() => PlaceOrderPayload, {
    description:
      'R-24: as a transacting partner (indirect provider or direct-bill; GLOBAL_ADMIN, ADMIN_AGENT or SALES_AGENT), order subscriptions for a customer with which you have an ACTIVE reseller relationship. One subscription per line, ACTIVE, billed by you; all lines or none. R-29: idempotent by `idempotencyKey`. Refusals: RESELLER_CANNOT_TRANSACT (an indirect reseller: its provider orders for it), PARTNER_NOT_ACTIVE / AGREEMENT_NOT_ACCEPTED (R-04), NOT_FOUND (customer or offer), NO_CUSTOMER_RELATIONSHIP (R-24), OFFER_NOT_AVAILABLE / INVALID_QUANTITY (R-23), RESELLER_NOT_ASSOCIATED (R-25, R-26), IDEMPOTENCY_KEY_REUSED (R-29).',
  })
  placeOrder(
    @Arg('input', () => PlaceOrderInput, { description: 'The customer, the key and the lines.' })
    input: PlaceOrderInput,
    @Ctx() ctx: RequestContext,
  ) {
    const request = toPlaceOrderRequest(input);
    return runMutation(
      ctx,
      {
        operation: 'placeOrder',
        roles: Capability.MANAGE_SUBSCRIPTIONS,
        organizationTypes: ['PARTNER'],
      },
      PlaceOrderPayload,
      (w) => placeOrder(w, request),
    );
  }
}
