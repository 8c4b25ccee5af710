/** The soak's GraphQL documents: the reads a portal makes and the writes it sends. */

const SUB = 'id quantity status version';

export const READS = {
  viewer: `query Viewer { viewer { roles user { id email } organization { id name } } }`,
  nested: `query Nested { customers(first: 10) { nodes { id name
    subscriptions(first: 5) { nodes { id quantity status offer { id name } } } } } }`,
  node: `query Node($id: ID!) { node(id: $id) { __typename id ... on Subscription { ${SUB}
    customer { id name } offer { id name minQuantity maxQuantity } } } }`,
  directory: `query Directory { providerDirectory(first: 20) { nodes { providerId name
    country { code } authorizedRegions { code } } } }`,
  orders: `query Orders { orders(first: 10) { nodes { id idempotencyKey } } }`,
};

export const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) {
    order { id idempotencyKey }
    subscriptions { ${SUB} offer { id minQuantity maxQuantity } }
    userErrors { code field message }
  }
}`;

export const ADD_CUSTOMER = `mutation AddCustomer($input: AddCustomerInput!) {
  addCustomer(input: $input) {
    customer { id name }
    userErrors { code field message }
  }
}`;

const subscriptionMutation = (name: string, input: string) => `mutation($input: ${input}!) {
  ${name}(input: $input) { subscription { ${SUB} } userErrors { code field message } }
}`;

export const CHANGE_QUANTITY = subscriptionMutation(
  'changeSubscriptionQuantity',
  'ChangeSubscriptionQuantityInput',
);
export const SUSPEND = subscriptionMutation('suspendSubscription', 'SuspendSubscriptionInput');
export const REACTIVATE = subscriptionMutation(
  'reactivateSubscription',
  'ReactivateSubscriptionInput',
);
