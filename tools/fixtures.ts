/**
 * Copies a representative part of the shared corpus into tests/fixtures:
 * images (pages files too: crit check's tests need complete dumps), crit's
 * reference outputs, and SCENARIO.md. A `F.nopl.json` that is
 * just `F.json` plus a newline (images without payloads) is left out; the
 * conformance test derives it.
 *
 *     deno run -R -W tools/fixtures.ts ../shared/corpus
 *
 * @module
 */
const SCENARIOS = [
  "01-sleep",
  "02b-sessions-pgrp-zombie-cgroup",
  "03a-pipes-fifo",
  "03b-unix-sockets",
  "03d-eventfd-epoll-signalfd-timerfd-inotify-fanotify",
  "04-tcp-udp",
  "05a-ghost-small",
  "06-namespaces-sysvipc",
  "07-threads",
  "08-file-locks",
  "09a-memfd",
  "12a-pty-tty",
  "12d-netns-netlink-packet-tun-rawsk",
  "12g-cpuinfo",
  "12i-pidfd",
  "12j-bpf-maps",
  "13a-nonutf8-names",
  "13d-zombie-stopped-dead",
  "14a-memory-truth",
];

const src = Deno.args[0] ?? "../shared/corpus";
const dst = "tests/fixtures";
async function copyDir(
  from: string,
  to: string,
  keep: (name: string) => Promise<boolean>,
) {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) {
      await copyDir(`${from}/${e.name}`, `${to}/${e.name}`, keep);
    } else if (await keep(`${from}/${e.name}`)) {
      await Deno.writeFile(
        `${to}/${e.name}`,
        await Deno.readFile(`${from}/${e.name}`),
      );
    }
  }
}
for (const s of SCENARIOS) {
  await copyDir(`${src}/${s}`, `${dst}/${s}`, async (path) => {
    const name = path.split("/").pop()!;
    if (name.endsWith(".nopl.json")) {
      const pretty = path.replace(/\.nopl\.json$/, ".json");
      const [a, b] = await Promise.all([
        Deno.readTextFile(path),
        Deno.readTextFile(pretty),
      ]);
      return a !== b + "\n";
    }
    return true;
  });
}
// The program of 14a, rebuilt by the memory test (gcc makes the same binary,
// with the build id recorded in the dump's files.img).
await Deno.copyFile(
  `${src}/_sources/memtruth.c`,
  `${dst}/14a-memory-truth/truth/memtruth.c`,
);
