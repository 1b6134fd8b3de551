import { copyFile, cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DigestSchema } from "../../src/digest/digest.js";
import { readState } from "../../src/digest/state.js";
import type { Article } from "../../src/knowledge/article.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { runCli } from "../cli/run-cli.js";
import { startCli } from "../digest/cli-process.js";
import { type HoldAt, type HoldingProxy, startHoldingProxy } from "../digest/holding-proxy.js";
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

/**
 * Issue 11, item 5, measured: `parkbot digest` kill -9'd in the middle of posting, then run again at once, as a
 * system scheduler (or an impatient operator) would. A proxy holds one sendMessage so each kill lands at a known
 * point: after the chat got the message but before the run heard back (the worst case: one duplicate), or before
 * the chat got it (no duplicate).
 */
describe("parkbot digest killed mid-post and run again", () => {
  const CHATS = [-100901, -100902];
  let emulator: Emulator;
  let proxy: HoldingProxy;
  let dataDir: string;
  let knowledgeDir: string;
  let articles: Article[];

  beforeAll(async () => {
    emulator = await startEmulator();
    proxy = await startHoldingProxy(emulator.apiRoot);
    dataDir = await mkdtemp(join(tmpdir(), "parkbot-digest-kill-"));
    // The seed article and three SYNTHETIC fixtures: 4 digests × 2 chats = 8 messages to post.
    knowledgeDir = await mkdtemp(join(tmpdir(), "parkbot-kb-"));
    await cp("knowledge", knowledgeDir, { recursive: true });
    for (const id of ["demo-a", "demo-b", "demo-c"])
      await copyFile(`tests/fixtures/articles/${id}.json`, join(knowledgeDir, `${id}.json`));
    articles = await loadKnowledge(knowledgeDir);
  });
  afterAll(async () => {
    await proxy?.close();
    await emulator?.stop();
  });

  it("every digest reaches every chat, at most one duplicate per crash, and no rerun is refused", async () => {
    const env = {
      TELEGRAM_BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: proxy.apiRoot,
      DIGEST_CHAT_IDS: CHATS.join(","),
      KNOWLEDGE_DIR: knowledgeDir,
      DATA_DIR: dataDir,
    };
    // [which send of the run to kill it in, where]
    const crashes: Array<[number, HoldAt]> = [
      [3, "after delivery"],
      [2, "before delivery"],
      [2, "after delivery"],
    ];
    const stderrs: string[] = [];
    for (const [nth, at] of crashes) {
      const held = proxy.holdSend(nth, at);
      const run = startCli(["digest"], env);
      const first = await Promise.race([held.then(() => "held"), run.exited.then(() => "exited")]);
      if (first === "exited")
        throw new Error(`the run ended before send ${nth}: ${(await run.exited).stderr}`);
      run.child.kill("SIGKILL");
      const killed = await run.exited;
      expect(killed.signal).toBe("SIGKILL");
      stderrs.push(killed.stderr);
    }
    const last = await startCli(["digest"], env).exited;
    stderrs.push(last.stderr);
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toContain("posted");

    // No rerun was refused: each one got as far as sending (the lock of the killed run did not stand).
    for (const stderr of stderrs) expect(stderr).not.toContain("another digest run is in progress");
    // Each rerun after a kill re-sent the one uncertain message, saying so.
    for (const stderr of stderrs.slice(1)) expect(stderr.match(/may have it twice/g)).toHaveLength(1);

    const sent = emulator.sent();
    for (const chat of CHATS) {
      const texts = sent.filter((m) => String(m.chat_id) === String(chat)).map((m) => m.text);
      for (const article of articles)
        expect(texts.some((t) => t.includes(`href="${article.url}"`))).toBe(true);
    }
    const unique = new Set(sent.map((m) => `${m.chat_id} ${m.text}`));
    expect(unique.size).toBe(articles.length * CHATS.length);
    const duplicates = sent.length - unique.size;
    // The measurement: one duplicate for each kill after delivery, none for the kill before it.
    expect(duplicates).toBe(crashes.filter(([, at]) => at === "after delivery").length);
    expect(duplicates).toBeLessThanOrEqual(crashes.length);

    const state = await readState(join(dataDir, "digest-state.json"));
    for (const chat of CHATS)
      for (const article of articles)
        expect(state.chats[String(chat)]?.[article.id]).toEqual({
          sent: 1,
          total: 1,
          at: expect.any(String),
        });
  }, 15_000);
});
