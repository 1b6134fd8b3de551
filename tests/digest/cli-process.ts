import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CLEAN_ENV, REPO_ROOT } from "../cli/run-cli.js";

const MAIN = join(REPO_ROOT, "dist/cli/main.js");

export interface CliProcess {
  child: ChildProcess;
  /** Resolves when the process has exited, with all it wrote. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** `node dist/cli/main.js <args>` from the repository root, with only `env` set, that a test can kill -9. */
export function startCli(args: string[], env: NodeJS.ProcessEnv): CliProcess {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before this test`);
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...CLEAN_ENV, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  // A hung CLI fails its test instead of outliving the run.
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const exited = new Promise<Awaited<CliProcess["exited"]>>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, exited };
}
