import { BillingCycle, ProductFamily } from '../../src/catalog/catalog-enums';
import type { ChannelBuilder } from '../../src/entry/seed/channel-builder';
import { Role } from '../../src/core/role';
import { PartnerKind } from '../../src/partners/partner-kind';
import { PartnershipState } from '../../src/partnerships/partnership-state';
import { SubscriptionStatus } from '../../src/subscriptions/subscription-enums';

export const PROVIDER_ADMIN = 'admin@provider.example';

/**
 * A provider with `resellers` resellers (the second suspended, the third only invited when
 * there are three or more), each with `customersPerReseller` customers served by the provider
 * too, each with two subscriptions (one ACTIVE, one SUSPENDED) to one of three offers.
 */
export async function buildChannel(
  b: ChannelBuilder,
  resellers: number,
  customersPerReseller: number,
): Promise<void> {
  const provider = await b.partner({
    name: 'Provider Distribution',
    kind: PartnerKind.INDIRECT_PROVIDER,
    countryCode: 'FR',
  });
  await b.user(provider, PROVIDER_ADMIN, 'Provider Admin', [Role.GLOBAL_ADMIN]);
  const offers = [];
  for (let i = 1; i <= 3; i++) {
    offers.push(
      await b.offer({
        code: `OFF-${i}`,
        name: `Offer ${i}`,
        productFamily: ProductFamily.MICROSOFT_365,
        billingCycle: BillingCycle.MONTHLY,
        regions: ['EUROPE'],
      }),
    );
  }
  for (let r = 1; r <= resellers; r++) {
    const reseller = await b.partner({
      name: `Reseller ${r}`,
      kind: PartnerKind.INDIRECT_RESELLER,
      countryCode: 'FR',
    });
    const state =
      r === 2
        ? PartnershipState.SUSPENDED
        : r === 3
          ? PartnershipState.INVITED
          : PartnershipState.ACTIVE;
    await b.partnership(provider, reseller, state);
    for (let c = 1; c <= customersPerReseller; c++) {
      const customer = await b.customer(`Customer ${r}-${c}`, 'FR');
      await b.relationship(customer, provider);
      await b.relationship(customer, reseller);
      for (const [i, status] of [
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.SUSPENDED,
      ].entries()) {
        await b.subscription({
          customer,
          offer: offers[(c + i) % offers.length],
          quantity: 10 + c,
          billingPartner: provider,
          partnerOfRecord: reseller,
          status,
        });
      }
    }
  }
}
