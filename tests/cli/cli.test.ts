import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Answer, AnswerSchema } from "../../src/answer/schema.js";
import { HAS_SCRIPT, REPO_ROOT, runCli, runCliInTerminal, STACK_LINE, TIMEOUT_MS } from "./run-cli.js";

// Every test spawns a node process or two; on a busy machine that can take seconds.
vi.setConfig({ testTimeout: TIMEOUT_MS + 5_000 });

const AREA_QUESTION = "衡阳高新区规划面积有多大?";
const AREA_SENTENCE = "规划面积170.57平方公里";

let scratch: string;
/** A fresh copy of knowledge/ (raw pages included), ingested once; the ask tests read it via KNOWLEDGE_DIR. */
let knowledgeDir: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "parkbot-cli-"));
  knowledgeDir = await copyKnowledge("knowledge");
  await runCli(["ingest", "--dir", knowledgeDir]);
}, TIMEOUT_MS + 5_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function copyKnowledge(name: string): Promise<string> {
  const dir = join(scratch, name);
  await cp(join(REPO_ROOT, "knowledge"), dir, { recursive: true });
  return dir;
}

function parseAnswer(line: string): Answer {
  return AnswerSchema.parse(JSON.parse(line));
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}

describe("parkbot help", () => {
  it("prints the usage with every subcommand and exits 0", async () => {
    const { code, stdout } = await runCli(["help"]);
    expect(code).toBe(0);
    for (const command of ["ask", "chat", "eval", "ingest", "start"])
      expect(stdout).toContain(`  ${command}`);
  });

  it("prints the usage for `<command> --help` without reading config", async () => {
    const { code, stdout } = await runCli(["eval", "--help"], { env: { LOG_LEVEL: "loud" } });
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: parkbot <command> [options]");
  });

  it("rejects arguments to chat in one line with exit 2", async () => {
    const { code, stderr } = await runCli(["chat", "衡阳高新区在哪里"]);
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual([
      'parkbot chat: takes no arguments (got "衡阳高新区在哪里"); to ask one question use parkbot ask',
    ]);
  });

  it("rejects an unknown subcommand in one line with exit 2", async () => {
    const { code, stderr } = await runCli(["frobnicate"]);
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual([
      'parkbot: unknown command "frobnicate". Run `parkbot help` for the list.',
    ]);
  });

  it("rejects an unknown option in one line with exit 2", async () => {
    const { code, stderr } = await runCli(["ask", "--bogus", AREA_QUESTION]);
    expect(code).toBe(2);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toContain("--bogus");
    expect(stderr).not.toMatch(STACK_LINE);
  });
});

