import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../core/role';
import type { RequestContext } from '../core/request-context';
import { parseId } from '../core/node-id';
import { runMutation, runPublicMutation, type MutationOptions } from '../core/run-mutation';
import {
  ExternalIdentityPayload,
  IdentityLinkPayload,
  LinkExternalIdentityInput,
  RedeemIdentityLinkInput,
  SendIdentityLinkInput,
} from './external-identity.payloads';
import { redeemIdentityLink, sendIdentityLink } from './identity-link.service';
import { UserPayload } from './partner-user.payloads';
import { linkExternalIdentity } from './external-identity.service';

/** The administrators of each kind of organization manage their own users' sign-in. */
const manageSignIn = (operation: string): MutationOptions => ({
  operation,
  roles: [Role.GLOBAL_ADMIN, Role.ADMIN_AGENT, Role.CUSTOMER_ADMIN, Role.VENDOR_ADMIN],
  organizationTypes: ['PARTNER', 'CUSTOMER', 'VENDOR'],
});

@Resolver()
export class ExternalIdentityResolver {
  @Mutation(() => ExternalIdentityPayload, {
    description:
      "SPEC section 1: link a user of your organization to a person at an OpenID Connect provider (issuer and subject), so that the provider's tokens for that person act as the user with the user's stored roles. Administrators only (partner GLOBAL_ADMIN or ADMIN_AGENT, CUSTOMER_ADMIN, VENDOR_ADMIN); a GLOBAL_ADMIN's identity takes a GLOBAL_ADMIN (FORBIDDEN). Audited. userErrors: NOT_FOUND (not your organization's user), ALREADY_EXISTS (the user has an identity at this issuer, or the identity is linked to a user).",
  })
  linkExternalIdentity(
    @Arg('input', () => LinkExternalIdentityInput, { description: 'The user and the identity.' })
    input: LinkExternalIdentityInput,
    @Ctx() ctx: RequestContext,
  ) {
    const userId = parseId(input.userId, 'User', 'input.userId');
    return runMutation(ctx, manageSignIn('linkExternalIdentity'), ExternalIdentityPayload, (w) =>
      linkExternalIdentity(w, userId, { issuer: input.issuer, subject: input.subject }),
    );
  }

  @Mutation(() => IdentityLinkPayload, {
    description:
      "SPEC section 1: email a user of your organization a single-use link (valid 72 hours; a new one replaces the last) with which the user links a sign-in identity of the OpenID Connect provider (redeemIdentityLink). Same administrators as linkExternalIdentity. Audited. userErrors: NOT_FOUND (not your organization's user).",
  })
  sendIdentityLink(
    @Arg('input', () => SendIdentityLinkInput, { description: 'The user.' })
    input: SendIdentityLinkInput,
    @Ctx() ctx: RequestContext,
  ) {
    const userId = parseId(input.userId, 'User', 'input.userId');
    return runMutation(ctx, manageSignIn('sendIdentityLink'), IdentityLinkPayload, (w) =>
      sendIdentityLink(w, userId),
    );
  }

  @Mutation(() => UserPayload, {
    description:
      "SPEC section 1: redeem an emailed identity link with an access token of the configured OpenID Connect provider; no Authorization header needed (the person is not linked yet). The token's issuer and subject are linked to the link's user, once. An invalid access token, or no provider configured, is UNAUTHENTICATED. Audited. userErrors: INVITATION_INVALID (unknown, used or expired link), ALREADY_EXISTS (the person is linked already, or the user has an identity at this provider).",
  })
  async redeemIdentityLink(
    @Arg('input', () => RedeemIdentityLinkInput, { description: 'The link and the token.' })
    input: RedeemIdentityLinkInput,
    @Ctx() ctx: RequestContext,
  ) {
    // Verified before the transaction: a bad token costs no database work.
    const person = await ctx.services.providerPerson(input.accessToken);
    return runPublicMutation(ctx, { operation: 'redeemIdentityLink' }, UserPayload, async (w) => ({
      user: await redeemIdentityLink(w, input.token, person),
    }));
  }
}
