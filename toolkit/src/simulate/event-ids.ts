/** Two hex digits per byte value. */
const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * The id of the simulator's `n`th event: 32 hex digits, as upstream's (a random UUID without
 * dashes), but deterministic. Different `n` below 2^32 give different ids: the first 8 digits are a
 * bijection of `n`.
 */
export function eventId(n: number): string {
  let id = '';
  for (let i = 1; i <= 4; i++) {
    // A murmur-style finaliser spreads consecutive counters over the whole id.
    let x = Math.imul(n ^ Math.imul(i, 0x9e3779b9), 0x85ebca6b);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae35);
    x ^= x >>> 16;
    id += HEX_BYTES[x >>> 24] + HEX_BYTES[(x >>> 16) & 0xff] + HEX_BYTES[(x >>> 8) & 0xff] + HEX_BYTES[x & 0xff];
  }
  return id;
}
