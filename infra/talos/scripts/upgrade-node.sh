#!/usr/bin/env bash
# Upgrades one Talos node to TARGET_IMAGE, health-gated: the update of its upgrade command
# (infra/talos/upgrades.ts). Safe to re-run: a node already at the target is skipped.
# Environment: NODE_NAME, NODE_IP, ENDPOINT_IP (another control plane), TARGET_IMAGE,
# TARGET_VERSION, CONTROL_PLANE_IPS, WORKER_IPS, DEADLINE_SECONDS, PORTKEY_TALOSCONFIG (secret),
# SNAPSHOT_AGE_RECIPIENT (the etcd backups' age recipient; optional).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# The last run left this node at the target: another input changed (a renewed talosconfig, a new
# node in the lists). Nothing to do, and no talosctl needed.
if [ "${PULUMI_COMMAND_STDOUT:-}" = "$TARGET_IMAGE" ]; then
  printf '%s\n' "$TARGET_IMAGE"
  exit 0
fi

require_talosctl "$TARGET_VERSION"
use_talosconfig
log="$logdir/upgrade-${NODE_NAME}.log"
talos=(talosctl -e "$ENDPOINT_IP" -n "$NODE_IP")
schematic="${TARGET_IMAGE##*/}"
schematic="${schematic%%:*}"

# The version a node runs (Versions.runtime.talos.dev spec.version, pkg/machinery/resources/
# runtime/version.go:17-24), and the schematic its Image Factory image carries as a virtual
# extension named "schematic" (siderolabs/extensions#356; ExtensionStatuses spec.metadata,
# pkg/machinery/extensions/config.go:24-25, metadata.go:17-18). Waits while the node reboots.
at_target() {
  local version have
  version=$(retry "reading the Talos version" "$NODE_NAME" "$transient_unavailable" \
    "${talos[@]}" get version -o jsonpath='{.spec.version}') || return 2
  have=$(retry "reading the extensions" "$NODE_NAME" "$transient_unavailable" \
    "${talos[@]}" get extensions -o json | read_json extension-version schematic) || return 2
  [ "$version" = "$TARGET_VERSION" ] && [ "$have" = "$schematic" ]
}

# The snapshot holds every Kubernetes secret: after a failure it is kept only encrypted, to the
# etcd backups' age recipient (`age -r RECIPIENT -o OUT IN` writes OUT and prints nothing), and
# removed when there is no recipient or no age here; talos-backup's snapshots in S3 remain.
keep_snapshot_encrypted() {
  [ -n "${snapshot:-}" ] && [ -f "$snapshot" ] || return 0
  if [ -n "${SNAPSHOT_AGE_RECIPIENT:-}" ] && command -v age >/dev/null 2>&1 &&
    age -r "$SNAPSHOT_AGE_RECIPIENT" -o "${snapshot}.age" "$snapshot" 2>>"$log"; then
    rm -f "$snapshot"
    chmod 600 "${snapshot}.age"
    say "etcd snapshot taken before this upgrade, encrypted to the etcd backups' age recipient (removed by the next successful step): ${snapshot}.age"
  else
    rm -f "$snapshot" "${snapshot}.age"
    say "the etcd snapshot taken before this upgrade was removed (no age or no recipient here to encrypt it); talos-backup's snapshots in S3 remain"
  fi
}

rollback_hint() {
  say "To resume after fixing the cause: npx pulumi up (nodes already at the target are skipped)."
  say "To roll ${NODE_NAME} back to its previous Talos: talosctl -e ${ENDPOINT_IP} -n ${NODE_IP} rollback"
  keep_snapshot_encrypted
  say "talosctl output: ${log}"
}

rc=0
at_target || rc=$?
if [ "$rc" = 0 ]; then
  say "${NODE_NAME} already runs ${TARGET_IMAGE}: skipped"
  printf '%s\n' "$TARGET_IMAGE"
  exit 0
fi
[ "$rc" = 1 ] || fail "cannot read what ${NODE_NAME} (${NODE_IP}) runs, so it was not upgraded (log: ${log})"

say "${NODE_NAME}: checking the cluster before the upgrade"
cluster_healthy "$ENDPOINT_IP" || fail "the cluster is not healthy, so ${NODE_NAME} was not upgraded (talosctl health through ${ENDPOINT_IP}; log: ${log})"

# One snapshot at a time, only for the roll under way: older ones are removed first, and this one
# when the step succeeds. It stays, mode 0600 in a 0700 directory, only after a failure, for a
# rollback (docs/runbooks/upgrade-talos-or-kubernetes.md).
snapshots="$(state_dir)/etcd-snapshots"
mkdir -p "$snapshots" && chmod 700 "$snapshots"
find "$snapshots" -mindepth 1 -maxdepth 1 -name '*.db*' -delete
snapshot="${snapshots}/before-${NODE_NAME}-${TARGET_VERSION}.db"
retry "etcd snapshot" "$ENDPOINT_IP" "$transient_unavailable" \
  talosctl -e "$ENDPOINT_IP" -n "$ENDPOINT_IP" etcd snapshot "$snapshot" >>"$log" ||
  fail "the etcd snapshot failed, so ${NODE_NAME} was not upgraded (log: ${log})"
chmod 600 "$snapshot"
say "${NODE_NAME}: etcd snapshot saved to ${snapshot}"

say "${NODE_NAME}: upgrading to ${TARGET_IMAGE} through ${ENDPOINT_IP}"
if ! "${talos[@]}" upgrade --image "$TARGET_IMAGE" --wait --timeout "${deadline_seconds}s" >>"$log" 2>&1; then
  say "error: the upgrade of ${NODE_NAME} (${NODE_IP}) to ${TARGET_IMAGE} failed; the nodes after it were not touched."
  rollback_hint
  exit 1
fi

say "${NODE_NAME}: waiting for the cluster and the Kubernetes node"
use_kubeconfig "$ENDPOINT_IP"
if ! cluster_healthy "$ENDPOINT_IP" || ! retry "waiting for Ready" "$NODE_NAME" "$transient_kubectl" \
  kubectl wait --for=condition=Ready "node/${NODE_NAME}" --timeout="${deadline_seconds}s" >>"$log"; then
  say "error: ${NODE_NAME} (${NODE_IP}) was upgraded but the cluster did not become healthy; the nodes after it were not touched."
  rollback_hint
  exit 1
fi
if ! at_target; then
  say "error: ${NODE_NAME} came back, but not on ${TARGET_IMAGE}."
  rollback_hint
  exit 1
fi
rm -f "$snapshot"
say "${NODE_NAME}: upgraded to ${TARGET_IMAGE}"
printf '%s\n' "$TARGET_IMAGE"
