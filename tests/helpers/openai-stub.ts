import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { stubEmbed } from "./stub-embeddings.js";

/**
 * An OpenAI-compatible HTTP server for tests, on 127.0.0.1 and a free port: POST /v1/chat/completions answers
 * with whatever `stub.chat` returns, POST /v1/embeddings with `stubEmbed` vectors. Every request is recorded.
 * Response shapes follow the OpenAI API (and what `@ai-sdk/openai` parses): chat.completion objects, SSE streams
 * of chat.completion.chunk events ending in `data: [DONE]`, and `{ error: { message, type, param, code } }`.
 *
 * @example
 * const stub = await startOpenAIStub();
 * stub.chat = (body) => ({ content: JSON.stringify({ answered: true, answer: "… [S1]", citations: ["S1"] }) });
 * const model = createOpenAI({ apiKey: "sk-test", baseURL: stub.url }).chat("stub-model");
 * await stub.close();
 */
export type Reply =
  /** A normal completion; an SSE stream of chunks when the request has `stream: true`. */
  | { content: string }
  /** An error status (e.g. 500, or 429 with `retry-after`); `body` defaults to an OpenAI-style error object. */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** A 200 whose body is this text verbatim (e.g. malformed JSON). */
  | { raw: string }
  /** Never answers (the connection stays open until the client gives up or the stub closes). */
  | { hang: true };

export interface ChatMessage {
  role: string;
  content: string | Array<{ type: string; text?: string }>;
}

/** The request body of POST /v1/chat/completions, as the client sent it. */
export interface ChatBody {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  response_format?: { type: string; json_schema?: unknown };
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  /** The path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
}

export interface Stub {
  /** Base URL ending in `/v1`, as `OPENAI_BASE_URL` / `createOpenAI({ baseURL })` take it. */
  url: string;
  /** Every request received, in order (recorded before the reply is computed). */
  requests: RecordedRequest[];
  /** The responder for chat completions. Default: a 500 saying no responder is set. */
  chat: (body: ChatBody) => Reply | Promise<Reply>;
  /** The number of inputs of each embeddings request, in order. */
  embeddingInputs: number[];
  /** The recorded requests to one path, e.g. `stub.requestsTo("/v1/chat/completions")`. */
  requestsTo(path: string): RecordedRequest[];
  /** Stops the server, cutting any hanging connection. */
  close(): Promise<void>;
}

export const CHAT_PATH = "/v1/chat/completions";
export const EMBEDDINGS_PATH = "/v1/embeddings";

export async function startOpenAIStub(): Promise<Stub> {
  const sockets = new Set<Socket>();
  let sequence = 0;
  const stub: Stub = {
    url: "",
    requests: [],
    chat: () => ({ status: 500, body: openaiError("stub.chat is not set", "server_error") }),
    embeddingInputs: [],
    requestsTo: (path) => stub.requests.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, openaiError(`stub failure: ${String(error)}`, "server_error"));
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    stub.requests.push({ method: req.method ?? "GET", path, headers: req.headers, body });

    if (req.method === "POST" && path === CHAT_PATH) {
      const chat = body as ChatBody;
      const reply = await stub.chat(chat);
      const id = `chatcmpl-stub${++sequence}`;
      return respond(res, reply, chat, id);
    }
    if (req.method === "POST" && path === EMBEDDINGS_PATH) {
      const { model, input } = body as { model: string; input: string | string[] };
      const inputs = Array.isArray(input) ? input : [input];
      stub.embeddingInputs.push(inputs.length);
      const tokens = inputs.reduce((sum, s) => sum + s.length, 0);
      return send(res, 200, {
        object: "list",
        data: inputs.map((s, index) => ({ object: "embedding", index, embedding: stubEmbed(s) })),
        model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    }
    send(
      res,
      404,
      openaiError(`Unknown request URL: ${req.method} ${path}`, "invalid_request_error", "unknown_url"),
    );
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  stub.url = `http://127.0.0.1:${port}/v1`;
  return stub;
}

async function respond(res: ServerResponse, reply: Reply, body: ChatBody, id: string): Promise<void> {
  if ("hang" in reply) return; // the socket stays open; close() destroys it
  if ("raw" in reply) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(reply.raw);
    return;
  }
  if ("status" in reply) {
    const error =
      reply.body ??
      openaiError(`stub error ${reply.status}`, reply.status >= 500 ? "server_error" : "requests");
    send(res, reply.status, error, reply.headers);
    return;
  }
  const created = Math.floor(Date.now() / 1000);
  const usage = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 };
  if (body.stream !== true) {
    send(res, 200, {
      id,
      object: "chat.completion",
      created,
      model: body.model,
      system_fingerprint: "fp_stub",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: reply.content, refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage,
    });
    return;
  }
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, system_fingerprint: "fp_stub", choices, ...extra })}\n\n`;
  res.write(
    chunk([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]),
  );
  for (const piece of splitContent(reply.content)) {
    await pause(15);
    if (res.destroyed) return;
    res.write(chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]));
  }
  res.write(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]));
  // `stream_options: { include_usage: true }` asks for a last chunk with no choices and the usage.
  const options = body.stream_options as { include_usage?: boolean } | undefined;
  if (options?.include_usage) res.write(chunk([], { usage }));
  res.end("data: [DONE]\n\n");
}

/** The content in a few pieces (about four), split on code points so no character is cut. */
function splitContent(content: string): string[] {
  const chars = [...content];
  const size = Math.max(1, Math.ceil(chars.length / 4));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(""));
  return pieces;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function openaiError(message: string, type: string, code: string | null = null): unknown {
  return { error: { message, type, param: null, code } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What the answerer sent as the user message: the question and the numbered sentences. */
export interface UserData {
  question: string;
  sentences: Array<{ handle: string; text: string; article: string }>;
}

/** The JSON document in the request's (last) user message. */
export function userData(body: ChatBody): UserData {
  const user = body.messages.filter((m) => m.role === "user").at(-1);
  if (!user) throw new Error("the request has no user message");
  const text =
    typeof user.content === "string"
      ? user.content
      : user.content
          .filter((p) => p.type === "text")
          .map((p) => p.text ?? "")
          .join("");
  return JSON.parse(text) as UserData;
}

/** The handle (e.g. "S2") of the sentence shown to the model whose text contains `substring`. */
export function handlesFor(body: ChatBody, substring: string): string {
  const { sentences } = userData(body);
  const found = sentences.find((s) => s.text.includes(substring));
  if (!found)
    throw new Error(`no sentence containing ${JSON.stringify(substring)} among ${sentences.length}`);
  return found.handle;
}

/** A JSON-mode reply from the model. */
export function jsonReply(answer: string, citations: string[], answered = true): Reply {
  return { content: JSON.stringify({ answered, answer, citations }) };
}
