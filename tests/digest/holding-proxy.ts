import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Bot API proxy in front of the emulator that can hold one sendMessage at a chosen moment, so a test can kill
 * the sender exactly there:
 * - "before delivery": the request is never forwarded — the chat does not get the message;
 * - "after delivery": the emulator has stored the message, its answer is never passed back — the chat has the
 *   message and the sender never learns it. A kill then lands between the send and the state write.
 * Everything else is forwarded unchanged.
 */
export type HoldAt = "before delivery" | "after delivery";

export interface HoldingProxy {
  /** TELEGRAM_API_ROOT for the process under test. */
  apiRoot: string;
  /** Holds the `nth` sendMessage from now; resolves once it is held (the process is then stuck in that send). */
  holdSend(nth: number, at: HoldAt): Promise<void>;
  /** sendMessage requests seen so far. */
  sends(): number;
  close(): Promise<void>;
}

export async function startHoldingProxy(upstream: string): Promise<HoldingProxy> {
  const target = new URL(upstream);
  let sends = 0;
  let armed: { at: HoldAt; send: number; held: () => void } | undefined;
  const open = new Set<ServerResponse>();

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    answer: (status: number, headers: object, data: Buffer) => void,
  ) => {
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => answer(res.statusCode ?? 502, res.headers, Buffer.concat(chunks)));
      },
    );
    out.on("error", () => answer(502, {}, Buffer.from("proxy: upstream failed")));
    out.end(body);
  };

  const server = createServer((req, res) => {
    open.add(res);
    res.once("close", () => open.delete(res));
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const reply = (status: number, headers: object, data: Buffer) => {
        if (!res.destroyed) res.writeHead(status, headers as Record<string, string>).end(data);
      };
      const hold = /\/sendMessage$/.test(req.url ?? "") && armed?.send === ++sends ? armed : undefined;
      if (!hold) return forward(req, body, reply);
      armed = undefined;
      if (hold.at === "before delivery") return hold.held();
      forward(req, body, () => hold.held()); // delivered; the answer is dropped
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    holdSend(nth, at) {
      return new Promise((held) => {
        armed = { at, send: sends + nth, held };
      });
    },
    sends: () => sends,
    async close() {
      for (const res of open) res.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
