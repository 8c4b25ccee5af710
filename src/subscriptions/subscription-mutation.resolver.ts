import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Capability } from '../access/capabilities';
import type { RequestContext } from '../core/request-context';
import { parseId, parseOptionalId } from '../core/node-id';
import { runMutation } from '../core/run-mutation';
import type { Subscription } from './subscription.entity';
import {
  cancelSubscription,
  changeSubscriptionQuantity,
  reactivateSubscription,
  setSubscriptionReseller,
  suspendSubscription,
} from './subscription-lifecycle.service';
import type { WriteContext } from '../core/unit-of-work';
import {
  CancelSubscriptionInput,
  ChangeSubscriptionQuantityInput,
  ReactivateSubscriptionInput,
  SetSubscriptionPartnerOfRecordInput,
  SetSubscriptionSupportContactInput,
  SubscriptionPayload,
  SuspendSubscriptionInput,
} from './subscription.payloads';

/** Subscription changes by the billing partner's GLOBAL_ADMIN, ADMIN_AGENT or SALES_AGENT. */
function changeByBillingPartner(
  ctx: RequestContext,
  operation: string,
  work: (w: WriteContext) => Promise<Subscription>,
  transacts = false,
) {
  return runMutation(
    ctx,
    {
      operation,
      roles: Capability.MANAGE_SUBSCRIPTIONS,
      organizationTypes: ['PARTNER'],
      // Changes that commit the partner to more check R-04 on its share-locked row, read with
      // the acting user in one statement.
      ownPartnerLock: transacts ? 'share' : undefined,
    },
    SubscriptionPayload,
    async (w) => ({ subscription: await work(w) }),
  );
}

const subscriptionId = (id: string) => parseId(id, 'Subscription', 'input.subscriptionId');

@Resolver()
export class SubscriptionMutationResolver {
  @Mutation(() => SubscriptionPayload, {
    description:
      'R-27: suspend an ACTIVE subscription, with a reason, as its billing partner. Refusals: NOT_FOUND, NOT_BILLING_PARTNER (R-27, R-28), CONFLICT (stale version), INVALID_STATE (not ACTIVE).',
  })
  suspendSubscription(
    @Arg('input', () => SuspendSubscriptionInput, { description: 'Which, why, and its version.' })
    input: SuspendSubscriptionInput,
    @Ctx() ctx: RequestContext,
  ) {
    const id = subscriptionId(input.subscriptionId);
    return changeByBillingPartner(ctx, 'suspendSubscription', (w) =>
      suspendSubscription(w, { subscriptionId: id, version: input.version, reason: input.reason }),
    );
  }

  @Mutation(() => SubscriptionPayload, {
    description:
      'R-27: reactivate a SUSPENDED subscription as its billing partner. Refusals: NOT_FOUND, NOT_BILLING_PARTNER, PARTNER_NOT_ACTIVE / AGREEMENT_NOT_ACCEPTED (R-04), CONFLICT, INVALID_STATE (not SUSPENDED).',
  })
  reactivateSubscription(
    @Arg('input', () => ReactivateSubscriptionInput, { description: 'Which, and its version.' })
    input: ReactivateSubscriptionInput,
    @Ctx() ctx: RequestContext,
  ) {
    const id = subscriptionId(input.subscriptionId);
    return changeByBillingPartner(
      ctx,
      'reactivateSubscription',
      (w) => reactivateSubscription(w, { subscriptionId: id, version: input.version }),
      true,
    );
  }

  @Mutation(() => SubscriptionPayload, {
    description:
      'R-27: cancel an ACTIVE or SUSPENDED subscription for good, as its billing partner. Refusals: NOT_FOUND, NOT_BILLING_PARTNER, CONFLICT, INVALID_STATE (already CANCELLED).',
  })
  cancelSubscription(
    @Arg('input', () => CancelSubscriptionInput, { description: 'Which, and its version.' })
    input: CancelSubscriptionInput,
    @Ctx() ctx: RequestContext,
  ) {
    const id = subscriptionId(input.subscriptionId);
    return changeByBillingPartner(ctx, 'cancelSubscription', (w) =>
      cancelSubscription(w, { subscriptionId: id, version: input.version }),
    );
  }

  @Mutation(() => SubscriptionPayload, {
    description:
      "R-27: change the license quantity of an ACTIVE subscription, as its billing partner. Refusals: NOT_FOUND, NOT_BILLING_PARTNER, PARTNER_NOT_ACTIVE / AGREEMENT_NOT_ACCEPTED (R-04), CONFLICT (stale version), INVALID_STATE (suspended or cancelled), INVALID_QUANTITY (outside the offer's bounds, R-23).",
  })
  changeSubscriptionQuantity(
    @Arg('input', () => ChangeSubscriptionQuantityInput, {
      description: 'Which, the new quantity, and its version.',
    })
    input: ChangeSubscriptionQuantityInput,
    @Ctx() ctx: RequestContext,
  ) {
    const id = subscriptionId(input.subscriptionId);
    return changeByBillingPartner(
      ctx,
      'changeSubscriptionQuantity',
      (w) =>
        changeSubscriptionQuantity(w, {
          subscriptionId: id,
          version: input.version,
          quantity: input.quantity,
        }),
      true,
    );
  }

  @Mutation(() => SubscriptionPayload, {
    description:
      'R-25: as the billing partner, designate the indirect reseller credited as partner of record of a subscription, or clear it. Refusals: NOT_FOUND, NOT_BILLING_PARTNER, PARTNER_NOT_ACTIVE / AGREEMENT_NOT_ACCEPTED (R-04), CONFLICT, INVALID_STATE (cancelled), RESELLER_NOT_ASSOCIATED.',
  })
  setSubscriptionPartnerOfRecord(
    @Arg('input', () => SetSubscriptionPartnerOfRecordInput, {
      description: 'Which subscription and which reseller.',
    })
    input: SetSubscriptionPartnerOfRecordInput,
    @Ctx() ctx: RequestContext,
  ) {
    const id = subscriptionId(input.subscriptionId);
    const resellerId = parseOptionalId(input.resellerId, 'Partner', 'input.resellerId') ?? null;
    return changeByBillingPartner(
      ctx,
      'setSubscriptionPartnerOfRecord',
      (w) =>
        setSubscriptionReseller(w, {
          subscriptionId: id,
          version: input.version ?? null,
          resellerId,
          association: 'partner of record',
        }),
      true,
    );
  }

  @Mutation(() => SubscriptionPayload, {
    description:
      'R-26: as the billing partner, designate the indirect reseller that is support contact of a subscription, or clear it; the support contact can then read the subscription and its customer. Refusals: NOT_FOUND, NOT_BILLING_PARTNER, PARTNER_NOT_ACTIVE / AGREEMENT_NOT_ACCEPTED (R-04), CONFLICT, INVALID_STATE (cancelled), RESELLER_NOT_ASSOCIATED.',
  })
  setSubscriptionSupportContact(
    @Arg('input', () => SetSubscriptionSupportContactInput, {
      description: 'Which subscription and which reseller.',
    })
    input: SetSubscriptionSupportContactInput,
    @Ctx() ctx: RequestContext,
  ) {
    const id = subscriptionId(input.subscriptionId);
    const resellerId = parseOptionalId(input.resellerId, 'Partner', 'input.resellerId') ?? null;
    return changeByBillingPartner(
      ctx,
      'setSubscriptionSupportContact',
      (w) =>
        setSubscriptionReseller(w, {
          subscriptionId: id,
          version: input.version ?? null,
          resellerId,
          association: 'support contact',
        }),
      true,
    );
  }
}
