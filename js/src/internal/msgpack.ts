/**
 * MessagePack for request bodies (`Content-Type: application/vnd.msgpack`), encoded from the
 * body's JSON text, so the server gets exactly what the JSON says: `JSON.parse` gives the values
 * (the text came from `JSON.stringify`, so its numbers are JS numbers, and parsing them back is
 * exact), and each is written as the smallest MessagePack form that holds it: safe integers as
 * ints, other numbers as float64, strings as UTF-8 str, arrays and objects as array and map.
 */

const encoder = new TextEncoder();

class Writer {
  bytes: Uint8Array<ArrayBuffer>;
  view: DataView;
  at = 0;

  /** `size`: a first guess (MessagePack is seldom larger than the JSON it comes from). */
  constructor(size: number) {
    this.bytes = new Uint8Array(Math.max(size, 64));
    this.view = new DataView(this.bytes.buffer);
  }

  room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.at + n));
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  byte(value: number): void {
    this.room(1);
    this.bytes[this.at++] = value;
  }

  /** A type byte, then `length` in 1, 2 or 4 bytes (for str, array and map headers). */
  header(small: number | undefined, smallLimit: number, byte8: number | undefined, byte16: number, byte32: number, length: number): void {
    if (small !== undefined && length < smallLimit) return this.byte(small | length);
    this.room(5);
    if (byte8 !== undefined && length < 0x100) {
      this.bytes[this.at++] = byte8;
      this.bytes[this.at++] = length;
    } else if (length < 0x10000) {
      this.bytes[this.at++] = byte16;
      this.view.setUint16(this.at, length);
      this.at += 2;
    } else {
      this.bytes[this.at++] = byte32;
      this.view.setUint32(this.at, length);
      this.at += 4;
    }
  }
}

function write(out: Writer, value: unknown): void {
  if (value === null) return out.byte(0xc0);
  if (value === false) return out.byte(0xc2);
  if (value === true) return out.byte(0xc3);
  if (typeof value === 'number') return number(out, value);
  if (typeof value === 'string') {
    // UTF-8 cannot carry a lone surrogate (TextEncoder would quietly write U+FFFD): refused.
    if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) throw new Error('a string holds a lone surrogate, which MessagePack (UTF-8) cannot carry');
    const bytes = encoder.encode(value);
    out.header(0xa0, 32, 0xd9, 0xda, 0xdb, bytes.length);
    out.room(bytes.length);
    out.bytes.set(bytes, out.at);
    out.at += bytes.length;
    return;
  }
  if (Array.isArray(value)) {
    out.header(0x90, 16, undefined, 0xdc, 0xdd, value.length);
    for (const item of value) write(out, item);
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  out.header(0x80, 16, undefined, 0xde, 0xdf, entries.length);
  for (const [key, item] of entries) {
    write(out, key);
    write(out, item);
  }
}

function number(out: Writer, value: number): void {
  out.room(9);
  const { bytes, view } = out;
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
    if (value >= 0 && value < 0x80) return void (bytes[out.at++] = value);
    if (value < 0 && value >= -32) return void (bytes[out.at++] = 0xe0 | (value + 32));
    if (value >= 0) {
      if (value < 0x100) return void ((bytes[out.at++] = 0xcc), (bytes[out.at++] = value));
      if (value < 0x10000) return void ((bytes[out.at++] = 0xcd), view.setUint16(out.at, value), (out.at += 2));
      if (value < 0x100000000) return void ((bytes[out.at++] = 0xce), view.setUint32(out.at, value), (out.at += 4));
      bytes[out.at++] = 0xcf;
      view.setBigUint64(out.at, BigInt(value));
      out.at += 8;
      return;
    }
    if (value >= -0x80) return void ((bytes[out.at++] = 0xd0), view.setInt8(out.at, value), (out.at += 1));
    if (value >= -0x8000) return void ((bytes[out.at++] = 0xd1), view.setInt16(out.at, value), (out.at += 2));
    if (value >= -0x80000000) return void ((bytes[out.at++] = 0xd2), view.setInt32(out.at, value), (out.at += 4));
    bytes[out.at++] = 0xd3;
    view.setBigInt64(out.at, BigInt(value));
    out.at += 8;
    return;
  }
  bytes[out.at++] = 0xcb;
  view.setFloat64(out.at, value);
  out.at += 8;
}

/** The MessagePack encoding of the JSON `text`. */
export function msgpackFromJson(text: string): Uint8Array<ArrayBuffer> {
  const out = new Writer(text.length + 16);
  write(out, JSON.parse(text));
  return out.bytes.slice(0, out.at);
}
