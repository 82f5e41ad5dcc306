// Files an operator names are read only when they are regular files, and never past a cap: /dev/zero and
// a directory are refused at once.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileReadError, readBoundedFile } from "../src/bounded-file.js";

const dir = mkdtempSync(join(tmpdir(), "nocbot-read-"));
const reason = (file: string, max = 1024) => {
  try {
    readBoundedFile(file, max);
  } catch (error) {
    expect(error).toBeInstanceOf(FileReadError);
    return (error as Error).message;
  }
  throw new Error(`expected ${file} to be refused`);
};

describe("readBoundedFile", () => {
  it("reads a regular file up to the cap, and refuses one byte more", () => {
    const file = join(dir, "ok.txt");
    writeFileSync(file, "a".repeat(1024));
    expect(readBoundedFile(file, 1024).length).toBe(1024);
    writeFileSync(file, "a".repeat(1025));
    expect(reason(file)).toBe("is 1025 bytes; the limit is 1024");
  });

  // A FIFO is refused the same way; test/cli/bad-input.test.ts reads one in a child process with a deadline.
  it("refuses /dev/zero and a directory without reading them", () => {
    expect(reason("/dev/zero")).toBe("is not a regular file (a pipe, a device or a socket)");
    const folder = join(dir, "folder");
    mkdirSync(folder);
    expect(reason(folder)).toBe("is a directory, not a file");
  });

  it("says when a file is missing, unreadable, or under something that is not a folder", () => {
    expect(reason(join(dir, "missing"))).toBe("does not exist");
    const file = join(dir, "plain");
    writeFileSync(file, "x");
    expect(reason(join(file, "below"))).toMatch(/^is not a path to a file/);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, "locked");
      writeFileSync(locked, "x");
      chmodSync(locked, 0o000);
      expect(reason(locked)).toBe("cannot be read (permission denied)");
    }
  });
});
