/**
 * What reading and writing an entry's payload both need: its sizes as the
 * entry's message gives them.
 *
 * @module
 */
import type { JsonObject } from "../json/types.ts";
import type { Layout } from "./kinds.ts";

/** `x` rounded up to a multiple of `y`: payloads are padded to 4 or 8 bytes. */
export function roundUp(x: number, y: number): number {
  return Math.ceil(x / y) * y;
}

/** A size field of an entry's plain values: 0 when absent. */
export function num(entry: JsonObject, key: string): number {
  const v = entry[key];
  return v === undefined ? 0 : Number(v);
}

/** Whether entries of this layout are followed by bytes of their own. */
export function hasPayload(layout: Layout | undefined): boolean {
  return layout !== undefined && layout !== "pagemap";
}
