/** Flat strings for the streaming JSON reader's buffer. */

/**
 * Text kept between pushes that is shorter than this is joined with the new
 * text into one flat string: V8 reads a concatenation (a rope), even once
 * flattened, about 1.7x slower char by char than a flat string
 * (bench/text_access.ts). Longer text grows as a rope (joining it at every
 * push would copy it again and again) and is flattened once before it is
 * read.
 */
export const JOIN_BELOW = 256 * 1024;

/** `s` as one flat string (a join of two or more strings makes one). */
export function flatString(s: string): string {
  return s.length < 2 ? s : [s.slice(0, 1), s.slice(1)].join("");
}
