// Identifiers made on this device: UUIDv7 (RFC 9562) for notebooks and entries, so ids sort by
// creation time and index well, and a random UUID for this profile's sync client id.
//
// UUIDv7 layout: 48-bit Unix time in ms | version 7 | 12-bit counter | variant | 62 random bits.
// The counter (method 1 of RFC 9562 §6.2) keeps ids made in the same millisecond in order; it
// starts at a random value below 2^11 each millisecond, and on overflow time moves on by 1 ms.

let lastMs = -1;
let counter = 0;

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return bytes;
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`;
}

/** A time-ordered UUID: later calls in this context always sort after earlier ones. */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  let ms = Math.floor(now);
  if (ms > lastMs) {
    counter = ((bytes[6]! << 8) | bytes[7]!) & 0x7ff;
  } else {
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      ms += 1;
      counter = ((bytes[6]! << 8) | bytes[7]!) & 0x7ff;
    }
  }
  lastMs = ms;
  // 48-bit big-endian timestamp; JavaScript numbers hold it exactly.
  const high = Math.floor(ms / 2 ** 16);
  bytes[0] = (high >>> 24) & 0xff;
  bytes[1] = (high >>> 16) & 0xff;
  bytes[2] = (high >>> 8) & 0xff;
  bytes[3] = high & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | (counter >>> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  return hex(bytes);
}

/** The millisecond timestamp inside a UUIDv7. */
export function uuidv7Time(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

/** A random (version 4) UUID. */
export function randomUuid(): string {
  const bytes = randomBytes(16);
  bytes[6] = 0x40 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  return hex(bytes);
}
