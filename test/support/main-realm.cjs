'use strict';

/**
 * Objects made inside a Jest test live in the test's VM realm, so libraries loaded with Node's
 * own require (oidc-provider, see test-idp.ts) do not see them as plain objects. This file is
 * loaded the same way: its copies are plain objects of the main realm. Functions are kept.
 */
function copy(value) {
  if (Array.isArray(value)) return value.map(copy);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [key, item] of Object.entries(value)) out[key] = copy(item);
    return out;
  }
  return value;
}

module.exports = { copy };
