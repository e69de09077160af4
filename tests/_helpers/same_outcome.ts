/**
 * Two runs of a conversion agree: the same text, or errors of the same
 * class, message, offset and entry index.
 *
 * @module
 */
import assert from "node:assert/strict";

/** Asserts that `got` is `want`'s text, or an error just like `want`. */
export function assertSameOutcome(
  got: string | Error,
  want: string | Error,
  label: string,
): void {
  if (!(want instanceof Error)) {
    assert.equal(got, want, label);
    return;
  }
  assert.ok(got instanceof Error, label);
  assert.equal(got.constructor, want.constructor, label);
  assert.equal(got.message, want.message, label);
  for (const k of ["offset", "entryIndex"] as const) {
    assert.equal(
      (got as unknown as Record<string, unknown>)[k],
      (want as unknown as Record<string, unknown>)[k],
      `${label}: ${k}`,
    );
  }
}
