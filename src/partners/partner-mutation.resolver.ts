import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Capability } from '../access/capabilities';
import type { RequestContext } from '../core/request-context';
import { runMutation } from '../core/run-mutation';
import { acceptPartnerAgreement } from './agreement.service';
import { AcceptPartnerAgreementInput, PartnerPayload } from './partner.payloads';

@Resolver()
export class PartnerMutationResolver {
  @Mutation(() => PartnerPayload, {
    description:
      'R-04: accept the partner agreement for your organization (GLOBAL_ADMIN only). Until then the partner cannot transact: AGREEMENT_NOT_ACCEPTED.',
  })
  acceptPartnerAgreement(
    @Arg('input', () => AcceptPartnerAgreementInput, { description: 'Explicit consent.' })
    _input: AcceptPartnerAgreementInput,
    @Ctx() ctx: RequestContext,
  ) {
    return runMutation(
      ctx,
      {
        operation: 'acceptPartnerAgreement',
        roles: Capability.ACCEPT_AGREEMENT,
        organizationTypes: ['PARTNER'],
      },
      PartnerPayload,
      async (w) => ({ partner: await acceptPartnerAgreement(w) }),
    );
  }
}
