/**
 * Positional writes that retry short writes, synchronous and on libuv's threadpool, and TF's
 * errors for a file that cannot be opened.
 *
 * @packageDocumentation
 */
import * as fs from 'fs';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, PermissionDeniedError } from '../errors';

/** Writes all of `data` at `position`, blocking. */
export function writeFullySync(fd: number, data: Uint8Array, position: number): void {
  for (let done = 0; done < data.length; ) {
    done += fs.writeSync(fd, data, done, data.length - done, position + done);
  }
}

/** Writes all of `data` at `position` on the threadpool. */
export async function writeFully(fd: number, data: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const { bytesWritten } = await new Promise<{ bytesWritten: number }>((resolve, reject) =>
      fs.write(fd, data, done, data.length - done, position + done, (err, bytesWritten) =>
        err ? reject(err) : resolve({ bytesWritten }),
      ),
    );
    done += bytesWritten;
  }
}

// TF's errno → status mapping (tsl/platform/errors.cc ErrnoToCode) for the file errors a read meets.
const ERRNO_ERRORS: Record<string, [new (message: string) => Error, string]> = {
  ENOENT: [NotFoundError, 'No such file or directory'],
  EISDIR: [FailedPreconditionError, 'Is a directory'],
  ENOTDIR: [FailedPreconditionError, 'Not a directory'],
  EACCES: [PermissionDeniedError, 'Permission denied'],
  EPERM: [PermissionDeniedError, 'Operation not permitted'],
  ENAMETOOLONG: [InvalidArgumentError, 'File name too long'],
  ELOOP: [FailedPreconditionError, 'Too many levels of symbolic links'],
};

/**
 * Runs a Node fs call on `path`, turning its errno errors into the OpError TF's file system
 * raises for them (`NotFoundError: <path>; No such file or directory`), as Python TF users catch.
 */
export function tfFileCall<T>(path: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    const mapped = ERRNO_ERRORS[(e as NodeJS.ErrnoException).code ?? ''];
    if (!mapped) throw e;
    throw new mapped[0](`${path}; ${mapped[1]}`);
  }
}

/**
 * `tf.io.gfile.makedirs(dir)`: creates `dir` and its missing parents, with TF's errors
 * (FailedPreconditionError `<path> is not a directory` for a file on the way). Node's recursive
 * mkdir is not used: it loops forever where mkdir fails with ENOENT under an existing parent
 * (`/proc/x`).
 */
export function makeDirs(dir: string): void {
  const parts = dir.split('/');
  let prefix = '';
  parts.forEach((part, i) => {
    prefix = i === 0 ? part : `${prefix}/${part}`;
    if (prefix === '' || (part === '' && i > 0)) return; // the root, or a doubled or trailing '/'
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(prefix);
    } catch { /* missing: made below */ }
    if (stat && !stat.isDirectory()) throw new FailedPreconditionError(`${prefix} is not a directory`);
    if (!stat) {
      tfFileCall(dir, () => {
        try {
          fs.mkdirSync(prefix);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // made meanwhile by someone else
        }
      });
    }
  });
}
