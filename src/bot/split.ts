/**
 * Packs Telegram HTML into messages of at most 4096 characters without ever producing HTML that Telegram rejects:
 * no cut inside a tag or an entity, and every piece closes the tags it opened and reopens them in the next piece.
 *
 * Lengths are counted in UTF-16 code units of the whole HTML string (tags included). Telegram counts the visible
 * text only, so this over-counts and a message that fits here always fits there.
 */

/** Telegram's limit on the text of one message. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

const JOIN = "\n\n";

/**
 * Packs pre-rendered blocks (each balanced HTML on its own) into as few messages as possible, in order, joined by
 * a blank line. A block never spans two messages unless it is longer than `limit` on its own, in which case it is
 * cut by {@link splitLongBlock} — its first piece filling the rest of the current message when at least a quarter
 * of it is free. Empty blocks are dropped: Telegram refuses an empty message.
 *
 * @example
 * splitMessages(["衡阳高新区规划面积170.57平方公里[1]。", "<b>来源</b>"]);
 * // ["衡阳高新区规划面积170.57平方公里[1]。\n\n<b>来源</b>"]
 */
export function splitMessages(blocks: readonly string[], limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  // Greedy next-fit is optimal here: the order is fixed, so filling each message before starting the next one
  // can never lead to more messages than any other contiguous grouping.
  const messages: string[] = [];
  let current = "";
  for (const block of blocks) {
    if (block.trim() === "") continue;
    if (block.length <= limit) {
      if (current === "") current = block;
      else if (current.length + JOIN.length + block.length <= limit) current += JOIN + block;
      else {
        messages.push(current);
        current = block;
      }
      continue;
    }

    // A block that has to be cut anyway starts in the room left by the last message, if there is a fair amount
    // of it: the answer and the start of its long quote then arrive together.
    const room = current === "" ? 0 : limit - current.length - JOIN.length;
    const sharing = room >= limit / 4 ? tryCutBlock(block, (i) => (i === 0 ? room : limit)) : undefined;
    const [first = "", ...rest] = sharing ?? cutBlock(block, () => limit);
    if (sharing) current += JOIN + first;
    else {
      if (current !== "") messages.push(current);
      current = first;
    }
    for (const piece of rest) {
      messages.push(current);
      current = piece;
    }
  }
  if (current !== "") messages.push(current);
  return messages;
}

/**
 * Cuts one balanced HTML block into pieces of at most `limit` characters, each balanced on its own. It prefers, in
 * order: a paragraph break, a line break, the end of a sentence (。！？!?；; and `. `), a clause break or space,
 * and only then a hard cut at the limit — but a preferred break is taken only if it keeps the piece at least half
 * full, so one early blank line does not leave a near-empty message. Tags open at a cut are closed at the end of
 * the piece and reopened, attributes and all (`<a href="…">`, `<blockquote expandable>`), at the start of the next.
 * A cut lands before whitespace and the next piece skips it: it would only show as blank lines inside a reopened
 * quote.
 *
 * Throws a RangeError if the open tags alone leave no room for a single character (a limit far below any real
 * message, or an absurdly long `href`).
 *
 * @example
 * splitLongBlock("<b>一句话。两句话。</b>", 12);
 * // ["<b>一句话。</b>", "<b>两句话。</b>"]
 */
export function splitLongBlock(block: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  return cutBlock(block, () => limit);
}

/** cutBlock, or undefined when a piece's limit leaves no room for its open tags (the caller then starts afresh). */
function tryCutBlock(block: string, limitOf: (piece: number) => number): string[] | undefined {
  try {
    return cutBlock(block, limitOf);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** splitLongBlock with a limit per piece, so the first piece can fill what is left of a message. */
function cutBlock(block: string, limitOf: (piece: number) => number): string[] {
  const tokens = tokenize(block);
  const pieces: string[] = [];
  let stack: OpenTag[] = [];
  let start = skipWhitespace(tokens, 0);

  while (start < tokens.length) {
    const prefix = stack.map((tag) => tag.raw).join("");
    const cut = findCut(tokens, start, stack, prefix.length, limitOf(pieces.length));
    const body = tokens
      .slice(start, cut.at)
      .map((t) => t.raw)
      .join("");
    pieces.push(prefix + body + closers(cut.stack));
    stack = cut.stack;
    start = skipWhitespace(tokens, cut.at);
  }
  return pieces;
}

/**
 * True when `html` is well-formed Telegram HTML: every tag is closed in the right order, and no bare `<` or `&`
 * (a tag or entity cut in half, or text left unescaped) remains.
 *
 * @example
 * balanceCheck("<b>a <i>b</i></b>"); // true
 * balanceCheck("<b>a <i>b</b></i>"); // false
 * balanceCheck("<a hre"); // false
 */
export function balanceCheck(html: string): boolean {
  const stack: string[] = [];
  for (const token of tokenize(html)) {
    if (token.kind === "open") stack.push(token.name);
    else if (token.kind === "close" && stack.pop() !== token.name) return false;
    else if (token.kind === "text" && (token.raw === "<" || token.raw === "&")) return false;
  }
  return stack.length === 0;
}

// ── tokens ───────────────────────────────────────────────────────────────────────────────────────────────────

type Token =
  | { kind: "open"; raw: string; name: string }
  | { kind: "close"; raw: string; name: string }
  /** A void tag such as `<br/>`: atomic, never on the stack. */
  | { kind: "void"; raw: string }
  | { kind: "entity"; raw: string }
  /** One code point, so a cut never separates the halves of a surrogate pair (emoji, rare Han characters). */
  | { kind: "text"; raw: string };

interface OpenTag {
  name: string;
  raw: string;
}

const TOKEN =
  /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?>|&(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);|[\s\S]/gu;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const match of html.matchAll(TOKEN)) {
    const raw = match[0];
    const name = match[2]?.toLowerCase();
    if (name === undefined) tokens.push({ kind: raw.length > 1 ? "entity" : "text", raw });
    else if (match[1] === "/") tokens.push({ kind: "close", raw, name });
    else if (raw.endsWith("/>")) tokens.push({ kind: "void", raw });
    else tokens.push({ kind: "open", raw, name });
  }
  return tokens;
}

