/**
 * Positional writes that retry short writes, synchronous and on libuv's threadpool.
 *
 * @packageDocumentation
 */
import * as fs from 'fs';

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
