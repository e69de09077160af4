/**
 * CRI-O- and containerd-shaped metadata (the fields their checkpoint code
 * writes) for archives built from counter.tar.gz's images.
 */
export const CONTAINER_ID =
  "6f1b2a0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";

/** config.dump as CRI-O and containerd write it. */
export const criConfig = JSON.stringify({
  id: CONTAINER_ID,
  name: "k8s_counter_counter-pod_default_0",
  rootfsImage: "docker.io/library/busybox:latest",
  rootfsImageRef: "sha256:abc",
  rootfsImageName: "docker.io/library/busybox:latest",
  runtime: "runc",
  createdTime: "2026-11-27T15:31:05.52759745Z",
  checkpointedTime: "2026-11-27T15:40:00.123456+01:00",
  restoredTime: "0001-01-01T00:00:00Z",
  restored: false,
});

/** spec.dump of a CRI-O container. */
export const crioSpec = JSON.stringify({
  annotations: {
    "io.container.manager": "cri-o",
    "io.kubernetes.cri-o.Metadata": '{"name":"counter","attempt":0}',
    "io.kubernetes.cri-o.Created": "2026-11-27T15:31:05.527597450Z",
    "io.kubernetes.pod.name": "counter-pod",
    "io.kubernetes.pod.namespace": "default",
    "io.kubernetes.cri-o.IP.0": "10.85.0.12",
    "io.kubernetes.cri-o.Labels": '{"app":"counter","tier":{"x":"y"}}',
  },
  mounts: [{ destination: "/data", type: "bind", source: "/srv/data" }],
});

/** spec.dump of a containerd container. */
export const containerdSpec = JSON.stringify({
  annotations: {
    "io.kubernetes.cri.container-name": "counter",
    "io.kubernetes.cri.sandbox-name": "counter-pod",
    "io.kubernetes.cri.sandbox-namespace": "kube-system",
  },
  mounts: [],
});

/** Podman's network.status with one bridge network. */
export const podmanNetwork = JSON.stringify({
  podman: {
    interfaces: {
      eth0: {
        subnets: [{ ipnet: "10.88.0.5/16", gateway: "10.88.0.1" }],
        mac_address: "2a:1b:3c:4d:5e:6f",
      },
    },
  },
});
