/**
 * Large mm entries made from the fixture's: its fields with its VMAs
 * repeated, some VMAs changed, for the tests of text handed out as it is
 * written.
 *
 * @module
 */
import { messagePlan } from "../../src/wire/plan.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { fixtureEntries } from "./fixture_entries.ts";
import { lengthPrefixed, messageFields } from "./message_variants.ts";

const MM = messagePlan("mm_entry");
/** The tag of mm_entry's vmas (field 14, length-delimited). */
const VMAS_TAG = 14 * 8 + 2;

/** The fixture mm entry's fields: those before its VMAs, the VMAs, the rest. */
export interface MmParts {
  before: Uint8Array[];
  vmas: Uint8Array[];
  after: Uint8Array[];
}

let parts: MmParts | undefined;

/** The fixture mm entry's fields (read once: fixtureEntries reads them all). */
export function mmParts(): MmParts {
  return parts ??= readParts();
}

function readParts(): MmParts {
  const mm = fixtureEntries().find((e) =>
    e.plan === MM && e.path.includes("14a-memory-truth")
  )!;
  const fields = messageFields(mm.body);
  const vmas = fields.filter((f) => f[0] === VMAS_TAG);
  const first = fields.indexOf(vmas[0]);
  const last = fields.lastIndexOf(vmas[vmas.length - 1]);
  return {
    before: fields.slice(0, first),
    vmas,
    after: fields.slice(last + 1),
  };
}

/** An mm entry with `n` VMAs (the fixture's, over and over). */
export function bigMm(
  n: number,
  vma = (_k: number, f: Uint8Array) => f,
): Uint8Array {
  const { before, vmas, after } = mmParts();
  const list = Array.from(
    { length: n },
    (_, k) => vma(k, vmas[k % vmas.length]),
  );
  return concatBytes([...before, ...list, ...after]);
}

/** A VMA field with its own fields in reverse order. */
export function reversedVma(field: Uint8Array): Uint8Array {
  let at = 1;
  while (field[at] & 0x80) at++;
  const body = field.subarray(at + 1);
  const reversed = concatBytes(messageFields(body).reverse());
  return concatBytes([new Uint8Array([VMAS_TAG]), lengthPrefixed(reversed)]);
}