describe("parkbot ask", () => {
  const env = () => ({ KNOWLEDGE_DIR: knowledgeDir });

  it("answers the planned-area question with 170.57 and cites the sentence (--json)", async () => {
    const { code, stdout, stderr } = await runCli(["ask", "--json", AREA_QUESTION], { env: env() });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(lines(stdout)).toHaveLength(1);
    const answer = parseAnswer(stdout);
    expect(answer.question).toBe(AREA_QUESTION);
    expect(answer.answered).toBe(true);
    expect(answer.mode).toBe("offline");
    expect(answer.answer).toContain("170.57");
    expect(answer.citations.some((c) => c.text.includes(AREA_SENTENCE))).toBe(true);
  });

  it("renders the answer with its sources as text", async () => {
    const { code, stdout } = await runCli(["ask", "--offline", AREA_QUESTION], { env: env() });
    expect(code).toBe(0);
    expect(stdout).toContain("170.57");
    expect(stdout).toMatch(/\n\n(来源|Sources):\n\[1\] 「.+」\n {4}.+ — .+, \d{4}-\d{2}-\d{2}\n/);
  });

  it("answers each stdin line in order as JSON Lines, skipping blank lines", async () => {
    const questions = [AREA_QUESTION, "衡阳高新区是哪一年成立的?", "衡阳今天的天气怎么样?"];
    const input = `${questions[0]}\n\n   \n${questions[1]}\r\n${questions[2]}`;
    const { code, stdout } = await runCli(["ask", "--json"], { input, env: env() });
    expect(code).toBe(0);
    const out = stdout.trimEnd().split("\n");
    expect(out).toHaveLength(3);
    expect(out.map((line) => parseAnswer(line).question)).toEqual(questions);
  });

  it("never echoes a question's control characters to the terminal", async () => {
    const input = `衡阳高新区\u001b[2J\u001b[31m规划面积有多大?\u0007\n`;
    const { code, stdout } = await runCli(["ask", "--offline"], { input, env: env() });
    expect(code).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence is the point.
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(stdout).toContain("> 衡阳高新区[2J[31m规划面积有多大?");
  });

  it("reads a question with zero-width characters inside its words like the plain one", async () => {
    const plain = await runCli(["ask", "--offline", "--json", AREA_QUESTION], { env: env() });
    const zw = "衡阳高\u200b新区规划\u200d面积有多大?\ufeff";
    const hidden = await runCli(["ask", "--offline", "--json", zw], { env: env() });
    expect(parseAnswer(hidden.stdout).citations).toEqual(parseAnswer(plain.stdout).citations);
    expect(parseAnswer(hidden.stdout).answered).toBe(true);
  });

  it.each([[""], ["   "]])(
    "refuses an empty question argument %j with exit 2 and a hint, no stack",
    async (arg) => {
      const { code, stdout, stderr } = await runCli(["ask", arg], { env: env() });
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain("Please type a question");
      expect(lines(stderr)).toHaveLength(1);
      expect(stderr).not.toMatch(STACK_LINE);
    },
  );

  it("exits 2 with the same hint when stdin holds no question", async () => {
    const { code, stderr } = await runCli(["ask"], { input: "\n  \n", env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain("Please type a question");
  });

  it("answers (or refuses) a 20,000-character question without truncating it, exit 0", async () => {
    const question = AREA_QUESTION.repeat(2000).slice(0, 20_000);
    const { code, stdout } = await runCli(["ask", "--json", question], { env: env() });
    expect(code).toBe(0);
    const answer = parseAnswer(stdout);
    expect(typeof answer.answered).toBe("boolean");
  });
});

describe("errors", () => {
  it("exits 2 on a bad config value with one line naming the variable", async () => {
    const { code, stdout, stderr } = await runCli(["ask", AREA_QUESTION], {
      env: { TELEGRAM_API_ROOT: "notaurl" },
    });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(lines(stderr)).toEqual([
      'parkbot: Invalid configuration: TELEGRAM_API_ROOT must be an http(s) URL (got "notaurl")',
    ]);
  });

  it("exits 1 naming a malformed knowledge file, without a stack", async () => {
    const dir = join(scratch, "broken-knowledge");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "bad.json"), '{ "id": "bad", "title": ');
    const { code, stderr } = await runCli(["ask", AREA_QUESTION], { env: { KNOWLEDGE_DIR: dir } });
    expect(code).toBe(1);
    expect(stderr).toContain("bad.json");
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it("adds the stack trace only with LOG_LEVEL=debug", async () => {
    const dir = join(scratch, "broken-knowledge-debug");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "bad.json"), "not json");
    const { code, stderr } = await runCli(["ask", AREA_QUESTION], {
      env: { KNOWLEDGE_DIR: dir, LOG_LEVEL: "debug" },
    });
    expect(code).toBe(1);
    expect(stderr).toContain("bad.json");
    expect(stderr).toMatch(STACK_LINE);
  });

  it("never prints a secret: API key set, base URL bad", async () => {
    const secret = "sk-test-SECRET";
    for (const baseUrl of ["not a url", secret]) {
      const { code, stdout, stderr } = await runCli(["ask", AREA_QUESTION], {
        env: { OPENAI_API_KEY: secret, OPENAI_BASE_URL: baseUrl, LOG_LEVEL: "debug" },
      });
      expect(code).toBe(2);
      expect(stderr).toContain("OPENAI_BASE_URL");
      expect(stdout + stderr).not.toContain("SECRET");
    }
  });

  it("never prints a malformed bot token", async () => {
    const { code, stderr } = await runCli(["start"], { env: { TELEGRAM_BOT_TOKEN: "oops SECRET-TOKEN" } });
    expect(code).toBe(2);
    expect(stderr).toContain("TELEGRAM_BOT_TOKEN");
    expect(stderr).not.toContain("SECRET");
  });

  it("reads .env from the working directory without overriding the real environment", async () => {
    const dir = join(scratch, "dotenv");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, ".env"), "LOG_LEVEL=verbose\n");
    // Unset (not empty), so .env may fill it in.
    const fromFile = await runCli(["ask", ""], { cwd: dir, env: { LOG_LEVEL: undefined } });
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain("LOG_LEVEL must be one of");
    const realWins = await runCli(["ask", ""], { cwd: dir, env: { LOG_LEVEL: "warn" } });
    expect(realWins.code).toBe(2);
    expect(realWins.stderr).toContain("Please type a question");
  });
});

