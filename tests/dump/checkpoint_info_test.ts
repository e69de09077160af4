/**
 * Container facts of the real Podman export (checked against its
 * config.dump, spec.dump and CRIU's stats image as crit decodes them) and
 * of archives with CRI-O, containerd and Podman-network metadata.
 */
import assert from "node:assert/strict";
import { checkpointInfo, openCheckpointArchive, rfc3339 } from "../../mod.ts";
import { counterEntries, counterGz, replaced, run, tar } from "./_archives.ts";
import {
  CONTAINER_ID,
  containerdSpec,
  criConfig,
  crioSpec,
  podmanNetwork,
} from "./_engines.ts";

async function infoOf(bytes: Uint8Array) {
  const archive = await openCheckpointArchive(
    new Blob([bytes as BufferSource]),
  );
  return await checkpointInfo({
    members: archive.members,
    read: (n) => archive.read(n),
  });
}

Deno.test("Podman: counter.tar.gz", async () => {
  const info = await infoOf(await Deno.readFile(counterGz));
  assert.ok(info);
  assert.equal(info.engine, "Podman");
  assert.equal(info.containerName, "counter");
  assert.equal(info.image, "localhost/fixture:1");
  assert.equal(info.runtime, "runc");
  assert.equal(info.created, "2026-11-27T15:31:05Z");
  assert.equal(info.checkpointed, undefined); // Podman 4.3 writes no checkpointedTime
  assert.match(info.id, /^3434f7a5973e[0-9a-f]{52}$/);
  assert.deepEqual(info.networks, []); // network.status is null: --network none
  assert.equal(info.annotations["io.container.manager"], "libpod");
  assert.equal(info.mounts[0].destination, "/proc");
  // Sizes from GNU tar's listing of the same archive.
  const listing = (await run("tar", ["-tvzf", counterGz])).stdout.trimEnd()
    .split("\n").map((l) => l.split(/\s+/));
  const size = (pred: (name: string) => boolean) =>
    listing.filter((c) => c[0].startsWith("-") && pred(c[5]))
      .reduce((a, c) => a + Number(c[2]), 0);
  assert.deepEqual(info.sizes, {
    checkpoint: size((n) => n.startsWith("checkpoint/")),
    memoryPages: size((n) => /^checkpoint\/pages-\d+\.img$/.test(n)),
    rootFsDiff: size((n) => n === "rootfs-diff.tar"),
  });
  // Statistics: what `crit show stats-dump` prints for this image.
  assert.deepEqual(info.statistics, {
    freezingTime: 100996,
    frozenTime: 61161,
    memdumpTime: 1922,
    memwriteTime: 352,
    pagesScanned: 100,
    pagesWritten: 71,
  });
});

Deno.test("Podman with a network: interfaces, ip and mac", async () => {
  const entries = replaced(await counterEntries(), {
    "network.status": podmanNetwork,
  });
  const info = await infoOf(await tar(entries));
  assert.deepEqual(info?.networks, [{
    name: "podman",
    interfaces: {
      eth0: {
        ip: "10.88.0.5/16",
        mac: "2a:1b:3c:4d:5e:6f",
        gateway: "10.88.0.1",
      },
    },
  }]);
  assert.equal(info?.ip, "10.88.0.5");
  assert.equal(info?.mac, "2a:1b:3c:4d:5e:6f");
});

Deno.test("CRI-O: name from its Metadata annotation, pod, namespace, IP", async () => {
  const entries = replaced(await counterEntries(), {
    "config.dump": criConfig,
    "spec.dump": crioSpec,
  });
  const info = await infoOf(await tar(entries));
  assert.equal(info?.engine, "CRI-O");
  assert.equal(info?.containerName, "counter");
  assert.equal(info?.created, "2026-11-27T15:31:05.527597450Z");
  assert.equal(info?.checkpointed, "2026-11-27T15:40:00+01:00");
  assert.equal(info?.pod, "counter-pod");
  assert.equal(info?.namespace, "default");
  assert.equal(info?.ip, "10.85.0.12");
  assert.equal(info?.id, CONTAINER_ID);
  assert.equal(info?.image, "docker.io/library/busybox:latest");
});

Deno.test("containerd: no manager annotation", async () => {
  const entries = replaced(await counterEntries(), {
    "config.dump": criConfig,
    "spec.dump": containerdSpec,
  });
  const info = await infoOf(await tar(entries));
  assert.equal(info?.engine, "containerd");
  assert.equal(info?.containerName, "counter");
  assert.equal(info?.pod, "counter-pod");
  assert.equal(info?.namespace, "kube-system");
  assert.equal(info?.created, "2026-11-27T15:31:05Z");
  assert.equal(info?.ip, undefined);
});

Deno.test("broken metadata: one-line errors", async () => {
  for (
    const [replace, pattern] of [
      [{ "config.dump": "{not json" }, /config\.dump is not JSON/],
      [{ "spec.dump": "[" }, /spec\.dump is not JSON/],
      [
        { "spec.dump": '{"annotations":{"io.container.manager":"cri-o"}}' },
        /io\.kubernetes\.cri-o\.Metadata is not JSON/,
      ],
      [{ "stats-dump": "garbage!" }, /stats-dump/],
    ] as [Record<string, string>, RegExp][]
  ) {
    const bytes = await tar(replaced(await counterEntries(), replace));
    await assert.rejects(() => infoOf(bytes), pattern);
  }
});

Deno.test("rfc3339 keeps the offset, drops fractions, knows Go's zero time", () => {
  assert.equal(
    rfc3339("2026-11-27T15:31:05.52759745Z"),
    "2026-11-27T15:31:05Z",
  );
  assert.equal(
    rfc3339("2026-11-27T15:31:05-07:00"),
    "2026-11-27T15:31:05-07:00",
  );
  assert.equal(rfc3339("0001-01-01T00:00:00Z"), undefined);
  assert.equal(rfc3339(""), undefined);
});
