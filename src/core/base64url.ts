const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url (no padding) of an ASCII string, without a Buffer. */
function encodeAscii(text: string): string {
  let out = '';
  let i = 0;
  for (; i + 2 < text.length; i += 3) {
    const v = (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8) | text.charCodeAt(i + 2);
    out +=
      ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + ALPHABET[v & 63];
  }
  if (text.length - i === 1) {
    const v = text.charCodeAt(i) << 16;
    out += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63];
  } else if (text.length - i === 2) {
    const v = (text.charCodeAt(i) << 16) | (text.charCodeAt(i + 1) << 8);
    out += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63];
  }
  return out;
}

/**
 * An encoder of `Buffer.from(prefix + key).toString('base64url')` for an ASCII prefix (a type
 * name and a colon) and integer keys: the whole 3-byte groups of the prefix are encoded once,
 * so only the last few characters are computed per call. Global IDs and cursors are encoded for
 * every node and edge of a page; through a Buffer they were 3% of a nested query's CPU.
 */
export function prefixedBase64url(prefix: string): (key: number) => string {
  const cut = prefix.length - (prefix.length % 3);
  const head = encodeAscii(prefix.slice(0, cut));
  const rest = prefix.slice(cut);
  return (key) => head + encodeAscii(rest + key);
}
