/**
 * A synchronous raw-DEFLATE decoder (RFC 1951), for the inlined wasm.
 *
 * Inlined as plain base64, the wasm cost 10 KB more gzip than as a file; deflated first, it costs
 * what the file does. The hosts' own decoder (`DecompressionStream`) is asynchronous, and the
 * official SDK's constructor is synchronous (it throws a missing key at once), so the instance
 * must be creatable synchronously, in CommonJS too: hence this decoder, about 1 KB minified.
 * It decodes with canonical Huffman tables (counts per length and symbols in code order), a bit
 * at a time from a bit buffer: small, and fast enough for a 100 KB module (a few milliseconds,
 * once per process).
 */

interface Huffman {
  /** How many codes have each length, 0–15. */
  counts: Uint16Array;
  /** The symbols, ordered by code. */
  symbols: Uint16Array;
}

function huffman(lengths: ArrayLike<number>): Huffman {
  const counts = new Uint16Array(16);
  for (let i = 0; i < lengths.length; i++) counts[lengths[i]!]!++;
  const offsets = new Uint16Array(16);
  for (let length = 1; length < 15; length++) offsets[length + 1] = offsets[length]! + counts[length]!;
  const symbols = new Uint16Array(lengths.length);
  for (let symbol = 0; symbol < lengths.length; symbol++) if (lengths[symbol]) symbols[offsets[lengths[symbol]!]!++] = symbol;
  return { counts, symbols };
}

/** Base values and extra bits of the length (257–285) and distance (0–29) codes. */
function bases(count: number, extraOf: (i: number) => number, first: number): [Uint16Array, Uint8Array] {
  const base = new Uint16Array(count);
  const extra = new Uint8Array(count);
  for (let i = 0, value = first; i < count; value += 1 << extra[i]!, i++) {
    base[i] = value;
    extra[i] = extraOf(i);
  }
  return [base, extra];
}
const [LENGTH_BASE, LENGTH_EXTRA] = bases(29, (i) => (i < 8 ? 0 : (i - 4) >> 2), 3);
LENGTH_BASE[28] = 258; // code 285: the longest match, with no extra bits
LENGTH_EXTRA[28] = 0;
const [DISTANCE_BASE, DISTANCE_EXTRA] = bases(30, (i) => (i < 4 ? 0 : (i - 2) >> 1), 1);

/** The order in which a dynamic block sends its code-length code lengths. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Decodes `input` (raw DEFLATE) into exactly `size` bytes; throws on malformed input. */
export function inflate(input: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let at = 0; // bytes written
  let next = 0; // the next input byte to take into `buffer`
  let buffer = 0; // input bits taken but not used, the first in the lowest bit
  let count = 0; // how many

  /** Makes `buffer` hold at least `n` bits (past the input's end, zeros). */
  const need = (n: number): void => {
    for (; count < n; count += 8) buffer |= (input[next++] ?? 0) << count;
  };
  const bits = (n: number): number => {
    need(n);
    const value = buffer & ((1 << n) - 1);
    buffer >>>= n;
    count -= n;
    return value;
  };
  const decode = ({ counts, symbols }: Huffman): number => {
    // Canonical codes of each length are consecutive: walk the lengths, one bit at a time.
    need(15);
    let code = 0;
    let first = 0;
    let index = 0;
    for (let length = 1; length < 16; length++) {
      code |= buffer & 1;
      buffer >>>= 1;
      count--;
      const codes = counts[length]!;
      if (code - first < codes) return symbols[index + code - first]!;
      index += codes;
      first = (first + codes) << 1;
      code <<= 1;
    }
    throw new Error('inflate: bad code');
  };

  let last = 0;
  while (!last) {
    if (next > input.length + 2) throw new Error('inflate: truncated input');
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // Stored: byte-aligned LEN, NLEN, then LEN bytes as they are. Whole bytes still in
      // `buffer` go back to the input.
      const start = next - (count >> 3);
      buffer = count = 0;
      const length = input[start]! | (input[start + 1]! << 8);
      out.set(input.subarray(start + 4, start + 4 + length), at);
      at += length;
      next = start + 4 + length;
      continue;
    }
    let literals: Huffman;
    let distances: Huffman;
    if (type === 1) {
      const lengths = new Uint8Array(288).fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280);
      literals = huffman(lengths);
      distances = huffman(new Uint8Array(30).fill(5));
    } else if (type === 2) {
      const literalCount = bits(5) + 257;
      const distanceCount = bits(5) + 1;
      const codeLengthCount = bits(4) + 4;
      const codeLengthLengths = new Uint8Array(19);
      for (let i = 0; i < codeLengthCount; i++) codeLengthLengths[CODE_LENGTH_ORDER[i]!] = bits(3);
      const codeLengths = huffman(codeLengthLengths);
      const lengths = new Uint8Array(literalCount + distanceCount);
      for (let i = 0; i < lengths.length; ) {
        const symbol = decode(codeLengths);
        if (symbol < 16) {
          lengths[i++] = symbol;
          continue;
        }
        const [value, repeat] = symbol === 16 ? [lengths[i - 1]!, 3 + bits(2)] : symbol === 17 ? [0, 3 + bits(3)] : [0, 11 + bits(7)];
        lengths.fill(value, i, i + repeat);
        i += repeat;
      }
      literals = huffman(lengths.subarray(0, literalCount));
      distances = huffman(lengths.subarray(literalCount));
    } else {
      throw new Error('inflate: bad block type');
    }
    for (;;) {
      // Past the input, `bits` reads zeros: a corrupt stream must end, not spin.
      if (next > input.length + 2 || at > size) throw new Error('inflate: corrupt input');
      const symbol = decode(literals);
      if (symbol < 256) {
        out[at++] = symbol;
      } else if (symbol === 256) {
        break;
      } else {
        const code = symbol - 257;
        const length = LENGTH_BASE[code]! + bits(LENGTH_EXTRA[code]!);
        const distanceCode = decode(distances);
        const distance = DISTANCE_BASE[distanceCode]! + bits(DISTANCE_EXTRA[distanceCode]!);
        if (distance > at) throw new Error('inflate: distance too far back');
        for (let i = 0; i < length; i++, at++) out[at] = out[at - distance]!;
      }
    }
  }
  if (at !== size) throw new Error('inflate: wrong size');
  return out;
}
