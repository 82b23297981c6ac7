/**
 * Reading a gzip-compressed tar archive (a packaged chart, `charts/db-1.2.3.tgz`) into memory
 * with Node's zlib. Only what chart archives hold is understood: regular files, folders,
 * PAX extended headers and GNU long names (both carry paths longer than 100 bytes); links
 * and devices are skipped. A damaged archive gives an error message, never a throw.
 */
import type * as Zlib from 'zlib';

/**
 * Node's zlib, loaded when an archive is first read: most charts hold none, and loading it at
 * start-up cost the language server 4-5 ms of its main thread before the first diagnostics
 * (bench/README.md, "Reading section 4").
 */
let zlibModule: typeof Zlib | undefined;
function zlib(): typeof Zlib {
  return (zlibModule ??= require('zlib') as typeof Zlib);
}

export interface TarEntry {
  /** Path inside the archive, `/`-separated, as stored (`db/templates/job.yaml`). */
  readonly path: string;
  readonly bytes: Buffer;
}

export type TarResult = { readonly entries: TarEntry[] } | { readonly error: string };

const block = 512;

/** The regular files of a `.tgz`, at most `maxBytes` unpacked. */
export function readTgz(compressed: Buffer, maxBytes: number): TarResult {
  let tar: Buffer;
  try {
    tar = zlib().gunzipSync(compressed, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    return { error: code === 'ERR_BUFFER_TOO_LARGE' ? `unpacks to more than ${maxBytes} bytes` : `not a gzip archive (${error instanceof Error ? error.message : String(error)})` };
  }
  return readTar(tar);
}

/** The regular files of an uncompressed tar. */
export function readTar(tar: Buffer): TarResult {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  while (offset + block <= tar.length) {
    const header = tar.subarray(offset, offset + block);
    if (header.every((byte) => byte === 0)) break; // End of archive.
    if (!checksumMatches(header)) return { error: `damaged tar header at byte ${offset}` };
    const size = readNumber(header.subarray(124, 136));
    if (size === undefined || size < 0) return { error: `bad size in the tar header at byte ${offset}` };
    const type = String.fromCharCode(header[156] || 0x30);
    const dataStart = offset + block;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) return { error: 'the archive ends inside a file' };
    const data = tar.subarray(dataStart, dataEnd);
    offset = dataStart + Math.ceil(size / block) * block;
    if (type === 'L') {
      longName = cString(data);
      continue;
    }
    if (type === 'x') {
      paxPath = paxRecords(data).get('path') ?? paxPath;
      continue;
    }
    if (type === 'g') continue; // Global PAX header: nothing a chart needs.
    const name = paxPath ?? longName ?? joinUstarName(header);
    longName = undefined;
    paxPath = undefined;
    if (type === '0' || type === '7') entries.push({ path: name.replace(/\\/g, '/'), bytes: Buffer.from(data) });
  }
  return { entries };
}

function joinUstarName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const isUstar = header.subarray(257, 262).toString('latin1') === 'ustar';
  const prefix = isUstar ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

/** An octal number field, or a base-256 one (high bit set) as GNU tar writes large sizes. */
function readNumber(field: Buffer): number | undefined {
  if (field[0] & 0x80) {
    let value = field[0] & 0x7f;
    for (let index = 1; index < field.length; index++) value = value * 256 + field[index];
    return value;
  }
  const text = cString(field).trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
}

function checksumMatches(header: Buffer): boolean {
  const stored = readNumber(header.subarray(148, 156));
  let sum = 0;
  for (let index = 0; index < block; index++) sum += index >= 148 && index < 156 ? 0x20 : header[index];
  return stored === sum;
}

/** PAX records: `<length> <key>=<value>\n`, one after another. */
function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number(data.subarray(offset, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0 || offset + length > data.length) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    offset += length;
  }
  return records;
}
