/**
 * Image kinds: one row per magic of CRIU 4.2, with the message type of its
 * entries and the layout of what follows them. The public magic table, the
 * header words, the decoders and the encoders all read this one table.
 *
 * @module
 */

/** First word of every v1.1 image except inventory.img and the service files. */
export const IMG_COMMON = 0x54564319;
/** First word of stats-* and irmap-cache images. */
export const IMG_SERVICE = 0x55105940;

/**
 * What sets an image apart from a plain list of messages: a payload after
 * each entry (its size given by the entry), a first entry of another type
 * (`pagemap`), or both (`ghost`: the file contents after the first entry, or
 * chunk entries each followed by its bytes).
 */
export type Layout =
  | "pipe"
  | "skq"
  | "tcp"
  | "bpf"
  | "sem"
  | "msg"
  | "shm"
  | "ghost"
  | "pagemap";

/** One kind of image. */
export interface ImageKind {
  /** crit's name: the C macro without `_MAGIC`. */
  readonly name: string;
  /** The magic word after the header word. */
  readonly magic: number;
  /** The message type of its entries; absent for magics with no entries. */
  readonly message?: string;
  /** Absent for plain lists of messages. */
  readonly layout?: Layout;
}

/**
 * Every magic crit knows, in crit's order. Aliases (SHMEM_PAGEMAP = PAGEMAP,
 * PSIGNAL = SIGNAL, ...) share a value and appear once, under the first name,
 * like crit's table. crit 4.2 has no handler for SIGNAL, BINFMT_MISC and
 * PIDFD; CRIU writes them with these messages. Raw images (pages, ifaddr, route, iptables,
 * tmpfs, ...) have no magic at all.
 */
