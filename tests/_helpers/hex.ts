/**
 * Bytes as lower-case hex, as Python's `bytes.hex()` and `hashlib`'s
 * `hexdigest()` write them, for comparing with values Python computed.
 *
 * @module
 */

/** Lower-case hex of `bytes`, two digits a byte. */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** SHA-256 of `data` in hex. */
export async function sha256Hex(
  data: Uint8Array<ArrayBuffer>,
): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", data)));
}
