// Godot 4.4+ resource pack (PCK format 3) writer and reader, written from the format facts in
// docs/engine-checks.md. All integers are little-endian.
//
// Header (104 bytes): "GDPC", u32 format version (3), u32 engine major/minor/patch, u32 flags,
// u64 file base, u64 directory offset, 16 reserved u32. File data starts at the file base (112:
// the header rounded up to 16), each file 16-byte aligned. Directory: u32 count, then per file
// u32 path length (padded to a multiple of 4 with NULs), the padded path (no "res://"), u64 offset
// from the file base, u64 size, 16-byte MD5, u32 flags.
import { createHash } from 'node:crypto';

/** Bytes "GDPC" read as a little-endian u32. */
export const PCK_MAGIC = 0x43504447;
/** Pack format written by Godot 4.4 and later. */
export const PCK_FORMAT_VERSION = 3;
/** Header flag: file offsets are relative to the file base. */
export const PACK_REL_FILEBASE = 2;
/** Size of the format 3 header. */
export const PCK_HEADER_SIZE = 104;
/** Alignment of the file base, each file's data and the directory. */
export const PCK_ALIGNMENT = 16;

/** One file of a pack as read back. */
export interface PckEntry {
  /** Path without `res://`, as stored (padding removed). */
  path: string;
  /** Offset of the data from the file base. */
  offset: number;
  size: number;
  /** MD5 of the data as stored, hex. */
  md5: string;
  flags: number;
  data: Uint8Array;
}

/** A pack as read back by {@link readPck}. */
export interface PckContents {
  formatVersion: number;
  engine: [number, number, number];
  flags: number;
  fileBase: number;
  directoryOffset: number;
  /** Length of each directory path field (padding included), in directory order. */
  pathFieldLengths: number[];
  entries: PckEntry[];
}

/** Options of {@link writePck}. */
export interface PckOptions {
  /** Engine version written in the header; default 4.6.0. */
  engine?: [number, number, number];
}

const align = (n: number, to: number): number => Math.ceil(n / to) * to;

/** Strips an optional `res://` prefix: the pack stores paths without it. */
function packPath(path: string): string {
  return path.startsWith('res://') ? path.slice('res://'.length) : path;
}

/**
 * Builds a PCK (format 3) holding `files` (path → text or bytes; paths with or without
 * `res://`). Files are stored in the given order; text is UTF-8.
 */
export function writePck(
  files: Record<string, string | Uint8Array>,
  options: PckOptions = {},
): Uint8Array {
  const encoder = new TextEncoder();
  const items = Object.entries(files).map(([path, content]) => ({
    path: encoder.encode(packPath(path)),
    data: typeof content === 'string' ? encoder.encode(content) : content,
  }));
  const fileBase = align(PCK_HEADER_SIZE, PCK_ALIGNMENT);
  const offsets: number[] = [];
  let cursor = 0;
  for (const item of items) {
    offsets.push(cursor);
    cursor = align(cursor + item.data.length, PCK_ALIGNMENT);
  }
  const directoryOffset = fileBase + cursor;
  let directorySize = 4;
  for (const item of items) directorySize += 4 + align(item.path.length, 4) + 8 + 8 + 16 + 4;

  const out = new Uint8Array(directoryOffset + directorySize);
  const view = new DataView(out.buffer);
  const [major, minor, patch] = options.engine ?? [4, 6, 0];
  view.setUint32(0, PCK_MAGIC, true);
  view.setUint32(4, PCK_FORMAT_VERSION, true);
  view.setUint32(8, major, true);
  view.setUint32(12, minor, true);
  view.setUint32(16, patch, true);
  view.setUint32(20, PACK_REL_FILEBASE, true);
  view.setBigUint64(24, BigInt(fileBase), true);
  view.setBigUint64(32, BigInt(directoryOffset), true);
  // 40..103: 16 reserved u32, already zero.

  items.forEach((item, i) => {
    out.set(item.data, fileBase + offsets[i]!);
  });

  let p = directoryOffset;
  view.setUint32(p, items.length, true);
  p += 4;
  items.forEach((item, i) => {
    const padded = align(item.path.length, 4);
    view.setUint32(p, padded, true);
    out.set(item.path, p + 4); // NUL padding is already zero
    p += 4 + padded;
    view.setBigUint64(p, BigInt(offsets[i]!), true);
    view.setBigUint64(p + 8, BigInt(item.data.length), true);
    out.set(createHash('md5').update(item.data).digest(), p + 16);
    view.setUint32(p + 32, 0, true);
    p += 36;
  });
  return out;
}

/** Reads a PCK (format 3) back; throws on anything it does not understand. Test use only. */
export function readPck(bytes: Uint8Array): PckContents {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < PCK_HEADER_SIZE || view.getUint32(0, true) !== PCK_MAGIC) {
    throw new RangeError('not a PCK: bad magic');
  }
  const formatVersion = view.getUint32(4, true);
  const engine: [number, number, number] = [
    view.getUint32(8, true),
    view.getUint32(12, true),
    view.getUint32(16, true),
  ];
  const flags = view.getUint32(20, true);
  const fileBase = Number(view.getBigUint64(24, true));
  const directoryOffset = Number(view.getBigUint64(32, true));
  const base = flags & PACK_REL_FILEBASE ? fileBase : 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let p = directoryOffset;
  const count = view.getUint32(p, true);
  p += 4;
  const entries: PckEntry[] = [];
  const pathFieldLengths: number[] = [];
  for (let i = 0; i < count; i++) {
    const length = view.getUint32(p, true);
    pathFieldLengths.push(length);
    const raw = bytes.subarray(p + 4, p + 4 + length);
    const end = raw.indexOf(0);
    const path = decoder.decode(end === -1 ? raw : raw.subarray(0, end));
    p += 4 + length;
    const offset = Number(view.getBigUint64(p, true));
    const size = Number(view.getBigUint64(p + 8, true));
    const md5 = Buffer.from(bytes.subarray(p + 16, p + 32)).toString('hex');
    const entryFlags = view.getUint32(p + 32, true);
    p += 36;
    if (base + offset + size > bytes.length) throw new RangeError(`file ${path} runs past the end`);
    const data = bytes.subarray(base + offset, base + offset + size);
    entries.push({ path, offset, size, md5, flags: entryFlags, data });
  }
  return { formatVersion, engine, flags, fileBase, directoryOffset, pathFieldLengths, entries };
}
