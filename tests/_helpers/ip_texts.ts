/**
 * IP addresses as CRIU stores them (little-endian 32-bit words of the
 * address's bytes) and the text Python 3.11's `ipaddress` gives for those
 * bytes, which is what crit writes: for the JavaScript and WebAssembly
 * writers' tests.
 *
 * @module
 */

/** Words and Python's text: IPv4 (one word) and IPv6 (four). */
export const IP_TEXTS: readonly (readonly [number[], string])[] = [
  [[16777343], "127.0.0.1"],
  [[0], "0.0.0.0"],
  [[4294967295], "255.255.255.255"],
  [[16777226], "10.0.0.1"],
  [[50462986], "10.1.2.3"],
  [[0, 0, 0, 16777216], "::1"],
  [[0, 0, 0, 0], "::"],
  [[3087860000, 0, 0, 16777216], "2001:db8::1"],
  [[3087860000, 0, 526336, 2051083296], "2001:db8::8:800:200c:417a"],
  [[0, 0, 4294901760, 16777343], "::ffff:7f00:1"],
  [[0, 0, 4294901760, 67305985], "::ffff:102:304"],
  [[33022, 0, 1, 1], "fe80::100:0:100:0"],
  [[33022, 0, 0, 0], "fe80::"],
  [[16777216, 0, 0, 0], "0:1::"],
  [[16777472, 16777472, 16777472, 16777472], "1:1:1:1:1:1:1:1"],
  [[33554688, 67109632, 100664576, 134219520], "1:2:3:4:5:6:7:8"],
  [[256, 0, 256, 0], "1::1:0:0:0"],
  // the longest run of zero groups; the first of two as long; not one alone
  [[256, 33554432, 0, 50331648], "1:0:0:2::3"],
  [[256, 33554432, 0, 67109632], "1::2:0:0:3:4"],
  [[256, 50332160, 83887104, 117442048], "1:0:2:3:4:5:6:7"],
];
