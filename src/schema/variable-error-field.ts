/**
 * bad input names its field. Values that GraphQL itself refuses while coercing variables
 * (an Int past 2^31, a null for a required field, a missing field, an unknown enum value) come
 * back from graphql-js as BAD_USER_INPUT with the path only inside the message, e.g.
 * `Variable "$input" got invalid value 2147483648 at "input.lines[0].quantity"; ...`. This reads
 * that path into the same `input.lines.0.quantity` form that validation errors use.
 */
export function fieldOfVariableError(message: string): string | undefined {
  const variable = /^Variable "\$(\w+)"/.exec(message);
  if (!variable) return undefined;
  const at = / at "([^"]+)"/.exec(message)?.[1] ?? variable[1];
  const missing = /Field "(\w+)" of required type "[^"]+" was not provided/.exec(message)?.[1];
  const unknown = /Field "(\w+)" is not defined by type/.exec(message)?.[1];
  const path = [at, missing ?? unknown].filter(Boolean).join('.');
  return path.replace(/\[(\d+)\]/g, '.$1');
}
