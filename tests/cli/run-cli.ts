import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CONFIG_VARIABLES } from "../../src/config.js";

/** The repository root: the CLI runs from here, as `npm run ask` would. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

/**
 * Every variable the CLI reads, set empty (= unset) so neither the developer's shell nor a `.env` in the repo
 * (which never overrides a variable that is present) can change what a test sees. Tests add what they need.
 */
export const CLEAN_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  ...Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, ""])),
  NO_COLOR: "1",
};

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (`node dist/cli/main.js …`) with piped stdio and resolves when it exits.
 *
 * @example
 * const { code, stdout } = await runCli(["ask", "--json", "衡阳高新区规划面积有多大?"]);
 */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return run(process.execPath, [MAIN, ...args], options);
}

/**
 * Runs the built CLI on a pseudo-terminal (via util-linux `script`), so stdin is a TTY as in a user's shell.
 * `input` is typed into the terminal; the output has the terminal's CR LF line ends and cursor codes.
 */
export function runCliInTerminal(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const command = [process.execPath, MAIN, ...args]
    .map((arg) => `'${arg.replaceAll("'", "'\\''")}'`)
    .join(" ");
  return run("script", ["--quiet", "--return", "--command", command, "/dev/null"], options);
}

/** Whether `script` (util-linux) is installed, for the terminal tests. */
export const HAS_SCRIPT = spawnSync("script", ["--version"]).status === 0;

/** Each run is killed after this long; tests using the CLI should allow a little more. */
export const TIMEOUT_MS = 20_000;

interface RunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

function run(file: string, args: string[], options: RunOptions): Promise<CliResult> {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does) before these tests`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...CLEAN_ENV, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    // A hung CLI fails its test instead of outliving the run.
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on("error", () => {}); // the CLI may exit before reading all of its input
    child.stdin.end(options.input ?? "");
  });
}

/** A stack trace line, as Node prints them: "    at fn (file:line:col)". */
export const STACK_LINE = /^\s+at .+/m;
