import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../core/role';
import type { RequestContext } from '../core/request-context';
import { parseId } from '../core/node-id';
import { runMutation, type MutationOptions } from '../core/run-mutation';
import { ExternalIdentityPayload, LinkExternalIdentityInput } from './external-identity.payloads';
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
}
