import { ArgsType, Field } from 'type-graphql';
import { connectionTypes } from '../core/connection';
import { PageArgs } from '../core/pagination';
import { PartnershipInvitationStatus } from './partnership-invitation-status';
import { PartnershipInvitation } from './partnership-invitation.entity';

export const { Connection: PartnershipInvitationConnection } = connectionTypes(
  'PartnershipInvitation',
  PartnershipInvitation,
  'A page of partnership requests, oldest first.',
);

@ArgsType()
export class PartnershipInvitationListArgs extends PageArgs {
  @Field(() => PartnershipInvitationStatus, {
    nullable: true,
    description: 'Only requests in this status, e.g. PENDING for those awaiting an answer.',
  })
  status?: PartnershipInvitationStatus | null;
}
