// Reading a file an operator named (a lab, an allowlist, a config to lint): only a regular file, and never
// more than a cap. A path to /dev/zero, a FIFO or a directory is refused at once instead of blocking, or
// being read until memory runs out; a file that grows while it is read stops at the cap.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** Why a file could not be read, as the end of a sentence that starts with its name. */
export class FileReadError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "FileReadError";
  }
}

const CHUNK = 64 * 1024;

function openReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "does not exist";
  if (code === "EACCES" || code === "EPERM") return "cannot be read (permission denied)";
  if (code === "ENOTDIR") return "is not a path to a file (a part of it is not a folder)";
  return `cannot be read (${code ?? (error as Error).message})`;
}

export function readBoundedFile(file: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO with no writer returns at once (and is then refused).
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new FileReadError(openReason(error));
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new FileReadError("is a directory, not a file");
    if (!stat.isFile()) throw new FileReadError("is not a regular file (a pipe, a device or a socket)");
    if (stat.size > maxBytes) throw new FileReadError(`is ${stat.size} bytes; the limit is ${maxBytes}`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(CHUNK, maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) throw new FileReadError(`grew past the limit of ${maxBytes} bytes while read`);
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw new FileReadError(
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  } finally {
    closeSync(fd);
  }
}
