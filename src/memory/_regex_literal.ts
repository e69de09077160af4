/**
 * The literal every match of a RegExp must contain, read from its source,
 * so a search can look for that literal with `indexOf` and run the RegExp
 * only where it occurs (the way grep tools do). The reading is
 * conservative: any syntax it is not sure of counts as "matches something
 * unknown", which only costs a literal, never a match.
 */

/** What a search needs to know to run a RegExp only near its literal. */
export interface RequiredLiteral {
  /** Bytes that occur in every match (chars 0-255 of the source). */
  bytes: Uint8Array;
  /**
   * The most characters a match can have before the literal starts;
   * `Infinity` when unbounded.
   */
  before: number;
  /**
   * The most characters a match can have, when the RegExp reads nothing
   * outside its match (no anchors, `\b`, lookarounds or back-references),
   * so it can be run on a window of the text; `Infinity` otherwise.
   */
  span: number;
}

/** What a piece of a pattern matches, as far as literals go. */
interface Piece {
  /** The one string this piece always matches, or undefined. */
  exact?: string;
  /** A literal every match of the piece contains ("" for none). */
  req: string;
  /** Most characters before `req` starts in a match of the piece. */
  reqAt: number;
  /** Most characters the piece can match. */
  max: number;
}

const UNKNOWN: Piece = { req: "", reqAt: 0, max: Infinity };
const ONE_CHAR: Piece = { req: "", reqAt: 0, max: 1 };
const EMPTY: Piece = { req: "", reqAt: 0, max: 0 };
/** A literal longer than this gains nothing more for the prefilter. */
const MAX_LITERAL = 64;

class GiveUp extends Error {}

/** Escapes that stand for one fixed character. */
const CONTROL: Record<string, string> = {
  n: "\n",
  r: "\r",
  t: "\t",
  f: "\f",
  v: "\v",
};
/** Escapes of one character out of a set, or zero-width ones. */
const CLASS_ESCAPES = "dDsSwW";
const ASSERT_ESCAPES = "bB";
const SYNTAX = "^$\\.*+?()[]{}|/";

class Reader {
  i = 0;
  /** Whether the pattern looks at text next to its match. */
  peeks = false;
  constructor(readonly pattern: string, readonly unicode: boolean) {}

  /** alternation := sequence ("|" sequence)* */
  alternation(): Piece {
    const branches = [this.sequence()];
    while (this.pattern[this.i] === "|") {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0];
    return { req: "", reqAt: 0, max: Math.max(...branches.map((b) => b.max)) };
  }

  /** A sequence of quantified atoms up to ")" or "|" or the end. */
  sequence(): Piece {
    const items: Piece[] = [];
    while (this.i < this.pattern.length) {
      const c = this.pattern[this.i];
      if (c === "|" || c === ")") break;
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return concat(items);
  }

  atom(): Piece {
    const s = this.pattern;
    const c = s[this.i++];
    switch (c) {
      case "^":
      case "$":
        this.peeks = true;
        return EMPTY;
      case ".":
        return ONE_CHAR;
      case "[":
        this.skipClass();
        return ONE_CHAR;
      case "(":
        return this.group();
      case "\\":
        return this.escape();
      case "*":
      case "+":
      case "?":
      case "{":
      case "}":
      case "]":
        // Quantifier syntax where no atom is (a literal brace in Annex B):
        // not worth reading exactly.
        return UNKNOWN;
      default:
        return { exact: c, req: c, reqAt: 0, max: 1 };
    }
  }

  skipClass(): void {
    const s = this.pattern;
    while (this.i < s.length && s[this.i] !== "]") {
      if (s[this.i] === "\\") this.i++;
      this.i++;
    }
    if (this.i >= s.length) throw new GiveUp();
    this.i++;
  }

  group(): Piece {
    const s = this.pattern;
    let lookaround = false;
    if (s[this.i] === "?") {
      const rest = s.slice(this.i + 1, this.i + 3);
      if (rest.startsWith(":")) this.i += 2;
      else if (rest.startsWith("=") || rest.startsWith("!")) {
        this.i += 2;
        lookaround = true;
      } else if (rest === "<=" || rest === "<!") {
        this.i += 3;
        lookaround = true;
      } else if (rest.startsWith("<")) {
        const close = s.indexOf(">", this.i);
        if (close < 0) throw new GiveUp();
        this.i = close + 1;
      } else {
        // Modifiers such as (?i:...) change how the group matches.
        throw new GiveUp();
      }
    }
    const inner = this.alternation();
    if (s[this.i] !== ")") throw new GiveUp();
    this.i++;
    // A lookaround's text is not part of the match.
    if (lookaround) this.peeks = true;
    return lookaround ? EMPTY : { ...inner };
  }

  escape(): Piece {
    const s = this.pattern;
    const c = s[this.i++];
    if (c === undefined) throw new GiveUp();
    if (CONTROL[c] !== undefined) return literal(CONTROL[c]);
    if (SYNTAX.includes(c) || c === "-") return literal(c);
    if (CLASS_ESCAPES.includes(c)) return ONE_CHAR;
    if (ASSERT_ESCAPES.includes(c)) {
      this.peeks = true;
      return EMPTY;
    }
    if (c === "0" && !/[0-9]/.test(s[this.i] ?? "")) return literal("\0");
    if (c === "x" && /^[0-9a-fA-F]{2}$/.test(s.slice(this.i, this.i + 2))) {
      this.i += 2;
      return literal(
        String.fromCharCode(parseInt(s.slice(this.i - 2, this.i), 16)),
      );
    }
    if (c === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(this.i, this.i + 4))) {
      this.i += 4;
      return literal(
        String.fromCharCode(parseInt(s.slice(this.i - 4, this.i), 16)),
      );
    }
    if (c === "c" && /[a-zA-Z]/.test(s[this.i] ?? "")) {
      this.i++;
      return ONE_CHAR;
    }
    if (c === "k" && s[this.i] === "<") {
      const close = s.indexOf(">", this.i);
      if (close < 0) throw new GiveUp();
      this.i = close + 1;
      return UNKNOWN;
    }
    if (
      this.unicode && (c === "p" || c === "P" || c === "u") && s[this.i] === "{"
    ) {
      const close = s.indexOf("}", this.i);
      if (close < 0) throw new GiveUp();
      this.i = close + 1;
      return ONE_CHAR;
    }
    // Back-references, \c, \k<name>, \u{...} and the rest: anything.
    return UNKNOWN;
  }

