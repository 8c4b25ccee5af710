import type { Caller, GroundTruth, ProbeObject } from './ground-truth';

/**
 * How to aim one mutation at objects of other organizations. The follow-up issue registers one
 * per mutation that takes an ID; the probe then sends it, for every caller, with the IDs the
 * caller may not see, and expects the answer an unknown ID gets (`userErrors` NOT_FOUND, or a
 * top-level FORBIDDEN for a role that may not call it) with nothing written and nothing of the
 * foreign object in the response.
 */
export interface MutationProbe {
  /** The Mutation field. */
  mutation: string;
  /** Which foreign objects to aim at (e.g. customers for `placeOrder`). */
  targets(truth: GroundTruth, caller: Caller): ProbeObject[];
  /** The operation and its variables for one target. */
  request(target: ProbeObject): { query: string; variables: Record<string, unknown> };
}

/** Mutations that take no ID of another organization and need no probe. */
export const MUTATIONS_WITHOUT_FOREIGN_IDS = new Set(['acceptPartnerAgreement']);

export const mutationProbes: MutationProbe[] = [];
