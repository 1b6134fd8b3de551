/**
 * A file format for data that is mostly typed arrays: a JSON header, then each typed array's raw bytes. Reading
 * it is one read and one small JSON.parse; the arrays are views on the bytes read, never decoded, so a
 * 100,000-sentence index loads in a fraction of the time JSON with base64 took (and without its copies in memory).
 *
 * Layout: `PKBSNAP3` (8 bytes); a small `meta` JSON (its byte length as uint32, little endian, then the UTF-8) that
 * a reader can check before anything else is parsed (whether the file is still valid at all); the header's byte
 * length and the header (UTF-16LE JSON: `{ arrays: [{ path, type: "i32" | "u16" | "u8", length }], value }`, each
 * typed array of the value replaced by null and listed with its path); padding to 8; then the arrays' bytes in
 * order, each starting at a multiple of 8. Byte order is the machine's (little endian on every machine Node runs on
 * here); a file from elsewhere fails the length checks and is rebuilt.
 */
const MAGIC = Buffer.from("PKBSNAP3");
const TYPES = { i32: Int32Array, u16: Uint16Array, u8: Uint8Array } as const;
type TypeName = keyof typeof TYPES;

/** Data in the file cannot be read: truncated, another format, or a header that does not fit. */
export class SnapshotFileError extends Error {
  constructor(
    message: string,
    /** Written by another version of this format: expected after an upgrade, not a fault. */
    readonly otherVersion = false,
  ) {
    super(message);
  }
}

export function encodeSnapshotFile(value: unknown, meta: unknown = {}): Buffer {
  // The arrays are taken out of the value by path, so that reading needs a plain JSON.parse (a reviver, called
  // for every one of a million values, would cost more than the parse) and then one assignment per array.
  const arrays: Array<{ path: Array<string | number>; array: ArrayBufferView; type: TypeName }> = [];
  const strip = (v: unknown, path: Array<string | number>): unknown => {
    const type = typeName(v);
    if (type) {
      arrays.push({ path, array: v as ArrayBufferView, type });
      return null;
    }
    if (Array.isArray(v)) return v.some(isContainer) ? v.map((x, i) => strip(x, [...path, i])) : v;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x, [...path, k])]));
    }
    return v;
  };
  const body = strip(value, []);
  const table = arrays.map(({ path, array, type }) => ({ path, type, length: (array as Int32Array).length }));
  // UTF-16: the header is mostly Chinese text, which UTF-16 stores in 2 bytes rather than 3 and which decodes
  // nearly as a copy — a tenth of the time UTF-8 takes for the tens of megabytes of a large knowledge base.
  const header = Buffer.from(JSON.stringify({ arrays: table, value: body }), "utf16le");
  const metaBytes = Buffer.from(JSON.stringify(meta));
  const parts: Buffer[] = [MAGIC, uint32(metaBytes.byteLength), metaBytes, uint32(header.byteLength), header];
  let offset = MAGIC.byteLength + 4 + metaBytes.byteLength + 4 + header.byteLength;
  const pad = () => {
    const n = (8 - (offset % 8)) % 8;
    if (n > 0) parts.push(Buffer.alloc(n));
    offset += n;
  };
  pad();
  for (const { array } of arrays) {
    parts.push(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
    offset += array.byteLength;
    pad();
  }
  return Buffer.concat(parts);
}

/** The small JSON written beside the data, read without parsing the rest. */
export function readSnapshotMeta(bytes: Buffer): unknown {
  const { meta } = sections(bytes);
  return JSON.parse(bytes.toString("utf8", meta.start, meta.end));
}

/** Where the meta and the header are; throws when the file is not one of these or is cut short. */
function sections(bytes: Buffer): {
  meta: { start: number; end: number };
  header: { start: number; end: number };
} {
  if (bytes.byteLength < 16 || !bytes.subarray(0, 8).equals(MAGIC)) {
    const older = bytes.subarray(0, 7).equals(MAGIC.subarray(0, 7));
    throw new SnapshotFileError(older ? "a snapshot file of another version" : "not a snapshot file", older);
  }
  const metaEnd = 12 + bytes.readUInt32LE(8);
  if (metaEnd + 4 > bytes.byteLength) throw new SnapshotFileError("truncated meta");
  const headerEnd = metaEnd + 4 + bytes.readUInt32LE(metaEnd);
  if (headerEnd > bytes.byteLength) throw new SnapshotFileError("truncated header");
  return { meta: { start: 12, end: metaEnd }, header: { start: metaEnd + 4, end: headerEnd } };
}

export function decodeSnapshotFile(bytes: Buffer): unknown {
  const { header: at } = sections(bytes);
  const headerLength = at.end - at.start;
  const header = JSON.parse(bytes.toString("utf16le", at.start, at.end)) as {
    arrays?: Array<{ path: Array<string | number>; type: TypeName; length: number }>;
    value: unknown;
  };
  if (!Array.isArray(header.arrays)) throw new SnapshotFileError("no array table");
  const root = { value: header.value };
  let offset = align(at.start + headerLength);
  for (const { path, type, length } of header.arrays) {
    const Type = TYPES[type];
    if (!Type || !Array.isArray(path) || !Number.isSafeInteger(length))
      throw new SnapshotFileError("bad array table");
    const byteLength = length * Type.BYTES_PER_ELEMENT;
    if (offset + byteLength > bytes.byteLength) throw new SnapshotFileError("truncated data");
    // A view when the bytes are aligned for the type (they are, in a buffer of its own); else a copy.
    const start = bytes.byteOffset + offset;
    const array =
      start % Type.BYTES_PER_ELEMENT === 0
        ? new Type(bytes.buffer as ArrayBuffer, start, length)
        : new Type(Uint8Array.from(bytes.subarray(offset, offset + byteLength)).buffer as ArrayBuffer);
    setAt(root, ["value", ...path], array);
    offset = align(offset + byteLength);
  }
  return root.value;
}

function isContainer(v: unknown): boolean {
  return typeof v === "object" && v !== null;
}

function setAt(root: object, path: Array<string | number>, value: unknown): void {
  let holder = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = holder[key];
    if (!next || typeof next !== "object") throw new SnapshotFileError("array table does not fit the header");
    holder = next as Record<string | number, unknown>;
  }
  holder[path[path.length - 1] as string | number] = value;
}

function typeName(v: unknown): TypeName | undefined {
  if (v instanceof Int32Array) return "i32";
  if (v instanceof Uint16Array) return "u16";
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return "u8";
  return undefined;
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function align(n: number): number {
  return n + ((8 - (n % 8)) % 8);
}
