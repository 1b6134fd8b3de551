import { copyFile, cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DigestSchema } from "../../src/digest/digest.js";
import { runCli } from "../cli/run-cli.js";
import {
  type BotProcess,
  type Emulator,
  startBot,
  startEmulator,
  TEST_TOKEN,
  waitUntil,
} from "../helpers/telegram-emulator.js";

/** `npm run digest` as a system scheduler runs it: through the Bot API emulator, once, and never twice. */
describe("parkbot digest through a Bot API", () => {
  const CHANNEL = -100777;
  let emulator: Emulator;
  let dataDir: string;
  const env = () => ({
    TELEGRAM_BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DIGEST_CHAT_IDS: String(CHANNEL),
    KNOWLEDGE_DIR: "knowledge",
    DATA_DIR: dataDir,
  });

  beforeAll(async () => {
    emulator = await startEmulator();
    dataDir = await mkdtemp(join(tmpdir(), "parkbot-digest-e2e-"));
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("--dry-run --json prints the seed article's digest and posts nothing", async () => {
    const { code, stdout } = await runCli(["digest", "--dry-run", "--json"], { env: env() });
    expect(code).toBe(0);
    const digest = DigestSchema.parse(JSON.parse(stdout));
    expect(digest.items.map((i) => i.article.id)).toEqual(["b860dba5ce0ec7a0"]);
    expect(digest.items[0]?.points.length).toBeGreaterThanOrEqual(3);
    expect(emulator.sent(CHANNEL)).toEqual([]);
  });

  it("posts the seed article's digest to the configured chat once; running it again posts nothing", async () => {
    const first = await runCli(["digest"], { env: env() });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("posted 1 article digest(s)");
    const sent = emulator.sent(CHANNEL);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.parse_mode).toBe("HTML");
    expect(sent[0]?.text).toContain("抢抓“十四五”发展新机遇,衡阳高新区加速产业集群化发展");
    expect(sent[0]?.text).toContain("<blockquote expandable>衡阳高新区于1992年经省人民政府批准成立");

    const second = await runCli(["digest"], { env: env() });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("nothing new to post");
    expect(emulator.sent(CHANNEL)).toHaveLength(1);
    const state = JSON.parse(await readFile(join(dataDir, "digest-state.json"), "utf8"));
    expect(state.chats[String(CHANNEL)].b860dba5ce0ec7a0).toMatchObject({ sent: 1, total: 1 });
    expect(first.stdout + first.stderr + second.stderr).not.toContain(TEST_TOKEN);
  });

  it("without DIGEST_CHAT_IDS it says what to set, in one line", async () => {
    const { code, stderr } = await runCli(["digest"], { env: { ...env(), DIGEST_CHAT_IDS: "" } });
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toEqual([expect.stringContaining("DIGEST_CHAT_IDS")]);
  });
});

/** The running bot on a schedule: posts what is new, exactly once, and picks up a newly ingested article. */
describe("scheduled digests in the running bot", () => {
  const CHANNEL = -100888;
  let emulator: Emulator;
  let bot: BotProcess | undefined;
  let knowledgeDir: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    knowledgeDir = await mkdtemp(join(tmpdir(), "parkbot-kb-"));
    await cp("knowledge", knowledgeDir, { recursive: true });
    bot = await startBot({
      apiRoot: emulator.apiRoot,
      env: { DIGEST_CHAT_IDS: String(CHANNEL), DIGEST_CRON: "* * * * * *", KNOWLEDGE_DIR: knowledgeDir },
    });
  }, 20_000);
  afterAll(async () => {
    await bot?.stop(2000);
    await emulator?.stop();
  });

  it("logs the schedule, posts the seed digest once, then a newly added article once", async () => {
    expect(bot?.startLine).toContain('digests to 1 chat(s) on "* * * * * *" (Asia/Shanghai)');
    await waitUntil("the first digest", () => emulator.sent(CHANNEL).length === 1, 8000);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // two more scheduled runs
    expect(emulator.sent(CHANNEL)).toHaveLength(1);

    // As `npm run ingest` would: a new cleaned article appears (a SYNTHETIC fixture, in a temporary copy).
    await copyFile("tests/fixtures/articles/demo-b.json", join(knowledgeDir, "demo-b.json"));
    await waitUntil("the new article's digest", () => emulator.sent(CHANNEL).length === 2, 8000);
    expect(emulator.sent(CHANNEL)[1]?.text).toContain("示例科技园孵化中心落成");
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(emulator.sent(CHANNEL)).toHaveLength(2);
  }, 30_000);
});
