import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { PartnerVerificationTokenIndex1763710000000 } from './1763710000000-partner-verification-token-index';
import { PartnershipSuspensionCause1763720000000 } from './1763720000000-partnership-suspension-cause';
import { ExternalIdentity1763730000000 } from './1763730000000-external-identity';

/** Every migration, in order. Listed explicitly: no glob paths to go stale between src and dist. */
export const migrations = [
  InitialSchema1763700000000,
  PartnerVerificationTokenIndex1763710000000,
  PartnershipSuspensionCause1763720000000,
  ExternalIdentity1763730000000,
];
