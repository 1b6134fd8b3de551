import * as OpenCC from "opencc-js";

/**
 * opencc-js ships typings, but they import `./core` without an extension, which NodeNext cannot resolve, so
 * its functions come through untyped. Pin the one signature used here instead of letting `any` leak.
 */
const makeConverter: (options: { from: string; to: string }) => (text: string) => string = OpenCC.Converter;

let converter: ((text: string) => string) | undefined;

/**
 * Traditional → simplified Chinese (OpenCC's generic traditional set, which also covers Taiwan and Hong Kong
 * forms such as 臺 and 衛). The one converter the project uses: cleaning, search and eval all fold through it.
 * Built on first use, since loading its dictionaries takes a moment.
 */
export function toSimplified(text: string): string {
  converter ??= makeConverter({ from: "t", to: "cn" });
  return converter(text);
}
