#!/usr/bin/env bash
# Starts etcd from a snapshot instead of empty: the create of the recovery command that replaces
# the bootstrap while talos.recoverFrom is set (infra/talos/bootstrap.ts; docs/runbooks).
# Environment: NODE_IP (the primary control plane), SNAPSHOT (path from the project root),
# DEADLINE_SECONDS, PORTKEY_TALOSCONFIG (secret).
# see https://github.com/siderolabs/docs/blob/main/public/talos/v1.12/configure-your-talos-cluster/lifecycle-management/disaster-recovery.mdx
set -euo pipefail
. "$(dirname "$0")/lib.sh"

command -v talosctl >/dev/null 2>&1 || fail "talosctl is not installed; recovering etcd needs it (https://github.com/siderolabs/talos/releases)"
use_talosconfig
log="$logdir/recover-etcd.log"

# Recovery is for a control plane whose etcd has never started. A running etcd keeps its data: this
# is a cluster recovered before whose state was lost, or the key was set on a healthy cluster.
# Services.v1alpha1.talos.dev spec.running (pkg/machinery/resources/v1alpha1/service.go:17-26); waits
# while apid does not answer yet (the node just left maintenance mode).
running=$(retry "reading the etcd service" "$NODE_IP" "$transient_unavailable" \
  talosctl -e "$NODE_IP" -n "$NODE_IP" get services etcd -o jsonpath="{.spec.running}") ||
  fail "cannot read the etcd service on ${NODE_IP} (log: ${log})"
if [ "$running" = "true" ]; then
  say "etcd already runs on ${NODE_IP}: nothing was recovered, the cluster keeps its data"
  printf 'etcd already running\n'
  exit 0
fi

[ -f "$SNAPSHOT" ] || fail "talos.recoverFrom: no snapshot file at ${SNAPSHOT} (decrypt it there first, see docs/runbooks/recover-etcd-from-snapshot.md)"
say "recovering etcd on ${NODE_IP} from ${SNAPSHOT}"
# Talos refuses a bootstrap until CRI runs and time is synced; retried like the provider's own
# Bootstrap for the whole timeout (terraform-provider-talos v0.11.0 talos_machine_bootstrap_resource.go).
retry "etcd recovery" "$NODE_IP" "$transient_bootstrap" \
  talosctl -e "$NODE_IP" -n "$NODE_IP" bootstrap --recover-from="$SNAPSHOT" >>"$log" ||
  fail "talosctl bootstrap --recover-from failed on ${NODE_IP} (log: ${log})"
say "etcd recovered on ${NODE_IP}; the other control planes join it"
printf 'recovered from %s\n' "$(basename "$SNAPSHOT")"
