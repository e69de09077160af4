/**
 * inspect's data and tree beyond counter.tar.gz: Podman networks, CRI-O's
 * JSON annotations, sizes and times as checkpointctl prints them.
 */
import assert from "node:assert/strict";
import {
  byteSize,
  checkpointInfo,
  duration,
  inspectData,
  inspectTree,
  openCheckpointArchive,
} from "../../mod.ts";
import { counterEntries, replaced, tar } from "./_archives.ts";
import { criConfig, crioSpec, podmanNetwork } from "./_engines.ts";

async function inspect(replace: Record<string, string>) {
  const bytes = await tar(replaced(await counterEntries(), replace));
  const archive = await openCheckpointArchive(
    new Blob([bytes as BufferSource]),
  );
  const info = await checkpointInfo({
    members: archive.members,
    read: (n) => archive.read(n),
  });
  return await inspectData(archive.dir, info, { metadata: true });
}

Deno.test("Podman network: interfaces in the tree and in checkpointctl's JSON", async () => {
  const r = await inspect({ "network.status": podmanNetwork });
  assert.deepEqual(r.networks, [{
    name: "podman",
    interfaces: {
      eth0: {
        ip: "10.88.0.5/16",
        mac: "2a:1b:3c:4d:5e:6f",
        gateway: "10.88.0.1",
      },
    },
  }]);
  assert.equal(r.ip, "10.88.0.5");
  const tree = inspectTree(r);
  assert.ok(
    tree.includes(
      "├── Network Interfaces\n" +
        "│   └── podman (eth0)\n" +
        "│       ├── IP: 10.88.0.5/16\n" +
        "│       ├── MAC: 2a:1b:3c:4d:5e:6f\n" +
        "│       └── Gateway: 10.88.0.1\n",
    ),
    tree,
  );
  // With networks, the tree shows them instead of the IP and MAC lines.
  assert.ok(!tree.split("\n").some((l) => l.startsWith("├── IP: ")));
});

Deno.test("CRI-O: JSON annotations drawn as trees, pod and namespace", async () => {
  const r = await inspect({ "config.dump": criConfig, "spec.dump": crioSpec });
  assert.deepEqual(r.metadata?.pod_name, "counter-pod");
  assert.deepEqual(r.metadata?.kubernetes_namespace, "default");
  const tree = inspectTree(r);
  assert.ok(
    tree.includes(
      "        ├── io.kubernetes.cri-o.Labels\n" +
        "        │   ├── app: counter\n" +
        "        │   └── tier:\n" +
        "        │       └── x: y\n",
    ),
    tree,
  );
});

Deno.test("sizes and durations as checkpointctl prints them", () => {
  assert.equal(byteSize(0), "0 B");
  assert.equal(byteSize(1023), "1023 B");
  assert.equal(byteSize(1024), "1.0 KiB");
  assert.equal(byteSize(349708), "341.5 KiB");
  assert.equal(byteSize(1 << 30), "1.0 GiB");
  assert.equal(duration(999), "999 µs");
  assert.equal(duration(61161), "61.161 ms");
  assert.equal(duration(100000), "100 ms");
  assert.equal(duration(2_000_000), "2 s");
});
