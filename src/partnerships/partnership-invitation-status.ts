import { registerEnumType } from 'type-graphql';
import type { PartnershipInvitation } from './partnership-invitation.entity';
import { PartnershipState } from './partnership-state';

/** Derived from the invitation's dates and its partnership's state; never stored. */
export enum PartnershipInvitationStatus {
  PENDING = 'PENDING',
  USED = 'USED',
  EXPIRED = 'EXPIRED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(PartnershipInvitationStatus, {
  name: 'PartnershipInvitationStatus',
  description:
    'Where a partnership request link stands (R-10, R-11), derived from its dates and its partnership.',
  valuesConfig: {
    PENDING: {
      description: 'Not used, not expired, the request still stands: the reseller can accept it.',
    },
    USED: { description: 'The reseller accepted with this link (a link works once).' },
    EXPIRED: {
      description: 'Not used within 30 days; the provider may send a new request (R-10).',
    },
    WITHDRAWN: {
      description: 'Not used, and the partnership was ended (withdrawn or declined) before.',
    },
  },
});

export function invitationStatus(
  invitation: Pick<PartnershipInvitation, 'usedAt' | 'expiresAt'>,
  partnershipState: PartnershipState,
  now: Date,
): PartnershipInvitationStatus {
  if (invitation.usedAt) return PartnershipInvitationStatus.USED;
  if (partnershipState === PartnershipState.REVOKED) return PartnershipInvitationStatus.WITHDRAWN;
  if (invitation.expiresAt.getTime() <= now.getTime()) return PartnershipInvitationStatus.EXPIRED;
  return PartnershipInvitationStatus.PENDING;
}

/** A request that still stands: the reseller can accept it, and the pair has no room for another. */
export function isPendingInvitation(
  invitation: Pick<PartnershipInvitation, 'usedAt' | 'expiresAt'>,
  partnershipState: PartnershipState,
  now: Date,
): boolean {
  return (
    partnershipState === PartnershipState.INVITED &&
    invitationStatus(invitation, partnershipState, now) === PartnershipInvitationStatus.PENDING
  );
}
