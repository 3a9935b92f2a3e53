#!/usr/bin/env bash
# Moves Kubernetes to TARGET_KUBERNETES the way Talos supports it: `talosctl upgrade-k8s` pre-pulls
# images, updates one node at a time and re-applies the bootstrap manifests (CoreDNS). The update
# of the Kubernetes upgrade command (infra/talos/upgrades.ts); runs after every node's OS upgrade and
# before the machine configs are re-applied, so those applies then change nothing.
# Environment: TARGET_KUBERNETES ("1.35.1"), TALOS_VERSION, ENDPOINT_IP, NODE_NAMES,
# CONTROL_PLANE_IPS, WORKER_IPS, PORTKEY_TALOSCONFIG (secret).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ "${PULUMI_COMMAND_STDOUT:-}" = "$TARGET_KUBERNETES" ]; then
  printf '%s\n' "$TARGET_KUBERNETES"
  exit 0
fi

require_talosctl "$TALOS_VERSION"
use_talosconfig
log="$logdir/upgrade-kubernetes.log"
use_kubeconfig "$ENDPOINT_IP"

# Skipped when the API server and every kubelet already report the target.
versions=$({
  retry "reading the API server version" "$ENDPOINT_IP" "$transient_kubectl" kubectl get --raw /version | read_json server-version &&
    retry "reading the kubelet versions" "$ENDPOINT_IP" "$transient_kubectl" kubectl get nodes -o json | read_json kubelet-versions
}) || fail "cannot read the cluster's Kubernetes versions (log: ${log})"
if [ -z "$(printf '%s\n' "$versions" | grep -v -x "v${TARGET_KUBERNETES}")" ]; then
  say "Kubernetes already runs v${TARGET_KUBERNETES} on ${NODE_NAMES}: skipped"
  printf '%s\n' "$TARGET_KUBERNETES"
  exit 0
fi

say "checking the cluster before the Kubernetes upgrade"
cluster_healthy "$ENDPOINT_IP" || fail "the cluster is not healthy, so Kubernetes was not upgraded (log: ${log})"

say "upgrading Kubernetes to ${TARGET_KUBERNETES} on ${NODE_NAMES}, one node at a time (talosctl upgrade-k8s through ${ENDPOINT_IP})"
# No docs and examples in the configs it patches, so they stay what the stack applies.
if ! talosctl -e "$ENDPOINT_IP" -n "$ENDPOINT_IP" upgrade-k8s --to "$TARGET_KUBERNETES" \
  --with-docs=false --with-examples=false >>"$log" 2>&1; then
  say "error: the Kubernetes upgrade to ${TARGET_KUBERNETES} failed; the machine configs were not re-applied."
  say "To resume after fixing the cause: npx pulumi up (upgrade-k8s continues from where the cluster is)."
  say "To go back, revert kubernetesVersion in infra/versions.ts and run npx pulumi up."
  say "talosctl output (may contain Kubernetes manifests; keep it private): ${log}"
  exit 1
fi
cluster_healthy "$ENDPOINT_IP" || fail "Kubernetes was upgraded but the cluster is not healthy (log: ${log})"
say "Kubernetes upgraded to ${TARGET_KUBERNETES}"
printf '%s\n' "$TARGET_KUBERNETES"
