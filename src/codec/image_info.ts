/**
 * `crit info` pushed in pieces: entries are counted as they are decoded and
 * payloads are skipped as they go by, so an image of any size is counted in
 * bounded memory.
 */
import { EntryPump } from "../image/pump.ts";
import { type DecodeOptions, pumpOptions } from "./options.ts";

/** What `crit info` prints. */
export interface ImageInfo {
  /** Magic name. */
  magic: string;
  /** Number of entries; for PAGEMAP the head is not counted, as in crit. */
  count: number;
}

/** Takes an image in pieces; `end` gives its info. */
export interface InfoCounter {
  /** Adds input; with `reuse`, `chunk`'s buffer may be overwritten afterwards. */
  push(chunk: Uint8Array, reuse?: boolean): void;
  end(): ImageInfo;
}

/** A counter for one image (see the module doc). */
export function infoCounter(
  options: Pick<DecodeOptions, "maxEntrySize"> = {},
): InfoCounter {
  let count = 0;
  const counted = () => {
    count++;
  };
  const opts = pumpOptions({ nopl: true, maxEntrySize: options.maxEntrySize });
  const pump = new EntryPump(opts, {
    entry: counted,
    // Payloads arrive as pieces that are dropped, never as strings.
    stream: { entry: counted, data: () => {}, end: () => {} },
  });
  return {
    push: (chunk, reuse = false) => pump.push(chunk, reuse),
    end() {
      pump.end();
      const magic = pump.magic!;
      // crit does not count the PAGEMAP head.
      return {
        magic,
        count: magic === "PAGEMAP" ? Math.max(0, count - 1) : count,
      };
    },
  };
}