  quantified(atom: Piece): Piece {
    const s = this.pattern;
    let min: number;
    let max: number;
    const c = s[this.i];
    if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (m === null) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (s[this.i] === "?") this.i++;
    const total = atom.max === 0 || max === 0 ? 0 : atom.max * max;
    if (min === 0) return { req: "", reqAt: 0, max: total };
    if (
      atom.exact !== undefined && min === max &&
      atom.exact.length * min <= MAX_LITERAL
    ) {
      const text = atom.exact.repeat(min);
      return { exact: text, req: text, reqAt: 0, max: text.length };
    }
    return { req: atom.req, reqAt: atom.reqAt, max: total };
  }
}

function literal(c: string): Piece {
  return { exact: c, req: c, reqAt: 0, max: 1 };
}

/** The best literal of a sequence: a run of exact pieces, or a piece's own. */
function concat(items: Piece[]): Piece {
  let req = "";
  let reqAt = 0;
  let before = 0; // most characters before the current item
  let run = "";
  let runAt = 0;
  const better = (text: string, at: number) => {
    if (text.length > req.length) [req, reqAt] = [text, at];
  };
  for (const p of items) {
    if (p.exact !== undefined) {
      if (run === "") runAt = before;
      run += p.exact;
    } else {
      better(run, runAt);
      run = "";
      better(p.req, before + p.reqAt);
    }
    before += p.max;
  }
  better(run, runAt);
  const exact = items.every((p) => p.exact !== undefined)
    ? items.map((p) => p.exact).join("")
    : undefined;
  return { exact, req, reqAt, max: before };
}

/**
 * The literal of `re` (chars 0-255 only, at most 64), or undefined when
 * there is none, the pattern ignores case, or its syntax is not read here.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requiredLiteral } from "./_regex_literal.ts";
 *
 * const lit = requiredLiteral(/[0-9]{2}:NEEDLE-[0-9]+/)!;
 * assert.equal(new TextDecoder().decode(lit.bytes), ":NEEDLE-");
 * assert.equal(lit.before, 2); // "12:NEEDLE-7": the literal starts at 2
 * assert.equal(lit.span, Infinity); // "+": no bound on a match's length
 * ```
 */
export function requiredLiteral(re: RegExp): RequiredLiteral | undefined {
  if (/[iv]/.test(re.flags)) return undefined;
  let piece: Piece;
  let peeks: boolean;
  try {
    const reader = new Reader(re.source, re.flags.includes("u"));
    piece = reader.alternation();
    peeks = reader.peeks;
    if (reader.i !== re.source.length) return undefined;
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
  const text = piece.req.slice(0, MAX_LITERAL);
  if (text === "") return undefined;
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    // A character above 255 is no byte: no match can exist, and the
    // RegExp itself says so.
    if (c > 255) return undefined;
    bytes[k] = c;
  }
  return { bytes, before: piece.reqAt, span: peeks ? Infinity : piece.max };
}
