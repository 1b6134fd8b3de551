import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Fails with one clear line when a folder cannot be created or written — checked at start-up for DATA_DIR, so a
 * read-only or full disk is reported before the first vote or digest is lost, not after.
 */
export async function assertWritable(dir: string, name: string): Promise<void> {
  const probe = join(dir, `.write-check-${randomUUID().slice(0, 8)}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, "ok");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new Error(`${name} ${dir} is not writable (${code}); point ${name} at a writable folder`);
  } finally {
    await rm(probe, { force: true }).catch(() => {});
  }
}
