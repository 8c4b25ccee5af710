import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Capability } from '../access/capabilities';
import type { RequestContext } from '../core/request-context';
import { parseId } from '../core/node-id';
import { runMutation, type MutationOptions } from '../core/run-mutation';
import {
  CreatePartnerUserInput,
  DisablePartnerUserInput,
  EnablePartnerUserInput,
  UpdatePartnerUserRolesInput,
  UserPayload,
} from './partner-user.payloads';
import {
  createPartnerUser,
  setPartnerUserStatus,
  updatePartnerUserRoles,
} from './partner-user.service';
import { UserStatus } from './user.entity';

const manageUsers = (operation: string): MutationOptions => ({
  operation,
  roles: Capability.MANAGE_USERS,
  organizationTypes: ['PARTNER'],
});

@Resolver()
export class PartnerUserResolver {
  @Mutation(() => UserPayload, {
    description:
      'R-05: add a user to your partner organization (GLOBAL_ADMIN or ADMIN_AGENT). userErrors: ALREADY_EXISTS (email). Only a GLOBAL_ADMIN may create a GLOBAL_ADMIN (FORBIDDEN).',
  })
  createPartnerUser(
    @Arg('input', () => CreatePartnerUserInput, { description: 'The new user.' })
    input: CreatePartnerUserInput,
    @Ctx() ctx: RequestContext,
  ) {
    return runMutation(ctx, manageUsers('createPartnerUser'), UserPayload, async (w) => ({
      user: await createPartnerUser(w, input),
    }));
  }

  @Mutation(() => UserPayload, {
    description:
      "R-05: replace the roles of a user of your partner organization (GLOBAL_ADMIN or ADMIN_AGENT). userErrors: NOT_FOUND (not your organization's user), INVALID_STATE (would leave no active GLOBAL_ADMIN). Only a GLOBAL_ADMIN may grant or remove GLOBAL_ADMIN (FORBIDDEN).",
  })
  updatePartnerUserRoles(
    @Arg('input', () => UpdatePartnerUserRolesInput, { description: 'The user and roles.' })
    input: UpdatePartnerUserRolesInput,
    @Ctx() ctx: RequestContext,
  ) {
    const userId = parseId(input.userId, 'User', 'input.userId');
    return runMutation(ctx, manageUsers('updatePartnerUserRoles'), UserPayload, async (w) => ({
      user: await updatePartnerUserRoles(w, userId, input.roles),
    }));
  }

  @Mutation(() => UserPayload, {
    description:
      "R-05: disable a user of your partner organization (GLOBAL_ADMIN or ADMIN_AGENT). The user's mutations are refused at once (UNAUTHENTICATED); its reads work until its token expires. userErrors: NOT_FOUND, INVALID_STATE (yourself, or the last active GLOBAL_ADMIN). Disabling a GLOBAL_ADMIN takes a GLOBAL_ADMIN (FORBIDDEN).",
  })
  disablePartnerUser(
    @Arg('input', () => DisablePartnerUserInput, { description: 'The user.' })
    input: DisablePartnerUserInput,
    @Ctx() ctx: RequestContext,
  ) {
    const userId = parseId(input.userId, 'User', 'input.userId');
    return runMutation(ctx, manageUsers('disablePartnerUser'), UserPayload, async (w) => ({
      user: await setPartnerUserStatus(w, userId, UserStatus.DISABLED),
    }));
  }

  @Mutation(() => UserPayload, {
    description:
      'R-05: enable a disabled user of your partner organization again (GLOBAL_ADMIN or ADMIN_AGENT). userErrors: NOT_FOUND. Enabling a GLOBAL_ADMIN takes a GLOBAL_ADMIN (FORBIDDEN).',
  })
  enablePartnerUser(
    @Arg('input', () => EnablePartnerUserInput, { description: 'The user.' })
    input: EnablePartnerUserInput,
    @Ctx() ctx: RequestContext,
  ) {
    const userId = parseId(input.userId, 'User', 'input.userId');
    return runMutation(ctx, manageUsers('enablePartnerUser'), UserPayload, async (w) => ({
      user: await setPartnerUserStatus(w, userId, UserStatus.ACTIVE),
    }));
  }
}
