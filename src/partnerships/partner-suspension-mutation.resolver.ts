import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Capability } from '../access/capabilities';
import type { RequestContext } from '../core/request-context';
import { parseId } from '../core/node-id';
import { runMutation } from '../core/run-mutation';
import {
  PartnerSuspensionPayload,
  ReinstatePartnerInput,
  SuspendPartnerInput,
} from './partnership.payloads';
import { reinstatePartner, suspendPartner } from './vendor-suspension.service';

const VENDOR = { roles: Capability.VENDOR_OPERATIONS, organizationTypes: ['VENDOR'] } as const;

@Resolver()
export class PartnerSuspensionMutationResolver {
  @Mutation(() => PartnerSuspensionPayload, {
    description:
      'R-10 (vendor, VENDOR_ADMIN): suspend an ACTIVE partner. It can no longer transact (R-04: PARTNER_NOT_ACTIVE) and all its ACTIVE partnerships, on either side, become SUSPENDED. Refusals: NOT_FOUND, INVALID_STATE (not ACTIVE).',
  })
  suspendPartner(
    @Arg('input', () => SuspendPartnerInput, { description: 'Which partner, and why.' })
    input: SuspendPartnerInput,
    @Ctx() ctx: RequestContext,
  ) {
    const partnerId = parseId(input.partnerId, 'Partner', 'input.partnerId');
    return runMutation(
      ctx,
      { operation: 'suspendPartner', ...VENDOR },
      PartnerSuspensionPayload,
      (w) => suspendPartner(w, partnerId, input.reason ?? null),
    );
  }

  @Mutation(() => PartnerSuspensionPayload, {
    description:
      "R-10 (vendor, VENDOR_ADMIN): reinstate a SUSPENDED partner. It is ACTIVE again, and so are the partnerships its suspension suspended (only those; one whose other partner is suspended too waits for that partner's reinstatement). Refusals: NOT_FOUND, INVALID_STATE (not SUSPENDED).",
  })
  reinstatePartner(
    @Arg('input', () => ReinstatePartnerInput, { description: 'Which partner.' })
    input: ReinstatePartnerInput,
    @Ctx() ctx: RequestContext,
  ) {
    const partnerId = parseId(input.partnerId, 'Partner', 'input.partnerId');
    return runMutation(
      ctx,
      { operation: 'reinstatePartner', ...VENDOR },
      PartnerSuspensionPayload,
      (w) => reinstatePartner(w, partnerId),
    );
  }
}
