import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answer/answerer.js";
import type { Answer } from "../../src/answer/schema.js";
import { runChat } from "../../src/cli/chat-loop.js";

/** A stand-in answerer at the Answerer seam: refuses everything, fails on "boom", records what it was asked. */
function fakeAnswerer(): Answerer & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async answer(question: string): Promise<Answer> {
      asked.push(question);
      if (question === "boom") throw new Error("index exploded\nsecond line");
      return {
        question,
        answered: false,
        answer: `没有关于「${question}」的资料。`,
        citations: [],
        mode: "offline",
        ms: 0,
      };
    },
  };
}

async function chatWith(lines: string, answerer: Answerer): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  input.end(lines);
  await runChat(answerer, { input, output, terminal: false }, (error) => `reported: ${String(error)}`);
  return text;
}

describe("runChat", () => {
  it("greets, answers questions, shows /help, and stops reading at /quit", async () => {
    const answerer = fakeAnswerer();
    const out = await chatWith("/help\n衡阳高新区在哪里?\n\n/nope\n/quit\nnot read\n", answerer);
    expect(out).toMatch(/^parkbot — .*\/help.*\/quit or Ctrl-D/);
    expect(out).toContain("Type a question and press Enter");
    expect(out).toContain("没有关于「衡阳高新区在哪里?」的资料。");
    expect(out).toContain("Unknown command /nope.");
    expect(answerer.asked).toEqual(["衡阳高新区在哪里?"]);
  });

  it("ends cleanly at end of input (Ctrl-D) without /quit", async () => {
    const answerer = fakeAnswerer();
    await chatWith("一\n二\n", answerer);
    expect(answerer.asked).toEqual(["一", "二"]);
  });

  it("reports a failed question and goes on with the next", async () => {
    const answerer = fakeAnswerer();
    const out = await chatWith("boom\n三\n", answerer);
    expect(out).toContain("Sorry, that question failed: reported: Error: index exploded");
    expect(answerer.asked).toEqual(["boom", "三"]);
  });
});
