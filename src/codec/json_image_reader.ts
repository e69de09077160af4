/**
 * crit's JSON text -> image bytes, pushed in pieces, with bounded memory: the
 * reader behind JsonToImageStream and `crit encode`. Kept apart from the
 * stream class so the CLI does not load web streams at startup.
 */
import type { JsonObject } from "../json/types.ts";
import {
  advanceOrigin,
  type JsonOrigin,
  jsonPosition,
  JsonSyntaxError,
  parseJson,
  parseJsonItems,
} from "../json/mod.ts";
import { hasHandler, type StreamedPayload } from "../image/handlers.ts";
import { EntryWriter } from "../image/entry_writer.ts";
import { headerWord, MAGICS } from "../image/magic.ts";
import { WireWriter } from "../wire/wire.ts";
import { JsonShapeError } from "../wire/errors.ts";
import { encodeSync } from "./encode.ts";
import { parse } from "./json.ts";
import { ItemScan, MORE } from "./_item_scan.ts";
import { flatString, JOIN_BELOW } from "./_flat_text.ts";
import { DEFAULT_MAX_ENTRY_SIZE } from "./options.ts";
import {
  type Cursor,
  type Deferred,
  PayloadReader,
} from "./_payload_reader.ts";

const enum Phase {
  Top,
  Entries,
  Streamed,
  AfterEntries,
  Done,
  /** "entries" came before "magic": keep the whole text and encode at the end. */
  Collect,
}

/**
 * The longest text whose entries may wait for its end: as long as the
 * largest entry the default limit lets through, so nothing is held that a
 * large entry would not hold anyway.
 */
const WHOLE_TEXT_LIMIT = DEFAULT_MAX_ENTRY_SIZE;
/** An entry this long and not complete yet waits for the end of a small text. */
const LARGE_ENTRY = 16 * 1024;

const WS = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The streaming reader behind JsonToImageStream: text in, bytes out. */
export class JsonImageReader {
  #buf = "";
  #pos = 0;
  /** Characters dropped from the front of #buf so far. */
  #base = 0;
  /** Where the state #prefix() describes starts in the buffer. */
  #from = 0;
  /** Python's position of #buf[0] in the document, for syntax errors. */
  #origin: JsonOrigin = { lines: 0, cp: 0, lineStartCp: 0 };
  /** The same for the start of the element being scanned. */
  #elemOrigin: JsonOrigin = { lines: 0, cp: 0, lineStartCp: 0 };
  #phase = Phase.Top;
  #magic: string | undefined;
  /** The magic the caller expects, when entries may come first. */
  #hint: string | undefined;
  #writer: EntryWriter | undefined;
  #w = new WireWriter(64 * 1024);
  #out: (bytes: Uint8Array) => void;
  #streamAbove: number;
  #topKeys = 0;
  /** An entry was written; a comma or the end of the array comes next. */
  #needComma = false;
  #retryAt = 0;
  /** #buf was grown by concatenation since it was last flattened. */
  #rope = false;
  /** The strings #buf was concatenated from, while they are all of it. */
  #ropeParts: string[] | undefined;
  /** The whole text is known to be at most WHOLE_TEXT_LIMIT long. */
  #smallText: boolean;
  #itemScan: ItemScan | undefined;
  /** The current entry's end was found by #itemScan. */
  #scanFound = false;
  #eof = false;
  #opened = false;
  // Element scan state, resumable across chunks. Text of the element already
  // scanned is moved to #elemParts, so a chunk is scanned once and the
  // buffer never grows with the element.
  #elem = -1;
  #elemParts: string[] = [];
  #elemLen = 0;
  #scan = 0;
  #depth = 0;
  #inString = false;
  #escape = false;
  #expectKey = false;
  /** Key text so far when a key string is open, else undefined. */
  #key: string | undefined;
  #keyStart = -1;
  /** Positions within the element text (absolute, from its first char). */
  #lastSep = -1;
  #extraSep = -1;
  #extraValue = -1;
  #pendingExtraKey = false;
  /** The payload of the entry being streamed. */
  #streaming: PayloadReader | undefined;
  /** This reader's text and token readers, lent to #streaming. */
  #cursor: Cursor;

