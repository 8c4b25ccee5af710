import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Capability } from '../access/capabilities';
import type { RequestContext } from '../core/request-context';
import { badUserInput } from '../core/errors';
import { parseId } from '../core/node-id';
import { runMutation, type MutationOptions } from '../core/run-mutation';
import { PartnerPayload } from '../partners/partner.payloads';
import {
  AuthorizeIndirectProviderInput,
  UpdateIndirectProviderRegionsInput,
  UpdateProviderProfileInput,
} from './provider-authorization.payloads';
import {
  authorizeIndirectProvider,
  updateIndirectProviderRegions,
  updateProviderProfile,
} from './provider-authorization.service';

const vendorOperation = (operation: string): MutationOptions => ({
  operation,
  roles: Capability.VENDOR_OPERATIONS,
  organizationTypes: ['VENDOR'],
});

@Resolver()
export class ProviderAuthorizationResolver {
  @Mutation(() => PartnerPayload, {
    description:
      'R-06: authorize an ACTIVE partner as INDIRECT_PROVIDER in a set of CSP regions, with its directory profile (VENDOR_ADMIN only). It appears in `providerDirectory` when listed. userErrors: NOT_FOUND, PARTNER_NOT_ACTIVE (R-04), INVALID_STATE (a provider already, or a reseller with live partnerships as reseller).',
  })
  authorizeIndirectProvider(
    @Arg('input', () => AuthorizeIndirectProviderInput, { description: 'Partner and regions.' })
    input: AuthorizeIndirectProviderInput,
    @Ctx() ctx: RequestContext,
  ) {
    const partnerId = parseId(input.partnerId, 'Partner', 'input.partnerId');
    return runMutation(
      ctx,
      vendorOperation('authorizeIndirectProvider'),
      PartnerPayload,
      async (w) => ({
        partner: await authorizeIndirectProvider(w, partnerId, input.regionCodes, input.profile),
      }),
    );
  }

  @Mutation(() => PartnerPayload, {
    description:
      'R-06: add and withdraw CSP regions of an indirect provider (VENDOR_ADMIN only). userErrors: NOT_FOUND, INVALID_STATE (not a provider; no region would remain; live partnerships with resellers of a withdrawn region).',
  })
  updateIndirectProviderRegions(
    @Arg('input', () => UpdateIndirectProviderRegionsInput, {
      description: 'Regions to add and to withdraw.',
    })
    input: UpdateIndirectProviderRegionsInput,
    @Ctx() ctx: RequestContext,
  ) {
    const partnerId = parseId(input.partnerId, 'Partner', 'input.partnerId');
    const overlap = input.addRegionCodes.find((code) => input.removeRegionCodes.includes(code));
    if (overlap)
      throw badUserInput('input.removeRegionCodes', `${overlap} is both added and removed`);
    if (input.addRegionCodes.length === 0 && input.removeRegionCodes.length === 0)
      throw badUserInput('input.addRegionCodes', 'name regions to add or to remove');
    return runMutation(
      ctx,
      vendorOperation('updateIndirectProviderRegions'),
      PartnerPayload,
      async (w) => ({
        partner: await updateIndirectProviderRegions(
          w,
          partnerId,
          input.addRegionCodes,
          input.removeRegionCodes,
        ),
      }),
    );
  }

  @Mutation(() => PartnerPayload, {
    description:
      "R-06: change an indirect provider's public directory profile (VENDOR_ADMIN only: profile changes go through the vendor). userErrors: NOT_FOUND, INVALID_STATE (not a provider).",
  })
  updateProviderProfile(
    @Arg('input', () => UpdateProviderProfileInput, { description: 'Provider and changes.' })
    input: UpdateProviderProfileInput,
    @Ctx() ctx: RequestContext,
  ) {
    const partnerId = parseId(input.partnerId, 'Partner', 'input.partnerId');
    return runMutation(
      ctx,
      vendorOperation('updateProviderProfile'),
      PartnerPayload,
      async (w) => ({
        partner: await updateProviderProfile(w, partnerId, input.profile),
      }),
    );
  }
}
