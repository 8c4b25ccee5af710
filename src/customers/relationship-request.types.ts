import { ArgsType, Field, ObjectType } from 'type-graphql';
import { connectionTypes } from '../core/connection';
import { PageArgs } from '../core/pagination';
import {
  RelationshipRequest,
  RelationshipRequestKind,
  RelationshipRequestStatus,
} from './relationship-request.entity';

export const { Connection: RelationshipRequestConnection } = connectionTypes(
  'RelationshipRequest',
  RelationshipRequest,
  'A page of customer invitations and relationship requests, oldest first.',
);

@ArgsType()
export class RelationshipRequestListArgs extends PageArgs {
  @Field(() => RelationshipRequestKind, {
    nullable: true,
    description: 'Only invitations (R-19) or only relationship requests (R-20).',
  })
  kind?: RelationshipRequestKind | null;

  @Field(() => RelationshipRequestStatus, {
    nullable: true,
    description:
      'Only requests in this status; a PENDING request past its expiry counts as EXPIRED.',
  })
  status?: RelationshipRequestStatus | null;
}

@ObjectType('RelationshipRequestPreview', {
  description:
    'What an emailed link asks, shown to the customer admin who opened it before it consents (R-19, R-20).',
  simpleResolvers: true,
})
export class RelationshipRequestPreview {
  @Field(() => RelationshipRequestKind, { description: 'Invitation (R-19) or request (R-20).' })
  kind: RelationshipRequestKind;

  @Field({ description: 'Name of the partner asking (the reseller of an invitation).' })
  partnerName: string;

  @Field(() => String, {
    nullable: true,
    description: 'R-19: name of the indirect provider authorized together with the reseller.',
  })
  indirectProviderName: string | null;

  @Field({ description: 'A reseller relationship is asked for.' })
  resellerRelationship: boolean;

  @Field({ description: 'Delegated admin privileges are asked for.' })
  delegatedAdmin: boolean;

  @Field({ description: "The partner's message." })
  message: string;

  @Field({ description: 'When the link stops working.' })
  expiresAt: Date;
}
