/**
 * JSON values at the edges of what crit's encoders read: for tests that put
 * each in place of a value of crit's text and compare two encoders.
 *
 * @module
 */

/**
 * Numbers at the edges of each integer kind (7 and 14 bits, 15 digits, 32
 * and 64 bits, signs), and values Python reads but crit never writes in their place.
 */
export const EDGE_NUMBERS = [
  "0",
  "1",
  "-1",
  "-0",
  "127",
  "128",
  "16383",
  "16384",
  "2147483647",
  "2147483648",
  "-2147483648",
  "-2147483649",
  "4294967295",
  "4294967296",
  "-4294967296",
  "999999999999999",
  "-999999999999999",
  "1000000000000000",
  "-1000000000000000",
  "9007199254740993",
  "9223372036854775807",
  "9223372036854775808",
  "-9223372036854775808",
  "-9223372036854775809",
  "18446744073709551615",
  "18446744073709551616",
  "99999999999999999999",
  "00",
  "01",
  "-01",
  "1.0",
  "1e3",
  "1E3",
  "-",
  "true",
  "false",
  "null",
  '"7"',
  '"0x7"',
  "[]",
  "{}",
];

/**
 * Strings: enum names, escapes, control characters, non-ASCII text, lone
 * surrogates; and values that are not strings.
 */
export const EDGE_STRINGS = [
  '""',
  '"REG"',
  '"PIPE"',
  '"RE\\u0047"',
  '"BOGUS"',
  '"a\\"b"',
  '"tab\\there"',
  '"raw\ttab"',
  '"\u00e9t\u00e9"',
  '"\\ud800"',
  '"/x\\/y"',
  '"a=b"',
  '"~"',
  '"\x7f"',
  "7",
  "null",
  "true",
  "[]",
  "{}",
  '"0x1"',
];
