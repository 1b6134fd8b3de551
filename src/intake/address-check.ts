import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/**
 * Whether a fetch may go to a host: every address it resolves to must be a public unicast address — never
 * loopback, private (10/8, 192.168/16, fc00::/7…), link-local (169.254/16: cloud metadata), carrier-grade NAT,
 * multicast or reserved — unless private addresses are allowed (FETCH_ALLOW_PRIVATE, for tests and intranets).
 * Checked for the first url and again for every redirect hop. (The address is checked when resolved, and fetch
 * resolves again when it connects; a DNS server that answers differently within that instant is not covered.)
 */
export async function checkHost(
  hostname: string,
  allowPrivate: boolean | readonly string[],
): Promise<string | undefined> {
  const host = hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch (error) {
      return `cannot resolve ${host} (${(error as NodeJS.ErrnoException).code ?? "error"})`;
    }
  }
  if (allowPrivate === true) return undefined;
  for (const address of addresses) {
    if (allowPrivate !== false && allowPrivate.includes(address)) continue;
    const range = ipaddr.process(address).range();
    if (range !== "unicast")
      return `${host} resolves to a ${range} address (${address}), which is not fetched`;
  }
  return undefined;
}
