import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Capability } from '../access/capabilities';
import type { WriteContext } from '../core/unit-of-work';
import type { RequestContext } from '../core/request-context';
import { parseId, parseOptionalId } from '../core/node-id';
import { runMutation } from '../core/run-mutation';
import {
  EndServicePartnerHireInput,
  HireServicePartnerInput,
  RecordExternalSubscriptionInput,
} from './multi-channel.payloads';
import {
  endServicePartnerHire,
  hireServicePartner,
  recordExternalSubscription,
} from './multi-channel.service';
import type { Subscription } from './subscription.entity';
import { SubscriptionPayload } from './subscription.payloads';

/** Multi-channel changes are the customer's own: its CUSTOMER_ADMIN makes them. */
function byCustomerAdmin(
  ctx: RequestContext,
  operation: string,
  work: (w: WriteContext) => Promise<Subscription>,
) {
  return runMutation(
    ctx,
    { operation, roles: Capability.CUSTOMER_ADMINISTRATION, organizationTypes: ['CUSTOMER'] },
    SubscriptionPayload,
    async (w) => ({ subscription: await work(w) }),
  );
}

@Resolver()
export class MultiChannelMutationResolver {
  @Mutation(() => SubscriptionPayload, {
    description:
      'R-28: as a customer admin, record a subscription your organization bought elsewhere (channel ELSEWHERE, no billing partner), optionally hiring a partner to provision and support it. Refusals: NOT_FOUND (offer, partner), OFFER_NOT_AVAILABLE / INVALID_QUANTITY (R-23).',
  })
  recordExternalSubscription(
    @Arg('input', () => RecordExternalSubscriptionInput, {
      description: 'What was bought, and whom to hire.',
    })
    input: RecordExternalSubscriptionInput,
    @Ctx() ctx: RequestContext,
  ) {
    const request = {
      offerId: parseId(input.offerId, 'Offer', 'input.offerId'),
      quantity: input.quantity,
      friendlyName: input.friendlyName ?? null,
      servicePartnerId:
        parseOptionalId(input.servicePartnerId, 'Partner', 'input.servicePartnerId') ?? null,
    };
    return byCustomerAdmin(ctx, 'recordExternalSubscription', (w) =>
      recordExternalSubscription(w, request),
    );
  }

  @Mutation(() => SubscriptionPayload, {
    description:
      'R-28: as a customer admin, hire a partner to provision and support a subscription bought elsewhere. It can read and support it, but every commercial change is refused to it with NOT_BILLING_PARTNER. Refusals: NOT_FOUND (subscription, partner), INVALID_STATE (ordered through a partner, or cancelled), CONFLICT.',
  })
  hireServicePartner(
    @Arg('input', () => HireServicePartnerInput, { description: 'Which subscription, whom.' })
    input: HireServicePartnerInput,
    @Ctx() ctx: RequestContext,
  ) {
    const request = {
      subscriptionId: parseId(input.subscriptionId, 'Subscription', 'input.subscriptionId'),
      partnerId: parseId(input.partnerId, 'Partner', 'input.partnerId'),
      version: input.version ?? null,
    };
    return byCustomerAdmin(ctx, 'hireServicePartner', (w) => hireServicePartner(w, request));
  }

  @Mutation(() => SubscriptionPayload, {
    description:
      'R-28: as a customer admin, end the hire of the partner servicing a subscription bought elsewhere. The MULTI_CHANNEL relationship the hire created ends with the last hire. Refusals: NOT_FOUND, INVALID_STATE (nobody hired), CONFLICT.',
  })
  endServicePartnerHire(
    @Arg('input', () => EndServicePartnerHireInput, { description: 'Which subscription.' })
    input: EndServicePartnerHireInput,
    @Ctx() ctx: RequestContext,
  ) {
    const request = {
      subscriptionId: parseId(input.subscriptionId, 'Subscription', 'input.subscriptionId'),
      version: input.version ?? null,
    };
    return byCustomerAdmin(ctx, 'endServicePartnerHire', (w) => endServicePartnerHire(w, request));
  }
}