describe("parkbot ingest", () => {
  it("prints the report and exits 0 for the seed raw page", async () => {
    const dir = await copyKnowledge("ingest-ok");
    const { code, stdout, stderr } = await runCli(["ingest", "--dir", dir]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\+ \S+ 抢抓“十四五”发展新机遇,衡阳高新区加速产业集群化发展 \(2020-07-21\)/m);
    expect(stdout).toMatch(/^1 article .*, 0 rejected/m);
    expect(await articleWith(dir, AREA_SENTENCE)).toBe(true);
  });

  it("exits 1 naming a broken raw file, and still writes the good article", async () => {
    const dir = await copyKnowledge("ingest-broken");
    await writeFile(
      join(dir, "raw", "broken.txt"),
      "一个没有日期的页面\n\n  这里只有一句话,没有来源也没有日期。\n",
    );
    const { code, stdout, stderr } = await runCli(["ingest", "--dir", dir]);
    expect(code).toBe(1);
    expect(stdout + stderr).toContain("broken.txt");
    expect(stderr).not.toMatch(STACK_LINE);
    expect(await articleWith(dir, AREA_SENTENCE)).toBe(true);
  });
});

describe("parkbot ingest --check and --json", () => {
  it("--check passes on the committed knowledge base and changes nothing", async () => {
    const { code, stdout } = await runCli(["ingest", "--check"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/0 out of date/);
  });

  it("--check exits 1 for a new raw page, a hand-edited article, and a raw page that is gone; ingest then fixes all", async () => {
    const dir = await copyKnowledge("ingest-check");
    const seedJson = join(dir, "b860dba5ce0ec7a0.json");
    await writeFile(seedJson, (await readFile(seedJson, "utf8")).replace("170.57", "999"));
    await writeFile(join(dir, "orphan.json"), JSON.stringify({ id: "orphan", raw: "raw/001_orphan.txt" }));
    const before = await readdir(dir);
    const check = await runCli(["ingest", "--dir", dir, "--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("[out of date]");
    expect(check.stdout).toMatch(/would remove .*orphan\.json: its raw file raw\/001_orphan\.txt is gone/);
    expect(check.stderr).toContain("out of date");
    expect(await readdir(dir)).toEqual(before);

    const run = await runCli(["ingest", "--dir", dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/removed .*orphan\.json/);
    expect(await readdir(dir)).not.toContain("orphan.json");
    expect(await articleWith(dir, AREA_SENTENCE)).toBe(true);
    expect((await runCli(["ingest", "--dir", dir, "--check"])).code).toBe(0);
  });

  it("--json prints the report with encodings, metadata origins, quality and removals by kind", async () => {
    const dir = await copyKnowledge("ingest-json");
    const { code, stdout } = await runCli(["ingest", "--dir", dir, "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.articles[0]).toMatchObject({
      id: "b860dba5ce0ec7a0",
      encoding: { encoding: "utf-8", how: "detected" },
      meta: {
        title: { origin: "page" },
        date: { value: "2020-07-21", origin: "page" },
        source: { value: "中国高新院 (achie.org)", origin: "page" },
        url: { origin: "sources.json" },
      },
      sentences: 11,
      quality: 1,
      removed: { breadcrumb: 2, "view counter": 2 },
    });
  });
});

/** Whether some cleaned article (`*.json` directly in `dir`) holds `text`. */
async function articleWith(dir: string, text: string): Promise<boolean> {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".json"));
  const contents = await Promise.all(files.map((name) => readFile(join(dir, name), "utf8")));
  return contents.some((content) => content.includes(text));
}

describe("parkbot start and chat", () => {
  it("start without a token answers piped lines and says how to connect Telegram", async () => {
    const { code, stdout, stderr } = await runCli(["start"], {
      input: `${AREA_QUESTION}\n`,
      env: { KNOWLEDGE_DIR: knowledgeDir },
    });
    expect(code).toBe(0);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toContain("TELEGRAM_BOT_TOKEN");
    expect(stderr).toContain("@BotFather");
    expect(stdout).toContain(`> ${AREA_QUESTION}\n`);
    expect(stdout).toContain("170.57");
  });

  it("chat with piped stdin answers line by line like ask", async () => {
    const { code, stdout } = await runCli(["chat"], {
      input: `${AREA_QUESTION}\n衡阳今天的天气怎么样?\n`,
      env: { KNOWLEDGE_DIR: knowledgeDir },
    });
    expect(code).toBe(0);
    expect(stdout.indexOf(`> ${AREA_QUESTION}`)).toBe(0);
    expect(stdout).toContain("\n\n> 衡阳今天的天气怎么样?\n");
  });
});

// Needs util-linux `script` to give the CLI a pseudo-terminal; without it the TTY branch cannot be reached.
describe.skipIf(!HAS_SCRIPT)("parkbot chat and start on a terminal", () => {
  it("chat shows /help, answers, and leaves on /quit", async () => {
    const { code, stdout } = await runCliInTerminal(["chat"], {
      input: `/help\n${AREA_QUESTION}\n/quit\n`,
      env: { KNOWLEDGE_DIR: knowledgeDir },
    });
    expect(code).toBe(0);
    const out = stdout.replaceAll("\r", "");
    expect(out).toContain("/quit or Ctrl-D to leave");
    expect(out).toContain("Type a question and press Enter");
    expect(out).toMatch(/170\.57.*\n\n来源:\n\[1\] 「/);
  });

  it("start without a token opens the chat and leaves on Ctrl-D", async () => {
    const { code, stdout } = await runCliInTerminal(["start"], {
      input: `${AREA_QUESTION}\n\u0004`,
      env: { KNOWLEDGE_DIR: knowledgeDir },
    });
    expect(code).toBe(0);
    const out = stdout.replaceAll("\r", "");
    expect(out).toContain("To connect Telegram, set TELEGRAM_BOT_TOKEN");
    expect(out).toContain("/quit or Ctrl-D to leave");
    expect(out).toContain("170.57");
  });
});

describe("parkbot eval", () => {
  const items = [
    { id: "q1", q: AREA_QUESTION, type: "answer", kw: ["170\\.57"], gold: [AREA_SENTENCE] },
    {
      id: "q2",
      q: "衡阳高新区是哪一年成立的?",
      type: "answer",
      kw: ["1992"],
      gold: ["1992年经省人民政府批准成立"],
    },
    { id: "q3", q: "衡阳高新区有多少家上市公司?", type: "abstain", kw: [], gold: [] },
  ];
  let setFile: string;

  beforeAll(async () => {
    setFile = join(scratch, "three.jsonl");
    await writeFile(setFile, `${items.map((item) => JSON.stringify(item)).join("\n")}\n`);
  });

  it("prints { summary, results } with --json", async () => {
    const { code, stdout } = await runCli(["eval", "--json", "--set", setFile], {
      env: { KNOWLEDGE_DIR: knowledgeDir },
    });
    expect(code).toBe(0);
    const { summary, results } = JSON.parse(stdout) as {
      summary: { total: number; passed: number; overall: number | null };
      results: { id: string }[];
    };
    expect(summary.total).toBe(3);
    expect(summary.overall).toBeGreaterThanOrEqual(0);
    expect(results.map((r) => r.id)).toEqual(["q1", "q2", "q3"]);
  });

  it("prints the table by default", async () => {
    const { code, stdout } = await runCli(["eval", "--set", setFile], {
      env: { KNOWLEDGE_DIR: knowledgeDir },
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^overall\s+\S+ \(\d\/3\)$/m);
  });

  it("exits 1 when overall is below --min, saying which metric fell short", async () => {
    const { code, stderr } = await runCli(["eval", "--set", setFile, "--min", "1.01"], {
      env: { KNOWLEDGE_DIR: knowledgeDir },
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/overall \d\.\d{3} is below --min 1\.01/);
  });

  it("rejects a --min that is not a number with exit 2", async () => {
    const { code, stderr } = await runCli(["eval", "--set", setFile, "--min", "high"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--min");
  });

  it("says in one line that --online runs offline without OPENAI_API_KEY", async () => {
    const { code, stderr } = await runCli(["eval", "--online", "--set", setFile], {
      env: { KNOWLEDGE_DIR: knowledgeDir },
    });
    expect(code).toBe(0);
    expect(lines(stderr)).toEqual(["eval: OPENAI_API_KEY is not set, so --online runs offline."]);
  });
});
