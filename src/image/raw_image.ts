/**
 * Images CRIU writes without a magic: memory pages, tmpfs tarballs and the
 * network state saved by ip/iptables/nft. They are recognised by file name
 * (CRIU's image name patterns) and checked against their content, so a tool
 * can say what a file is instead of "unknown magic".
 *
 * @module
 */

interface RawKind {
  pattern: RegExp;
  what: string;
  /** A content check; a file failing it is not this kind after all. */
  accepts?: (bytes: Uint8Array) => boolean;
}

const gzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

const KINDS: RawKind[] = [
  {
    pattern: /^pages-\d+\.img$/,
    what:
      "a raw memory image (no magic); its layout is described by pagemap-*.img",
  },
  {
    pattern: /^pages-shmem-\d+\.img$/,
    what: "a raw shared memory image of an old CRIU (no magic)",
  },
  {
    pattern: /^tmpfs-(dev-)?\d+\.tar\.gz\.img$/,
    what:
      "a gzip-compressed tar archive of a tmpfs mount (no magic); list it with tar -tzf",
    accepts: (b) => b.length === 0 || gzip(b),
  },
  {
    pattern: /^ifaddr-\d+\.img$/,
    what:
      "raw `ip addr save` data of a network namespace (no magic); `ip addr showdump` reads it",
  },
  {
    pattern: /^route6?-\d+\.img$/,
    what:
      "raw `ip route save` data of a network namespace (no magic); `ip route showdump` reads it",
  },
  {
    pattern: /^rule-\d+\.img$/,
    what:
      "raw `ip rule save` data of a network namespace (no magic); `ip rule showdump` reads it",
  },
  {
    pattern: /^ip6?tables-\d+\.img$/,
    what: "raw iptables-save text of a network namespace (no magic)",
  },
  {
    pattern: /^nftables-\d+\.img$/,
    what: "a raw nftables ruleset of a network namespace (no magic)",
  },
  {
    pattern: /^netns-(ct|exp)-\d+\.img$/,
    what: "raw conntrack data of a network namespace (no magic)",
  },
];

/**
 * Says what a CRIU file without a magic is, from its name and content, or
 * returns `undefined` when it is not one of CRIU's raw images.
 *
 * @example
 * ```ts
 * import { describeRawImage } from "@ckpt/crit";
 * console.log(describeRawImage("pages-1.img", new Uint8Array(4096)));
 * // "pages-1.img is a raw memory image (no magic); its layout is described by pagemap-*.img"
 * ```
 */
export function describeRawImage(
  name: string,
  bytes: Uint8Array,
): string | undefined {
  const base = name.slice(name.lastIndexOf("/") + 1);
  for (const kind of KINDS) {
    if (kind.pattern.test(base) && (kind.accepts?.(bytes) ?? true)) {
      const empty = bytes.length === 0 ? " (empty here)" : "";
      return `${base} is ${kind.what}${empty}`;
    }
  }
  if (gzip(bytes)) return `${base} is gzip data, not a CRIU image with a magic`;
  if (bytes.length === 0) return `${base} is empty`;
  return undefined;
}
