/**
 * Seccomp: a thread in filter mode points at a filter of seccomp.img, and
 * each filter's `prev` at another (CRIU's prepare_seccomp_filters()).
 */
import type { JsonObject } from "../json/types.ts";
import { num } from "../dump/dump.ts";
import type { Context } from "./_context.ts";
import { isLive, type Task } from "./_tree.ts";

/** Checks the filter index of every live thread and the filters' chains. */
export async function checkSeccomp(cx: Context, tasks: Task[]): Promise<void> {
  const entry = (await cx.entries("seccomp.img"))?.[0];
  const filters = (entry?.seccomp_filters ?? []) as JsonObject[];
  const n = filters.length;
  filters.forEach((f, i) => {
    if (f.prev === undefined || num(f.prev) < n) return;
    cx.error(
      "seccomp.img",
      `entries[0].seccomp_filters[${i}].prev`,
      `filter ${i} chains to filter ${
        num(f.prev)
      } of ${n}; restore fails: Corrupted filter index`,
    );
  });
  for (const t of tasks) {
    if (!isLive(t)) continue;
    for (const tid of t.threads) {
      const img = `core-${tid}.img`;
      const tc = (await cx.entries(img))?.[0]?.thread_core as
        | JsonObject
        | undefined;
      if (tc?.seccomp_mode !== "filter") continue;
      const index = num(tc.seccomp_filter);
      if (index < n) continue;
      cx.error(
        img,
        "entries[0].thread_core.seccomp_filter",
        `thread ${tid} uses seccomp filter ${index}, seccomp.img has ${n}; restore fails: Corrupted filter index on tid ${tid} (${index} > ${n})`,
      );
    }
  }
}
