/**
 * CRC-32C (Castagnoli), the checksum of TFRecord framing, with TF's masking
 * (`tensorflow/core/lib/hash/crc32c.h`).
 *
 * @packageDocumentation
 */

/** Reflected Castagnoli polynomial. */
const POLY = 0x82f63b78;

/**
 * Slicing-by-8 tables: TABLES[k][b] is the CRC of byte b followed by k zero
 * bytes, so the main loop folds 8 input bytes per step with 8 lookups.
 */
const TABLES: Uint32Array[] = (() => {
  const t = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let b = 0; b < 256; b++) {
    let c = b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[0][b] = c >>> 0;
  }
  for (let b = 0; b < 256; b++) {
    for (let k = 1; k < 8; k++) t[k][b] = (t[0][t[k - 1][b] & 0xff] ^ (t[k - 1][b] >>> 8)) >>> 0;
  }
  return t;
})();

/**
 * Extends `crc` (the CRC-32C of some prefix) with `data`, as TF's
 * `crc32c::Extend`. `crc32cExtend(0, data)` is the CRC-32C of `data`.
 */
export function crc32cExtend(crc: number, data: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES;
  let c = ~crc >>> 0;
  let i = 0;
  const n = data.length;
  for (const end8 = n - (n % 8); i < end8; i += 8) {
    const lo = (c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24))) >>> 0;
    c =
      t7[lo & 0xff] ^ t6[(lo >>> 8) & 0xff] ^ t5[(lo >>> 16) & 0xff] ^ t4[lo >>> 24] ^
      t3[data[i + 4]] ^ t2[data[i + 5]] ^ t1[data[i + 6]] ^ t0[data[i + 7]];
  }
  for (; i < n; i++) c = t0[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** The CRC-32C of `data` (unsigned 32-bit). */
export function crc32c(data: Uint8Array): number {
  return crc32cExtend(0, data);
}

const MASK_DELTA = 0xa282ead8;

/**
 * TF's `crc32c::Mask`: rotates right by 15 bits and adds a constant, because
 * a CRC stored next to the data it covers makes CRCs of CRCs degenerate.
 */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

/** The inverse of {@link maskCrc}. */
export function unmaskCrc(masked: number): number {
  const rot = (masked - MASK_DELTA) >>> 0;
  return ((rot >>> 17) | (rot << 15)) >>> 0;
}

/** `maskCrc(crc32c(data))`: what a TFRecord stores. */
export function maskedCrc32c(data: Uint8Array): number {
  return maskCrc(crc32c(data));
}
