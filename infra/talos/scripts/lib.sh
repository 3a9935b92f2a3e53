# Shared by the upgrade and recovery scripts (sourced, not run). Progress goes to stderr; stdout
# carries only the step's result, which pulumi-command keeps as the command's `stdout` and hands
# back to the next run as PULUMI_COMMAND_STDOUT. talosctl's own output goes to a private log file:
# upgrade-k8s prints manifest diffs, and those may hold Secrets.
# Environment read here: DEADLINE_SECONDS (how long a step may wait for the cluster, from the
# stack's timeouts), POLL_SECONDS (pause between tries, default 5; tests shrink it).

say() { printf '%s\n' "$*" >&2; }

fail() {
  say "error: $*"
  exit 1
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Named queries on talosctl/kubectl JSON (read.js): the scripts read structured output only.
read_json() { node "$here/read.js" "$@"; }

deadline_seconds="${DEADLINE_SECONDS:-900}"
poll_seconds="${POLL_SECONDS:-5}"

# talosctl prints a failed call's error as err.Error() on stderr and exits 1 (talos v1.12.3
# cmd/talosctl/cmd/root.go:37, cmd/talosctl/main.go:17); a gRPC error reads
# "rpc error: code = <Code> desc = <message>" (grpc-go internal/status/status.go Error).
# Transient everywhere: Unavailable (apid not up yet, the node rebooting, connection refused).
transient_unavailable='rpc error: code = Unavailable'
# Transient for a bootstrap or recovery only: the FailedPrecondition answers of Bootstrap and
# EtcdRecover until CRI runs and time is synced (v1alpha1_server.go:421, :432, :1943).
transient_bootstrap="${transient_unavailable}|code = FailedPrecondition desc = (bootstrap is not available yet|time is not in sync yet|etcd service is not ready for recovery yet)"

# kubectl prints one line on stderr and exits 1 (k8s.io/kubectl v0.35.0 pkg/cmd/util/helpers.go:95-109,
# :244-275). Transient while an API server restarts or is not up yet: a refused connection (:271),
# another transport error (:273), and the API statuses of a server that cannot answer yet (:255).
transient_kubectl='The connection to the server .* was refused|Unable to connect to the server|Error from server \((ServiceUnavailable|InternalError|Timeout|TooManyRequests)\)'

# retry STEP NODE PATTERN CMD...: runs CMD until it succeeds, fails on an error that does not match
# the extended regex PATTERN (a real failure is never retried), and stops at the deadline naming
# the node, the step and the last error. CMD's stdout is passed through; its stderr goes to the log.
retry() {
  local step="$1" node="$2" pattern="$3" errfile last rc
  shift 3
  errfile="$(mktemp "${workdir:-/tmp}/err.XXXXXX")"
  local stop=$((SECONDS + deadline_seconds))
  while :; do
    if "$@" 2>"$errfile"; then
      cat "$errfile" >>"${log:-/dev/null}"
      return 0
    else
      rc=$?
    fi
    cat "$errfile" >>"${log:-/dev/null}"
    last="$(grep -m1 . "$errfile" || true)"
    if ! grep -qE "$pattern" "$errfile"; then
      say "error: ${step} on ${node} failed (exit ${rc}): ${last}"
      return 1
    fi
    if [ "$SECONDS" -ge "$stop" ]; then
      say "error: ${step} on ${node}: not ready after ${deadline_seconds}s; last error: ${last}"
      return 1
    fi
    sleep "$poll_seconds"
  done
}

# Where snapshots and logs are kept on the machine that runs `pulumi up`
# (docs/runbooks/upgrade-talos-or-kubernetes.md).
state_dir() { printf '%s\n' "${PORTKEY_STATE_DIR:-${HOME}/.local/state/portkey}"; }

# talosctl is needed only here, and only when a step has something to do; its minor version must
# be the target's (a client from another minor may not speak the node's API). The client version
# has no structured form at v1.12.3: `--json` is hidden and skips the client-only exit, so it
# always dials a node (cmd/talosctl/cmd/talos/version.go:37-48, :114); `--client --short` prints
# "Client:" then "<Name> <Tag>" (version.go:38-40, pkg/machinery/version/version.go:72-78), and the
# tag is the second field of its second line.
require_talosctl() {
  local want="$1" have
  local install="install talosctl ${want} (https://github.com/siderolabs/talos/releases/tag/${want}, or: curl -sL https://talos.dev/install | sh)"
  command -v talosctl >/dev/null 2>&1 || fail "talosctl is not installed; ${install}"
  have=$(talosctl version --client --short 2>/dev/null | sed -n '2s/^[^ ]* //p' || true)
  [[ "$have" =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]] || fail "cannot read the talosctl version; ${install}"
  [ "${have%.*}" = "${want%.*}" ] || fail "talosctl ${have} is not close enough to ${want}; ${install}"
}

# The talosconfig arrives as a secret environment value; it lives in a private temporary file for
# the length of the script and never in a command line or the log.
use_talosconfig() {
  [ -n "${PORTKEY_TALOSCONFIG:-}" ] || fail "PORTKEY_TALOSCONFIG is empty"
  umask 077
  workdir=$(mktemp -d)
  trap 'rm -rf "$workdir"' EXIT
  printf '%s' "$PORTKEY_TALOSCONFIG" >"$workdir/talosconfig"
  unset PORTKEY_TALOSCONFIG
  export TALOSCONFIG="$workdir/talosconfig"
  logdir="$(state_dir)/logs"
  mkdir -p "$logdir"
  chmod 700 "$(state_dir)" "$logdir"
}

# An admin kubeconfig for kubectl, generated by the cluster itself (the stack's own kubeconfig comes
# later in the graph than the upgrades).
use_kubeconfig() {
  retry "kubeconfig" "$1" "$transient_unavailable" talosctl -e "$1" -n "$1" kubeconfig --force "$workdir/kubeconfig" >>"$log" ||
    fail "cannot get a kubeconfig from $1 (log: $log)"
  export KUBECONFIG="$workdir/kubeconfig"
}

# Healthy means: every Talos and Kubernetes check passes, and etcd has one member per control plane.
# talosctl health checks that etcd members are a subset of the control planes and agree across
# nodes (pkg/cluster/check/etcd.go:25-130), not that every control plane is a member, so each
# control plane's own member ID is read as well (EtcdMembers.etcd.talos.dev, spec.memberID,
# pkg/machinery/resources/etcd/member.go:17-30). `etcd members` prints a table only (etcd.go:204-254).
cluster_healthy() {
  local endpoint="$1" members expected
  local nodes=(--control-plane-nodes "$CONTROL_PLANE_IPS")
  [ -z "${WORKER_IPS:-}" ] || nodes+=(--worker-nodes "$WORKER_IPS")
  retry "health" "$endpoint" "$transient_unavailable" \
    talosctl -e "$endpoint" -n "$endpoint" health "${nodes[@]}" --wait-timeout "${deadline_seconds}s" >>"$log" || return 1
  members=$(retry "etcd membership" "$endpoint" "$transient_unavailable" \
    talosctl -e "$endpoint" -n "$CONTROL_PLANE_IPS" get etcdmembers -o json | read_json etcd-member-count) || return 1
  expected=$(printf '%s' "$CONTROL_PLANE_IPS" | tr ',' '\n' | grep -c .)
  [ "$members" -eq "$expected" ] || {
    say "etcd has ${members} members, expected ${expected}"
    return 1
  }
}