const ROWS: readonly (readonly [string, number, string?, Layout?])[] = [
  ["CRTOOLS_IMAGES_V1_1", 2],
  ["IMG_COMMON", IMG_COMMON],
  ["IMG_SERVICE", IMG_SERVICE],
  ["INVENTORY", 0x58313116, "inventory_entry"],
  ["PSTREE", 0x50273030, "pstree_entry"],
  ["FDINFO", 0x56213732, "fdinfo_entry"],
  ["PAGEMAP", 0x56084025, "pagemap_entry", "pagemap"],
  ["CORE", 0x55053847, "core_entry"],
  ["IDS", 0x54432030, "task_kobj_ids_entry"],
  ["VMAS", 0x54123737, "vma_entry"],
  ["PIPES", 0x56513555, "pipe_entry"],
  ["PIPES_DATA", 0x56453709, "pipe_data_entry", "pipe"],
  ["FIFO", 0x58364939, "fifo_entry"],
  ["FIFO_DATA", 0x59333054, "pipe_data_entry", "pipe"],
  ["SIGACT", 0x55344201, "sa_entry"],
  ["UNIXSK", 0x54373943, "unix_sk_entry"],
  ["INETSK", 0x56443851, "inet_sk_entry"],
  ["PACKETSK", 0x60454618, "packet_sock_entry"],
  ["ITIMERS", 0x57464056, "itimer_entry"],
  ["POSIX_TIMERS", 0x52603957, "posix_timer_entry"],
  ["SK_QUEUES", 0x56264026, "sk_packet_entry", "skq"],
  ["UTSNS", 0x54473203, "utsns_entry"],
  ["CREDS", 0x54023547, "creds_entry"],
  ["IPC_VAR", 0x53115007, "ipc_var_entry"],
  ["IPCNS_SHM", 0x46283044, "ipc_shm_entry", "shm"],
  ["IPCNS_MSG", 0x55453737, "ipc_msg_entry", "msg"],
  ["IPCNS_SEM", 0x59573019, "ipc_sem_entry", "sem"],
  ["REG_FILES", 0x50363636, "reg_file_entry"],
  ["EXT_FILES", 0x59255641, "ext_file_entry"],
  ["FS", 0x51403912, "fs_entry"],
  ["MM", 0x57492820, "mm_entry"],
  ["REMAP_FPATH", 0x59133954, "remap_file_path_entry"],
  ["GHOST_FILE", 0x52583605, "ghost_file_entry", "ghost"],
  ["TCP_STREAM", 0x51465506, "tcp_stream_entry", "tcp"],
  ["EVENTFD_FILE", 0x44523722, "eventfd_file_entry"],
  ["EVENTPOLL_FILE", 0x45023858, "eventpoll_file_entry"],
  ["EVENTPOLL_TFD", 0x44433746, "eventpoll_tfd_entry"],
  ["SIGNALFD", 0x57323820, "signalfd_entry"],
  ["INOTIFY_FILE", 0x48424431, "inotify_file_entry"],
  ["INOTIFY_WD", 0x54562009, "inotify_wd_entry"],
  ["MNTS", 0x55563928, "mnt_entry"],
  ["NETDEV", 0x57373951, "net_device_entry"],
  ["NETNS", 0x55933752, "netns_entry"],
  ["TTY_FILES", 0x59433025, "tty_file_entry"],
  ["TTY_INFO", 0x59453036, "tty_info_entry"],
  ["TTY_DATA", 0x59413026, "tty_data_entry"],
  ["FILE_LOCKS", 0x54323616, "file_lock_entry"],
  ["RLIMIT", 0x57113925, "rlimit_entry"],
  ["FANOTIFY_FILE", 0x55096122, "fanotify_file_entry"],
  ["FANOTIFY_MARK", 0x56506035, "fanotify_mark_entry"],
  ["SIGNAL", 0x59255647, "signal_queue_entry"],
  ["NETLINK_SK", 0x58005614, "netlink_sk_entry"],
  ["NS_FILES", 0x61394011, "ns_file_entry"],
  ["TUNFILE", 0x57143751, "tunfile_entry"],
  ["CGROUP", 0x59383330, "cgroup_entry"],
  ["TIMERFD", 0x50493712, "timerfd_entry"],
  ["CPUINFO", 0x61404013, "cpuinfo_entry"],
  ["USERNS", 0x55474906, "userns_entry"],
  ["SECCOMP", 0x64413049, "seccomp_entry"],
  ["BINFMT_MISC", 0x67343323, "binfmt_misc_entry"],
  ["AUTOFS", 0x49353943, "autofs_entry"],
  ["FILES", 0x56303138, "file_entry"],
  ["MEMFD_INODE", 0x48453499, "memfd_inode_entry"],
  ["TIMENS", 0x43114433, "timens_entry"],
  ["PIDNS", 0x61157326, "pidns_entry"],
  ["BPFMAP_FILE", 0x57506142, "bpfmap_file_entry"],
  ["BPFMAP_DATA", 0x64324033, "bpfmap_data_entry", "bpf"],
  ["APPARMOR", 0x59423047, "apparmor_entry"],
  ["PIDFD", 0x54435556, "pidfd_entry"],
  ["STATS", 0x57093306, "stats_entry"],
  ["IRMAP_CACHE", 0x57004059, "irmap_cache_entry"],
  ["KDAT", 0x57023458],
];

/** Image kinds by name. */
export const IMAGE_KINDS: ReadonlyMap<string, ImageKind> = new Map(
  ROWS.map(([name, magic, message, layout]) => [
    name,
    { name, magic, message, layout },
  ]),
);

/** The kind of images with this magic name, when they hold entries. */
export function entryKind(name: string): ImageKind | undefined {
  const kind = IMAGE_KINDS.get(name);
  return kind?.message === undefined ? undefined : kind;
}

/**
 * The message type of entry `index` of an image of this kind: the first
 * entry of a pagemap is its head, and the entries after a ghost file's first
 * are chunks.
 */
export function entryMessage(kind: ImageKind, index: number): string {
  if (kind.layout === "pagemap" && index === 0) return "pagemap_head";
  if (kind.layout === "ghost" && index > 0) return "ghost_chunk_entry";
  return kind.message!;
}
