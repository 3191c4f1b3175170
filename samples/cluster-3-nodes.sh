#!/usr/bin/env bash
# Starts a 3-process Akka.Cluster on loopback — edge+solver, learner, learner — runs the paper 3x3 simulation
# across it and prints the edge node's summary. Slots are pipelined (run.max-in-flight = 8) so no slot waits on one
# remote round trip after another; --set run.max-in-flight=1 gives the sequential loop, identical to a single node.
# Extra arguments go to every node.
#
#   samples/cluster-3-nodes.sh [--steps N] [--set key=value ...]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${DDLO_EDGE_PORT:-4053}"
out="${DDLO_OUT:-$root/results/cluster-$(date +%Y%m%d-%H%M%S)}"
steps=2000
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --steps) steps="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

"$root/run.sh" --help >/dev/null   # builds once, so the three nodes start from the same binaries
ddlo=(dotnet "$root/artifacts/bin/Ddlo.Cli/release_linux-x64/ddlo.dll")
logs="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

for i in 1 2; do
  "${ddlo[@]}" node --role learner --seed "127.0.0.1:$port" ${args[@]+"${args[@]}"} >"$logs/learner-$i.log" 2>&1 &
  pids+=("$!")
done

"${ddlo[@]}" node --role edge,solver --port "$port" --seed "127.0.0.1:$port" --steps "$steps" --out "$out" \
  --set run.max-in-flight=8 \
  --set akka.cluster.role.learner.min-nr-of-members=2 ${args[@]+"${args[@]}"}

for pid in "${pids[@]}"; do wait "$pid"; done
pids=()
echo "All three nodes left the cluster. Learner logs: $logs"
