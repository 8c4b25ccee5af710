import { globalId } from './controls/common';
import type { Channel } from './generate';

/**
 * The benchmark's operations. Every variant receives exactly these bodies; the controls B and C
 * dispatch on `operationName` (B) or execute the document (C).
 */
export const Q1 = `query Q1($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Subscription {
      friendlyName
      quantity
      status
      version
      customer { id name }
      offer { id name productFamily }
    }
  }
}`;

export const Q2 = `query Q2($resellers: Int!, $customers: Int!, $subscriptions: Int!) {
  indirectResellers(first: $resellers) {
    edges {
      cursor
      node {
        id
        name
        customers(first: $customers) {
          nodes {
            id
            name
            subscriptions(first: $subscriptions) {
              nodes { id quantity status offer { id name } }
            }
          }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const Q3 = `mutation Q3($input: ChangeSubscriptionQuantityInput!) {
  changeSubscriptionQuantity(input: $input) {
    subscription { id quantity version }
    userErrors { code field message }
  }
}`;

export const Q4 = `query Q4($country: String, $name: String) {
  providerDirectory(first: 20, servesCountryCode: $country, name: $name) {
    edges {
      cursor
      node {
        providerId
        name
        country { code name }
        profile { summary website offersTechnicalTraining offersMarketingHelp offersFinancing contact { name email } }
        authorizedRegions { code name }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export type QueryName = 'Q1' | 'Q2' | 'Q3' | 'Q4';

export interface BenchQuery {
  /** Label in the results: `Q2`, or `Q2@10k` for the scaling runs. */
  label: string;
  name: QueryName;
  body: { query: string; operationName: string; variables: Record<string, unknown> };
  /** Sent without a token (the public directory). */
  anonymous?: boolean;
  /** A write: the runner rotates subscriptions and versions instead of repeating one body. */
  mutation?: boolean;
  scaling?: boolean;
}

/** Q2's page sizes for about 100, 1,000 and 10,000 nodes with the default channel. */
export const Q2_SIZES: Record<
  string,
  { resellers: number; customers: number; subscriptions: number }
> = {
  '100': { resellers: 4, customers: 6, subscriptions: 2 },
  '1k': { resellers: 10, customers: 12, subscriptions: 3 },
  '10k': { resellers: 100, customers: 100, subscriptions: 3 },
};

export function benchQueries(channel: Channel): BenchQuery[] {
  const q2 = (label: string, sizeKey: string, scaling: boolean): BenchQuery => ({
    label,
    name: 'Q2',
    body: { query: Q2, operationName: 'Q2', variables: { ...Q2_SIZES[sizeKey] } },
    scaling,
  });
  return [
    {
      label: 'Q1',
      name: 'Q1',
      body: {
        query: Q1,
        operationName: 'Q1',
        variables: { id: globalId('Subscription', channel.sampleSubscriptionId) },
      },
    },
    q2('Q2', '1k', false),
    {
      label: 'Q3',
      name: 'Q3',
      mutation: true,
      body: {
        query: Q3,
        operationName: 'Q3',
        variables: {
          input: {
            subscriptionId: globalId('Subscription', channel.mutableSubscriptionIds[0]),
            quantity: 10,
            version: 1,
          },
        },
      },
    },
    {
      label: 'Q4',
      name: 'Q4',
      anonymous: true,
      body: { query: Q4, operationName: 'Q4', variables: { country: 'FR', name: 'dist' } },
    },
    q2('Q2@100', '100', true),
    q2('Q2@10k', '10k', true),
  ];
}

/** Objects with an `id` (or `providerId`) in a response: the `nodes` column. */
export function countNodes(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countNodes(v), 0);
  if (value === null || typeof value !== 'object') return 0;
  let n = 'id' in value || 'providerId' in value ? 1 : 0;
  for (const v of Object.values(value)) n += countNodes(v);
  return n;
}
