/**
 * Sizes and durations the way checkpointctl prints them.
 *
 * @module
 */

/**
 * A byte count in binary units, one decimal: `512 B`, `76.0 KiB`, `1.5 GiB`.
 *
 * @example
 * ```ts
 * import { byteSize } from "@ckpt/crit";
 * console.assert(byteSize(77824) === "76.0 KiB");
 * console.assert(byteSize(1000) === "1000 B");
 * ```
 */
export function byteSize(n: number): string {
  if (n < 1024) return `${n} B`;
  let unit = 0;
  let div = 1024;
  while (n / div >= 1024 && unit < 5) {
    div *= 1024;
    unit++;
  }
  return `${(n / div).toFixed(1)} ${"KMGTPE"[unit]}iB`;
}

/**
 * A duration in microseconds as µs, ms or s with up to five significant
 * digits.
 *
 * @example
 * ```ts
 * import { duration } from "@ckpt/crit";
 * console.assert(duration(352) === "352 µs");
 * console.assert(duration(100996) === "101 ms");
 * console.assert(duration(1500000) === "1.5 s");
 * ```
 */
export function duration(microseconds: number): string {
  if (microseconds < 1000) return `${microseconds} µs`;
  const [value, unit] = microseconds < 1e6
    ? [microseconds / 1000, "ms"]
    : [microseconds / 1e6, "s"];
  let text = value.toPrecision(5);
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  return `${text} ${unit}`;
}
