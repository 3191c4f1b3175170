#!/usr/bin/env bash
# Starts a 3-process Akka.Cluster on loopback — edge+solver, learner, learner — runs the paper 3x3 simulation
# across it and prints the edge node's summary. Slots are pipelined (run.max-in-flight = 8) so no slot waits on one
# remote round trip after another; --set run.max-in-flight=1 gives the sequential loop, identical to a single node.
# Extra arguments go to every node. With --bootstrap the nodes bind 127.0.0.2, .3 and .4 and form the cluster with
# Cluster Bootstrap (config discovery of their management endpoints), with no seed node.
#
#   samples/cluster-3-nodes.sh [--bootstrap] [--steps N] [--set key=value ...]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${DDLO_EDGE_PORT:-4053}"
out="${DDLO_OUT:-$root/results/cluster-$(date +%Y%m%d-%H%M%S)}"
steps=2000
bootstrap=false
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --steps) steps="$2"; shift 2 ;;
    --bootstrap) bootstrap=true; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

"$root/run.sh" --help >/dev/null   # builds once, so the three nodes start from the same binaries
ddlo=(dotnet "$root/artifacts/bin/Ddlo.Cli/release_linux-x64/ddlo.dll")
logs="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

if $bootstrap; then
  management="${DDLO_MANAGEMENT_PORT:-8558}"
  join=(--discovery config --management-port "$management" --contact-point "127.0.0.2:$management"
        --contact-point "127.0.0.3:$management" --contact-point "127.0.0.4:$management"
        --set akka.management.cluster.bootstrap.contact-point-discovery.stable-margin=2s)
  edge=(--hostname 127.0.0.2)
  learner=(--hostname 127.0.0.3 --hostname 127.0.0.4)
else
  join=()
  edge=(--port "$port" --seed "127.0.0.1:$port")
  learner=(--seed "127.0.0.1:$port" --seed "127.0.0.1:$port")
fi

for i in 1 2; do
  # Each learner takes its own pair of learner=() entries: --hostname ADDRESS, or --seed HOST:PORT.
  "${ddlo[@]}" node --role learner "${learner[$((2 * i - 2))]}" "${learner[$((2 * i - 1))]}" ${join[@]+"${join[@]}"} \
    --set akka.cluster.role.learner.min-nr-of-members=2 ${args[@]+"${args[@]}"} >"$logs/learner-$i.log" 2>&1 &
  pids+=("$!")
done

"${ddlo[@]}" node --role edge,solver "${edge[@]}" ${join[@]+"${join[@]}"} --steps "$steps" --out "$out" \
  --set run.max-in-flight=8 \
  --set akka.cluster.role.learner.min-nr-of-members=2 ${args[@]+"${args[@]}"}

for pid in "${pids[@]}"; do wait "$pid"; done
pids=()
echo "All three nodes left the cluster. Learner logs: $logs"