// ── cutting ──────────────────────────────────────────────────────────────────────────────────────────────────

/** Break quality, best first. A cut of a better kind wins if it keeps the piece at least half full. */
const Kind = { Paragraph: 0, Line: 1, Sentence: 2, Clause: 3, Hard: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const SENTENCE_END = new Set(["。", "！", "？", "!", "?", "；", ";", "…"]);
/** Closing quotes and brackets that belong to the sentence they end: cut after them, not before. */
const CLOSING = new Set(["”", "’", "」", "』", "）", ")", "》", '"', "'", "】"]);
const CLAUSE_END = new Set(["，", ",", "、", "：", ":"]);

interface Cut {
  /** Token index the next piece starts at. */
  at: number;
  /** Tags still open at the cut. */
  stack: OpenTag[];
}

/**
 * Scans forward from `start` while the piece could still fit and returns the best cut. A cut is only made after
 * text (never right after an opening tag, which would leave an empty element) and never just before a closing tag:
 * taking the closing tag into the piece costs exactly what appending it would, and saves an empty element in the
 * next piece.
 */
function findCut(tokens: Token[], start: number, initial: OpenTag[], prefix: number, limit: number): Cut {
  const stack = [...initial];
  const best: (Cut | undefined)[] = [];
  const fill: number[] = [];
  let length = prefix;
  let hasText = false;

  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    length += token.raw.length;
    if (length > limit) break;
    if (token.kind === "open") stack.push({ name: token.name, raw: token.raw });
    else if (token.kind === "close") popMatching(stack, token.name);
    else if (token.kind === "text" || token.kind === "entity") hasText = true;

    const at = i + 1;
    if (length + closers(stack).length > limit) continue;
    if (at === tokens.length) return { at, stack: [...stack] };
    if (!hasText || token.kind === "open" || tokens[at]?.kind === "close") continue;

    const kind = breakKind(tokens, at);
    for (let k: number = kind; k <= Kind.Hard; k++) {
      best[k] = { at, stack: [...stack] };
      fill[k] = length;
    }
  }

  for (let k: number = Kind.Paragraph; k < Kind.Hard; k++) {
    const cut = best[k];
    if (cut && (fill[k] ?? 0) >= limit / 2) return cut;
  }
  const hard = best[Kind.Hard];
  if (!hard)
    throw new RangeError(`splitLongBlock: open tags leave no room for text within ${limit} characters`);
  return hard;
}

/** How good a break it is to end a piece just before token `at`. */
function breakKind(tokens: Token[], at: number): Kind {
  const next = tokens[at];
  if (next?.raw === "\n") return tokens[at + 1]?.raw === "\n" ? Kind.Paragraph : Kind.Line;

  // The last character of the piece, looking back past closing tags and closing quotes.
  let i = at - 1;
  while (i >= 0 && (tokens[i]?.kind === "close" || CLOSING.has(tokens[i]?.raw ?? ""))) i--;
  const last = tokens[i]?.raw ?? "";
  if (SENTENCE_END.has(last)) return Kind.Sentence;
  // An English full stop ends a sentence only before a space: "170.57" is one number.
  if (last === "." && next?.raw === " ") return Kind.Sentence;
  if (CLAUSE_END.has(last) || next?.raw === " ") return Kind.Clause;
  return Kind.Hard;
}

function popMatching(stack: OpenTag[], name: string): void {
  const index = stack.map((tag) => tag.name).lastIndexOf(name);
  if (index >= 0) stack.splice(index);
}

function closers(stack: readonly OpenTag[]): string {
  return [...stack]
    .reverse()
    .map((tag) => `</${tag.name}>`)
    .join("");
}

function isSpace(token: Token | undefined): boolean {
  return token?.kind === "text" && /^\s$/u.test(token.raw);
}

function skipWhitespace(tokens: Token[], from: number): number {
  let i = from;
  while (isSpace(tokens[i])) i++;
  return i;
}
