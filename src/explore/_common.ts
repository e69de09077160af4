/**
 * What the explorers share: the shape of one explorer, crit's column
 * padding, and the note for a task that was dumped without some images.
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import {
  type Dump,
  type EntriesOptions,
  int,
  num,
  statusText,
} from "../dump/dump.ts";
import type { FieldSelection } from "../codec/decode_selected.ts";
import { VMA } from "../dump/constants.ts";
import type { TaskNote } from "./types.ts";

/** One explorer: its data from the dump model, and crit's text lines of it. */
export interface ExplorerDef<T> {
  data(dump: Dump): Promise<T>;
  /** crit's lines; `long` adds what crit does not show, where there is more. */
  text(data: T, long?: boolean): string[];
}

export const pad = (s: string, n: number): string => s.padStart(n);
export const padEnd = (s: string, n: number): string => s.padEnd(n);
export const hex = (v: JsonValue | undefined): string => int(v).toString(16);

/** For images an explorer reads once: not kept by the dump. */
export const ONCE: EntriesOptions = { keep: false };

/** What the explorers read of a task's file table. */
export const FDINFO: FieldSelection = { id: true, type: true, fd: true };

const IDS_FILES: FieldSelection = { files_id: true };

/** File-backed mappings, private or shared. */
export const VMA_FILE: number = VMA.FILE_PRIVATE | VMA.FILE_SHARED;

/** The state of a task that lacks `image`; an alive task without it is an error. */
export async function missing(
  dump: Dump,
  pid: number,
  image: string,
): Promise<TaskNote> {
  const status = await dump.status(pid);
  // Only tasks that are gone are dumped without these images.
  if (status.state === "alive") throw new Error(`the dump has no ${image}`);
  return { pId: pid, ...status };
}

/** The note printed for a task without images, or undefined. */
export function note(t: TaskNote, what: string): string | undefined {
  if (t.state === undefined) return undefined;
  return `\t(no ${what}: the task is ${
    statusText({ state: t.state, exitCode: t.exitCode, signal: t.signal })
  })`;
}

/** A task's fdinfo entries, or its state when it has no file table. */
export async function fdTable(
  dump: Dump,
  pid: number,
): Promise<JsonObject[] | TaskNote> {
  const ids = await dump.entries(`ids-${pid}.img`, IDS_FILES);
  if (!ids) return await missing(dump, pid, `ids-${pid}.img`);
  const files = num((await dump.first(`ids-${pid}.img`, IDS_FILES)).files_id);
  return await dump.need(`fdinfo-${files}.img`, FDINFO);
}
