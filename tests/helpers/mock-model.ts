import { convertArrayToReadableStream, MockLanguageModelV3 } from "ai/test";

type CallOptions = Parameters<MockLanguageModelV3["doGenerate"]>[0];

/** Token counts the mock reports (the answerer ignores them). */
const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 10, text: 10, reasoning: 0 },
};

/** What the model was shown: the question and the handles of the sentences, from the JSON user message. */
export interface ShownData {
  question: string;
  sentences: Array<{ handle: string; text: string }>;
}

export function shownData(options: CallOptions): ShownData {
  for (const message of options.prompt) {
    if (message.role !== "user") continue;
    for (const part of message.content) if (part.type === "text") return JSON.parse(part.text) as ShownData;
  }
  throw new Error("no user message");
}

/** The handle the model was given for the sentence containing `substring`. */
export function handleOf(data: ShownData, substring: string): string {
  const found = data.sentences.find((s) => s.text.includes(substring));
  if (!found) throw new Error(`no sentence with ${substring} among ${data.sentences.length}`);
  return found.handle;
}

/** A model whose reply text is computed from what it was shown (JSON for the JSON modes, prose for text). */
export function replyingModel(reply: (data: ShownData) => string): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doGenerate: async (options) => ({
      content: [{ type: "text", text: reply(shownData(options)) }],
      finishReason: { unified: "stop", raw: "stop" },
      usage,
      warnings: [],
    }),
    doStream: async (options) => {
      const text = reply(shownData(options));
      const pieces = text.match(/[\s\S]{1,6}/g) ?? [];
      return {
        stream: convertArrayToReadableStream([
          { type: "stream-start", warnings: [] },
          { type: "text-start", id: "t" },
          ...pieces.map((delta) => ({ type: "text-delta" as const, id: "t", delta })),
          { type: "text-end", id: "t" },
          { type: "finish", usage, finishReason: { unified: "stop", raw: "stop" } },
        ]),
      };
    },
  });
}

export function failingModel(error: Error): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doGenerate: async () => {
      throw error;
    },
    doStream: async () => {
      throw error;
    },
  });
}
