/**
 * How a codemod writes: never in place. The new text goes to a temp file in the same directory (same file system,
 * so the rename is atomic), flushed to disk, then renamed over the original (or linked to a new name). Readers see
 * the old bytes or the new bytes, never a mix; on any error the temp file is removed and the original is untouched.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.lambda-shutdown.tmp`);
}

/**
 * Writes `text` to a new temp file beside `file`, flushed, and returns its name. With `mode` (and `owner`, where
 * allowed) the temp file gets them; without, the mode a new file gets (0666 less the umask).
 */
function writeTemp(file: string, text: string, mode?: number, owner?: { uid: number; gid: number }): string {
  const tmp = tempName(file);
  let fd = fs.openSync(tmp, 'wx', mode === undefined ? 0o666 : mode & 0o777);
  try {
    fs.writeFileSync(fd, text);
    if (mode !== undefined) fs.fchmodSync(fd, mode & 0o7777); // the umask may have narrowed the mode given to open
    if (owner && typeof process.getuid === 'function' && (owner.uid !== process.getuid() || owner.gid !== process.getgid?.())) {
      try {
        fs.fchownSync(fd, owner.uid, owner.gid);
      } catch {
        // not permitted: the file gets the new owner, as any editor's save would give it
      }
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = -1;
    return tmp;
  } catch (error) {
    if (fd >= 0) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** Replaces the regular file `file` with `text`, keeping its mode and owner. */
export function writeFileAtomic(file: string, text: string): void {
  const st = fs.lstatSync(file);
  if (!st.isFile()) throw new Error('is no longer a regular file');
  const tmp = writeTemp(file, text, st.mode, { uid: st.uid, gid: st.gid });
  try {
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** Creates `file` with `text`; fails (EEXIST) rather than replace a file that appeared meanwhile. */
export function createFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = writeTemp(file, text);
  try {
    fs.linkSync(tmp, file); // link, unlike rename, never replaces an existing file
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * `writeFileAtomic` on libuv's threadpool: the same steps (temp file, mode and owner, fsync, rename), so that the
 * caller's thread can go on with other work while the disk syncs.
 */
export async function writeFileAtomicAsync(file: string, text: string): Promise<void> {
  const st = await fs.promises.lstat(file);
  if (!st.isFile()) throw new Error('is no longer a regular file');
  const tmp = tempName(file);
  const handle = await fs.promises.open(tmp, 'wx', st.mode & 0o777);
  try {
    try {
      await handle.writeFile(text);
      await handle.chmod(st.mode & 0o7777); // the umask may have narrowed the mode given to open
      if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || st.gid !== process.getgid?.())) {
        await handle.chown(st.uid, st.gid).catch(() => undefined); // not permitted: the file gets the new owner
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (error) {
    await fs.promises.rm(tmp, { force: true });
    throw error;
  }
}
