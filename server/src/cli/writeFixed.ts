/**
 * Writing a fixed file for `--fix` so that no byte of the original is ever lost: the fixed
 * text goes to a temporary file in the same folder, is flushed to disk, and only then renamed
 * over the original, so the file is at every moment either the whole original or the whole
 * fixed text (a kill, a full disk or a file-size limit leaves the original as it was). Only a
 * regular file of the chart is written: never a symbolic link, never a file whose real place is
 * outside the chart's folder, never a file that changed since it was checked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { describeError, isInside } from '../node/chartLoader';

export type WriteOutcome = { readonly written: true } | { readonly written: false; readonly reason: string };

const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);
/** Opening with this refuses a symbolic link swapped in at the last moment (0 where the platform has no such flag). */
const noFollow = fs.constants.O_NOFOLLOW ?? 0;

/**
 * Replaces `file` (whose text was `original` when it was checked) with `fixed`, keeping its
 * byte-order mark, mode and, where allowed, owner. `chartFolder` is the folder it must stay in.
 */
export function writeFixedFile(file: string, chartFolder: string, original: string, fixed: string): WriteOutcome {
  let real: string;
  try {
    const link = fs.lstatSync(file);
    if (link.isSymbolicLink()) return refused('it is a symbolic link, and --fix never writes through one');
    if (!link.isFile()) return refused('it is not a regular file');
    real = path.join(fs.realpathSync(path.dirname(file)), path.basename(file));
    if (!isInside(real, fs.realpathSync(chartFolder))) return refused(`it is really ${real}, outside the chart's folder`);
  } catch (error) {
    return refused(describeError(error));
  }
  let before: { bytes: Buffer; stat: fs.Stats };
  try {
    before = readExactly(real);
  } catch (error) {
    return refused(describeError(error));
  }
  const hasBom = before.bytes.subarray(0, 3).equals(utf8Bom);
  if (decodes(before.bytes) !== original) return refused('the file changed while it was being checked');
  const bytes = Buffer.from((hasBom ? '\uFEFF' : '') + fixed, 'utf8');
  return replaceAtomically(real, bytes, before.stat.mode & 0o7777, before.stat, () => {
    // The last look before the rename: a file edited while the fix was being written is left alone.
    const now = readExactly(real);
    return !now.bytes.equals(before.bytes) || now.stat.ino !== before.stat.ino ? 'the file changed while it was being checked' : undefined;
  });
}

/**
 * `--output FILE`: the report replaces FILE whole, through a temporary file and a rename as
 * above, so a reader never sees half a report. An existing file keeps its mode; a new one gets
 * the mode a shell's `>` would give it. A symbolic link is written through to its target.
 */
export function writeReportFile(file: string, text: string): WriteOutcome {
  let target: string;
  let existing: fs.Stats | undefined;
  try {
    target = fs.existsSync(file) ? fs.realpathSync(file) : path.join(fs.realpathSync(path.dirname(file)), path.basename(file));
    existing = fs.existsSync(target) ? fs.statSync(target) : undefined;
  } catch (error) {
    return refused(describeError(error));
  }
  if (existing && !existing.isFile()) return refused('it is not a regular file');
  const mode = existing ? existing.mode & 0o7777 : 0o666 & ~process.umask();
  return replaceAtomically(target, Buffer.from(text, 'utf8'), mode, existing, () => undefined);
}

/** Writes `bytes` to a temporary file beside `real`, then renames it over `real` unless `lastLook` gives a reason not to. */
function replaceAtomically(real: string, bytes: Buffer, mode: number, owner: fs.Stats | undefined, lastLook: () => string | undefined): WriteOutcome {
  const folder = path.dirname(real);
  const temporary = path.join(folder, `.${path.basename(real)}.helm-hooks-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | noFollow, 0o600);
    writeAll(fd, bytes);
    fs.fsyncSync(fd);
    fs.fchmodSync(fd, mode);
    if (owner) keepOwner(fd, owner);
    fs.closeSync(fd);
    fd = undefined;
    const reason = lastLook();
    if (reason !== undefined) {
      removeQuietly(temporary);
      return refused(reason);
    }
    fs.renameSync(temporary, real);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(temporary);
    return refused(describeError(error));
  }
  syncFolder(folder);
  return { written: true };
}

/** The file's bytes and status, read through one descriptor that refuses a symbolic link. */
function readExactly(file: string): { bytes: Buffer; stat: fs.Stats } {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | noFollow);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error('it is not a regular file');
    return { bytes: fs.readFileSync(fd), stat };
  } finally {
    fs.closeSync(fd);
  }
}

function decodes(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let offset = 0; offset < bytes.length; ) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Keeps the owner and group when this process may set them (root, or the owner keeping its own group); otherwise the writer owns the file, as with any editor's save. */
function keepOwner(fd: number, stat: fs.Stats): void {
  try {
    fs.fchownSync(fd, stat.uid, stat.gid);
  } catch {
    // Not allowed: the file keeps the mode, and the writer's ownership.
  }
}

/** Makes the rename itself durable; folders that cannot be opened or synced (some platforms) are left as they are. */
function syncFolder(folder: string): void {
  try {
    const fd = fs.openSync(folder, fs.constants.O_RDONLY);
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // The rename has happened; only its durability across a power cut is left to the system.
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Already closed or never usable: nothing more to release.
  }
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Never created, or already gone.
  }
}

function refused(reason: string): WriteOutcome {
  return { written: false, reason };
}