  /**
   * Bytes go to `out` and are only valid during that call (payload bytes are
   * a view of a reused buffer); see JsonToImageStream's options for `streamAbove`.
   */
  /**
   * `magic`, when the caller knows it (from a first look at a file), lets
   * entries that come before the `"magic"` key (JSON with sorted keys) be
   * encoded as they arrive instead of keeping the whole text; the key must
   * then say the same.
   */
  /**
   * `textSize`, when the caller knows an upper bound of the whole text's
   * length (a file's size in bytes), lets a large entry in a text of at
   * most WHOLE_TEXT_LIMIT be encoded once the text has ended instead of
   * being scanned for its end first: the text is held either way.
   */
  constructor(
    out: (bytes: Uint8Array) => void,
    streamAbove = 1024 * 1024,
    magic?: string,
    textSize?: number,
  ) {
    this.#out = out;
    this.#streamAbove = streamAbove;
    this.#hint = magic;
    this.#smallText = textSize !== undefined && textSize <= WHOLE_TEXT_LIMIT;
    // deno-lint-ignore no-this-alias
    const self = this;
    this.#cursor = {
      get buf() {
        return self.#buf;
      },
      get pos() {
        return self.#pos;
      },
      set pos(v) {
        self.#pos = v;
      },
      get from() {
        return self.#from;
      },
      set from(v) {
        self.#from = v;
      },
      get w() {
        return self.#w;
      },
      get writer() {
        return self.#writer!;
      },
      peek: () => this.#peek(),
      expect: (ch) => this.#expect(ch),
      string: () => this.#string(),
      syntax: (what, at) => this.#syntax(what, at),
      locate: (i) => this.#locate(i),
      flush: (bytes) => this.#flushBytes(bytes),
      out: (bytes) => this.#out(bytes),
    };
  }

  /** The image's magic, once known. */
  get magic(): string | undefined {
    return this.#magic;
  }

  /** Whether the whole text is being kept: "entries" came before "magic", and no hint. */
  get collecting(): boolean {
    return this.#phase === Phase.Collect;
  }

  push(text: string): void {
    // Until the magic is known the whole text is kept: it may have to be
    // parsed as one document (when "entries" comes first).
    const keepAll = this.#phase === Phase.Collect ||
      (this.#phase === Phase.Top && this.#magic === undefined);
    if (!keepAll && this.#pos > 0) {
      advanceOrigin(this.#origin, this.#buf, 0, this.#pos);
      this.#base += this.#pos;
      this.#buf = this.#buf.slice(this.#pos);
      this.#ropeParts = undefined;
      if (this.#elem >= 0) {
        this.#elem -= this.#pos;
        this.#scan -= this.#pos;
        if (this.#keyStart >= 0) this.#keyStart -= this.#pos;
      }
      this.#from = Math.max(0, this.#from - this.#pos);
      this.#pos = 0;
    }
    const rest = this.#buf;
    if (rest.length === 0) {
      this.#buf = text;
    } else if (rest.length < JOIN_BELOW) {
      this.#buf = [rest, text].join("");
    } else {
      // A large entry or document being held: grown as a rope, flattened
      // once when it is read (#entries), from its parts when it was not
      // trimmed meanwhile.
      if (!this.#rope) this.#ropeParts = [rest];
      this.#ropeParts?.push(text);
      this.#buf = rest + text;
      this.#rope = true;
    }
    if (this.#itemScan !== undefined && !this.#itemScan.found) {
      this.#itemScan.scan(text, 0);
    }
    this.#run(false);
  }

  end(): void {
    this.#run(true);
    if (this.#phase === Phase.Collect) {
      this.#flushBytes(encodeSync(parse(this.#buf)));
      return;
    }
    if (this.#phase !== Phase.Done) {
      this.#syntax("Unexpected end of JSON input", this.#buf.length);
    }
  }

  #syntax(what: string, at: number): never {
    const prefix = this.#prefix();
    if (prefix !== undefined) this.#notJson(prefix);
    throw new SyntaxError(`${what} (char ${this.#base + at})`);
  }

  /**
   * JSON text that leaves a parser where this reader is at #from, outside
   * any entry; undefined inside a large or streamed entry.
   */
  #prefix(): string | undefined {
    switch (this.#phase) {
      case Phase.Top:
        return !this.#opened ? "" : this.#topKeys > 0 ? '{"k": 0' : "{";
      case Phase.Entries:
        // A large element is seen from its start (see #notJson).
        if (this.#needComma && this.#elem < 0) return '{"k": [0';
        return this.#writer!.index === 0 ? '{"k": [' : '{"k": [0,';
      case Phase.AfterEntries:
        return '{"k": []';
      case Phase.Streamed: {
        const r = this.#streaming!;
        if (r.partOpen) return undefined;
        const object = r.payload.parts[0] !== null;
        // In the entry, after `"extra":`.
        const extra = '{"k": [{"k": ';
        if (r.part === r.payload.parts.length) {
          return extra + (object && !r.extraClosed ? '{"k": "x"' : '"x"');
        }
        if (!object || !r.extraOpened) return extra;
        return extra + (r.members > 0 ? '{"k": "x"' : "{");
      }
      case Phase.Done:
        return "{}";
    }
    return undefined;
  }

  /**
   * Throws Python's error for a document that is not JSON. What came before
   * #from was valid, so the first error is in the rest of the buffer, and
   * parsing that rest behind `prefix` finds it with Python's words; the
   * position is then moved to the document's.
   */
  #notJson(prefix: string): void {
    let rest: string;
    /** Where `rest` starts in the document and in Python's count. */
    let start: number;
    let origin: JsonOrigin;
    if (this.#phase === Phase.Entries && this.#elem >= 0) {
      // The element's text so far was moved out of the buffer as scanned.
      rest = this.#elemParts.join("") + this.#buf.slice(this.#elem);
      start = this.#base + this.#elem - this.#elemLen;
      origin = this.#elemOrigin;
    } else {
      rest = this.#buf.slice(this.#from);
      start = this.#base + this.#from;
      origin = { ...this.#origin };
      advanceOrigin(origin, this.#buf, 0, this.#from);
    }
    try {
      parseJson(prefix + rest);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError) || e.index < prefix.length) throw e;
      const at = e.index - prefix.length;
      throw new JsonSyntaxError(
        e.reason,
        start + at,
        jsonPosition(rest, at, origin),
      );
    }
  }

  #flushBytes(bytes?: Uint8Array): void {
    if (this.#w.pos > 0) {
      this.#out(this.#w.finish());
      this.#w.pos = 0;
    }
    if (bytes && bytes.length) this.#out(bytes);
  }

  #run(eof: boolean): void {
    this.#eof = eof;
    try {
      for (;;) {
        switch (this.#phase) {
          case Phase.Top:
            this.#top();
            break;
          case Phase.Entries:
            this.#entries();
            break;
          case Phase.Streamed:
            this.#streaming!.run();
            if (this.#streaming!.done) {
              this.#streaming = undefined;
              this.#phase = Phase.Entries;
              this.#elem = -1;
              this.#needComma = true;
            }
            break;
          case Phase.AfterEntries:
            this.#afterEntries();
            break;
          case Phase.Done:
            this.#from = this.#pos;
            this.#skipWs();
            if (this.#pos < this.#buf.length) {
              this.#syntax("Extra data", this.#pos);
            }
            return;
          case Phase.Collect:
            return;
        }
      }
    } catch (e) {
      if (e !== MORE) throw e;
      if (this.#w.pos >= 64 * 1024) this.#flushBytes();
      if (eof && this.#phase !== Phase.Collect) {
        const streaming = this.#streaming;
        if (this.#phase === Phase.Streamed && streaming!.partOpen) {
          throw new SyntaxError(
            `Unterminated string starting at${streaming!.partQuote}`,
          );
        }
        this.#syntax("Unexpected end of JSON input", this.#buf.length);
      }
    }
  }

  #skipWs(): void {
    const b = this.#buf;
    while (this.#pos < b.length && WS(b.charCodeAt(this.#pos))) this.#pos++;
  }

  #peek(): number {
    this.#skipWs();
    if (this.#pos >= this.#buf.length) throw MORE;
    return this.#buf.charCodeAt(this.#pos);
  }

  #expect(ch: string): void {
    if (this.#peek() !== ch.charCodeAt(0)) {
      this.#syntax(`Expecting '${ch}'`, this.#pos);
    }
    this.#pos++;
  }

  /** A complete JSON string token at #pos (short ones: keys and the magic). */
  #string(): string {
    if (this.#peek() !== 0x22) this.#syntax("Expecting a string", this.#pos);
    const b = this.#buf;
    let i = this.#pos + 1;
    for (;;) {
      const j = b.indexOf('"', i);
      if (j < 0) throw MORE;
      let k = j - 1;
      while (b.charCodeAt(k) === 0x5c) k--;
      if ((j - 1 - k) % 2 === 0) {
        let s: string;
        try {
          s = parseJson(b.slice(this.#pos, j + 1)) as string;
        } catch (e) {
          // Python's words for the token, placed in the document.
          if (!(e instanceof JsonSyntaxError)) throw e;
          const at = this.#pos + e.index;
          throw new JsonSyntaxError(e.reason, at, this.#locate(at));
        }
        this.#pos = j + 1;
        return s;
      }
      i = j + 1;
    }
  }

  #top(): void {
    for (;;) {
      // Each step either completes or leaves #pos where it started.
      const save = this.#pos;
      this.#from = save;
      try {
        if (!this.#opened) {
          this.#expect("{");
          this.#opened = true;
          continue;
        }
        if (this.#peek() === 0x7d) {
          throw new JsonShapeError(
            this.#magic === undefined ? "magic" : "entries",
            "missing",
          );
        }
        if (this.#topKeys > 0) this.#expect(",");
        const key = this.#string();
        this.#expect(":");
        if (key === "magic") {
          if (this.#peek() !== 0x22) {
            // No magic name: the document is read whole, as the general
            // path reads it, so that a syntax error anywhere in it comes
            // before this one, as in Python.
            this.#phase = Phase.Collect;
            return;
          }
          const magic = this.#string();
          this.#topKeys++;
          this.#begin(magic);
          continue;
        }
        if (key === "entries") {
          this.#expect("[");
          this.#topKeys++;
          this.#elem = -1;
          if (this.#magic === undefined && this.#hint !== undefined) {
            this.#begin(this.#hint);
          }
          this.#phase = this.#magic === undefined
            ? Phase.Collect
            : Phase.Entries;
          return;
        }
        throw new JsonShapeError(key, "unknown key at the top level");
      } catch (e) {
        if (e === MORE) this.#pos = save;
        throw e;
      }
    }
  }

  #begin(magic: string): void {
    if (!Object.hasOwn(MAGICS, magic)) {
      throw new JsonShapeError(
        "magic",
        `unknown magic ${JSON.stringify(magic)}`,
      );
    }
    if (!hasHandler(magic)) {
      throw new JsonShapeError(
        "magic",
        `no handler for images with magic ${magic}`,
      );
    }
    this.#magic = magic;
    const head = headerWord(magic);
    if (head !== undefined) this.#w.fixed32(head);
    this.#w.fixed32(MAGICS[magic]);
    this.#writer = new EntryWriter(magic);
  }

  /** After the entries array: the rest of the top-level object. */
  #afterEntries(): void {
    const save = this.#pos;
    this.#from = save;
    try {
      if (this.#peek() === 0x7d) {
        if (this.#topKeys < 2) throw new JsonShapeError("magic", "missing");
        this.#pos++;
        this.#flushBytes();
        this.#phase = Phase.Done;
        return;
      }
      this.#expect(",");
      const key = this.#string();
      if (key === "magic" && this.#hint !== undefined && this.#topKeys === 1) {
        // Sorted keys: the magic the entries were encoded for comes last.
        this.#expect(":");
        const magic = this.#string();
        if (magic !== this.#hint) {
          throw new JsonShapeError(
            "magic",
            `${magic} after entries of ${this.#hint}`,
          );
        }
        this.#topKeys++;
        return;
      }
      throw new JsonShapeError(
        key,
        key === "magic" ? "duplicate key" : "unknown key at the top level",
      );
    } catch (e) {
      if (e === MORE) this.#pos = save;
      throw e;
    }
  }

  /** Python's `: line L column C (char N)` for index `i` of the buffer. */
  #locate = (i: number): string => jsonPosition(this.#buf, i, this.#origin);

  /** Entries taken straight from the text (see EntryWriter.writeText). */
  #direct = (text: string, start: number): number => {
    const end = this.#writer!.writeText(text, start, this.#w);
    if (end >= 0 && this.#w.pos >= 64 * 1024) this.#flushBytes();
    return end;
  };

  #entries(): void {
    let b = this.#buf;
    for (;;) {
      this.#from = this.#pos;
      if (this.#elem >= 0) {
        // A large element being scanned for its payload.
        if (!this.#scanElement()) return;
        continue;
      }
      if (this.#itemScan !== undefined) {
        // A large entry is parsed once its end has arrived, not again and
        // again as the text grows.
        if (!this.#itemScan.found && !this.#eof) throw MORE;
        this.#itemScan = undefined;
        this.#scanFound = true;
      } else if (this.#retryAt > 0) {
        // After an entry came up short, wait until the text has doubled: an
        // entry cut into tiny chunks is then parsed O(1) times, not once per chunk.
        if (b.length - this.#pos < this.#retryAt && !this.#eof) throw MORE;
        this.#retryAt = 0;
      }
      if (this.#rope) {
        b = this.#buf = this.#ropeParts?.join("") ?? flatString(b);
        this.#rope = false;
        this.#ropeParts = undefined;
      }
      const r = parseJsonItems(
        b,
        this.#pos,
        this.#needComma,
        this.#writer!.index === 0,
        (entry) => {
          this.#writer!.write(entry, this.#w);
          if (this.#w.pos >= 64 * 1024) this.#flushBytes();
        },
        this.#direct,
        this.#locate,
      );
      if (r.end > this.#pos) this.#scanFound = false;
      this.#pos = r.end;
      this.#needComma = r.needComma;
      if (r.closed) {
        this.#pos++;
        this.#phase = Phase.AfterEntries;
        return;
      }
      if (!r.incomplete || this.#eof) throw MORE;
      const have = b.length - this.#pos;
      if (have > this.#streamAbove && this.#writer!.streams) {
        // Its payload may be big: scan for it and stream it.
        this.#startElement();
        continue;
      }
      const c = b.charCodeAt(this.#pos);
      // Entries that may stream a payload are looked at again as the text
      // doubles, to switch to streaming once they pass #streamAbove.
      const scan = !this.#scanFound && !this.#writer!.streams;
      if (scan && this.#smallText && have >= LARGE_ENTRY) {
        // Scanning a large entry for its end costs a pass over it that
        // waiting for the end of the text does not.
        this.#retryAt = Infinity;
      } else if (scan && (c === 0x7b || c === 0x5b)) {
        this.#itemScan = new ItemScan();
        this.#itemScan.scan(b, this.#pos);
      } else {
        // Also when the scan saw an end the parser did not: never loop.
        this.#retryAt = 2 * have;
      }
      throw MORE;
    }
  }

  #startElement(): void {
    this.#elemOrigin = { ...this.#origin };
    advanceOrigin(this.#elemOrigin, this.#buf, 0, this.#pos);
    this.#elem = this.#pos;
    this.#elemParts = [];
    this.#elemLen = 0;
    this.#scan = this.#pos;
    this.#depth = 0;
    this.#inString = false;
    this.#escape = false;
    this.#expectKey = false;
    this.#key = undefined;
    this.#keyStart = -1;
    this.#lastSep = -1;
    this.#extraSep = -1;
    this.#extraValue = -1;
    this.#pendingExtraKey = false;
  }

  /** Position `i` of the buffer as a position in the element text. */
  #at(i: number): number {
    return this.#elemLen + i - this.#elem;
  }

  /**
   * Scans the current element; true when it was complete and written, false
   * when it switched to streaming. Throws MORE when the text runs out.
   */
  #scanElement(): boolean {
    const b = this.#buf;
    const n = b.length;
    let i = this.#scan;
    let backslash = -2;
    while (i < n) {
      if (this.#inString) {
        if (this.#escape) {
          this.#escape = false;
          i++;
          continue;
        }
        // Jump to the next quote or backslash.
        const q = b.indexOf('"', i);
        if (backslash < i && backslash !== -1) backslash = b.indexOf("\\", i);
        if (backslash !== -1 && (q === -1 || backslash < q)) {
          this.#escape = true;
          i = backslash + 1;
          continue;
        }
        if (q === -1) {
          i = n;
          break;
        }
        this.#inString = false;
        if (this.#key !== undefined) {
          const key = this.#key + b.slice(this.#keyStart, q + 1);
          if (key === '"extra"') this.#pendingExtraKey = true;
          this.#key = undefined;
          this.#keyStart = -1;
        }
        i = q + 1;
        continue;
      }
      const c = b.charCodeAt(i);
      switch (c) {
        case 0x22:
          this.#inString = true;
          if (this.#depth === 1 && this.#expectKey) {
            this.#key = "";
            this.#keyStart = i;
            this.#expectKey = false;
          }
          break;
        case 0x7b:
        case 0x5b:
          this.#depth++;
          if (this.#depth === 1 && c === 0x7b) {
            this.#expectKey = true;
            this.#lastSep = this.#at(i);
          }
          break;
        case 0x7d:
        case 0x5d:
          this.#depth--;
          if (this.#depth === 0) {
            this.#elemParts.push(b.slice(this.#elem, i + 1));
            const text = this.#elemParts.join("");
            this.#elem = -1;
            this.#elemParts = [];
            this.#pos = i + 1;
            this.#writeWhole(text);
            this.#needComma = true;
            return true;
          }
          break;
        case 0x2c:
          if (this.#depth === 1) {
            this.#expectKey = true;
            this.#lastSep = this.#at(i);
          }
          break;
        case 0x3a:
          if (this.#depth === 1 && this.#pendingExtraKey) {
            this.#pendingExtraKey = false;
            this.#extraSep = this.#lastSep;
            this.#extraValue = this.#at(i + 1);
          }
          break;
        default:
          if (this.#depth === 0 && !WS(c)) {
            this.#syntax("Expecting an entry object", i);
          }
      }
      i++;
    }
    // The chunk is scanned: move its part of the element out of the buffer.
    if (this.#key !== undefined) {
      this.#key += b.slice(this.#keyStart, n);
      this.#keyStart = n;
    }
    this.#elemParts.push(b.slice(this.#elem, n));
    this.#elemLen += n - this.#elem;
    this.#elem = n;
    this.#scan = n;
    this.#pos = n;
    if (
      this.#extraValue >= 0 && this.#elemLen > this.#streamAbove &&
      this.#startStreaming()
    ) {
      return false;
    }
    throw MORE;
  }

  #writeWhole(text: string): void {
    this.#writer!.write(parseJson(text), this.#w);
    if (this.#w.pos >= 64 * 1024) this.#flushBytes();
  }

  /** Writes the message of the current element and streams its `extra`. */
  #startStreaming(): boolean {
    const text = this.#elemParts.join("");
    this.#elemParts = [text];
    const head = text.charCodeAt(this.#extraSep) === 0x7b
      ? "{}"
      : text.slice(0, this.#extraSep) + "}";
    const entry = parseJson(head);
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      this.#syntax("Expecting an entry object", this.#pos);
    }
    const writer = this.#writer!;
    const index = writer.index;
    const start = this.#w.pos;
    let payload: StreamedPayload | undefined;
    let deferred: Deferred | undefined;
    try {
      payload = writer.writeStreamed(entry as JsonObject, this.#w);
    } catch (e) {
      if (
        !(e instanceof JsonShapeError && /missing required/.test(e.message))
      ) {
        throw e;
      }
      // The missing fields may come after `extra`: hold the payload.
      this.#w.pos = start;
      writer.index = index;
      const parts = writer.payloadParts;
      deferred = {
        entry: entry as JsonObject,
        index,
        held: parts.map(() => []),
      };
      payload = { parts, sizes: parts.map(() => undefined), pad: 0 };
    }
    if (payload === undefined) return false;
    this.#flushBytes();
    this.#streaming = new PayloadReader(this.#cursor, payload, index, deferred);
    // Continue from the value, with the scanned text as the buffer.
    this.#base += this.#pos - (text.length - this.#extraValue);
    this.#origin = { ...this.#elemOrigin };
    advanceOrigin(this.#origin, text, 0, this.#extraValue);
    this.#buf = text.slice(this.#extraValue);
    this.#pos = 0;
    this.#elem = -1;
    this.#elemParts = [];
    this.#phase = Phase.Streamed;
    return true;
  }
}
