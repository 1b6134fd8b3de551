import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy on 127.0.0.1 in front of a Bot API server, that can break the connection the way networks do:
 * - `outage(true)`: every connection, open or new, is reset (ECONNRESET) until `outage(false)`;
 * - `resetNext(method, n)`: the next `n` requests for a Bot API method are reset before they reach the server;
 * - `blackhole(true)`: connections are accepted and never answered.
 * It reads only the request line of each chunk (`POST /bot<token>/<method>`), never the body.
 */
export interface FaultProxy {
  apiRoot: string;
  outage(on: boolean): void;
  resetNext(method: string, count: number): void;
  blackhole(on: boolean): void;
  /** Requests reset so far, by method. */
  resets: Map<string, number>;
  stop(): Promise<void>;
}

export async function startFaultProxy(target: { port: number }): Promise<FaultProxy> {
  let down = false;
  let silent = false;
  const toReset = new Map<string, number>();
  const resets = new Map<string, number>();
  const open = new Set<Socket>();

  const server: Server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => {});
    if (down) return void client.resetAndDestroy();
    if (silent) return; // accepted, never answered
    const upstream = connect(target.port, "127.0.0.1");
    open.add(upstream);
    upstream.on("close", () => open.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("data", (chunk: Buffer) => {
      const method = /^(?:POST|GET) \/bot[^/\s]+\/(\w+)/.exec(chunk.toString("latin1", 0, 200))?.[1];
      const pending = method ? (toReset.get(method) ?? 0) : 0;
      if (method && pending > 0) {
        toReset.set(method, pending - 1);
        resets.set(method, (resets.get(method) ?? 0) + 1);
        upstream.destroy();
        return void client.resetAndDestroy();
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => client.write(chunk));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    resets,
    outage(on) {
      down = on;
      if (on) for (const socket of open) socket.resetAndDestroy();
    },
    resetNext(method, count) {
      toReset.set(method, count);
    },
    blackhole(on) {
      silent = on;
    },
    async stop() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
