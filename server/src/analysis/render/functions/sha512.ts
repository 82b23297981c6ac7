/**
 * SHA-512 (FIPS 180-4) for Sprig's `sha512sum`, on 64-bit words held as bigint. The constants
 * are derived as the standard defines them (the fractional bits of square and cube roots of the
 * first primes) instead of being listed.
 */
const mask = (1n << 64n) - 1n;

/** The integer n-th root of x (Newton's method from above). */
function integerRoot(x: bigint, n: bigint): bigint {
  let r = 1n << (BigInt(x.toString(2).length) / n + 1n);
  for (;;) {
    const next = ((n - 1n) * r + x / r ** (n - 1n)) / n;
    if (next >= r) return r;
    r = next;
  }
}

function primes(count: number): bigint[] {
  const out: bigint[] = [];
  for (let n = 2; out.length < count; n++) if (out.every((p) => n % Number(p) !== 0)) out.push(BigInt(n));
  return out;
}

/** The first 64 fractional bits of the n-th root of p. */
const fractionBits = (p: bigint, n: bigint) => integerRoot(p << (64n * n), n) & mask;

const roundPrimes = primes(80);
const roundConstants = roundPrimes.map((p) => fractionBits(p, 3n));
const initialHash = roundPrimes.slice(0, 8).map((p) => fractionBits(p, 2n));

const rotr = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & mask;

export function sha512(bytes: Uint8Array): Uint8Array {
  const k = roundConstants;
  const length = Math.ceil((bytes.length + 17) / 128) * 128;
  const padded = new Uint8Array(length);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setBigUint64(length - 8, BigInt(bytes.length) * 8n);
  const h = [...initialHash];
  const w: bigint[] = new Array(80);
  for (let offset = 0; offset < length; offset += 128) {
    for (let i = 0; i < 16; i++) w[i] = view.getBigUint64(offset + i * 8);
    for (let i = 16; i < 80; i++) {
      const s0 = rotr(w[i - 15], 1n) ^ rotr(w[i - 15], 8n) ^ (w[i - 15] >> 7n);
      const s1 = rotr(w[i - 2], 19n) ^ rotr(w[i - 2], 61n) ^ (w[i - 2] >> 6n);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) & mask;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 80; i++) {
      const t1 = (hh + (rotr(e, 14n) ^ rotr(e, 18n) ^ rotr(e, 41n)) + ((e & f) ^ (~e & mask & g)) + k[i] + w[i]) & mask;
      const t2 = ((rotr(a, 28n) ^ rotr(a, 34n) ^ rotr(a, 39n)) + ((a & b) ^ (a & c) ^ (b & c))) & mask;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) & mask, c, b, a, (t1 + t2) & mask];
    }
    [a, b, c, d, e, f, g, hh].forEach((v, i) => (h[i] = (h[i] + v) & mask));
  }
  const out = new Uint8Array(64);
  const outView = new DataView(out.buffer);
  h.forEach((v, i) => outView.setBigUint64(i * 8, v));
  return out;
}
