#!/usr/bin/env bash
# Ddlo.Actors entry point.
#   ./run.sh                  build (Release, only when sources changed) and run the default simulation
#   ./run.sh test             build and run every test
#   ./run.sh bench [ARGS]     the BenchmarkDotNet suite (ARGS go to BenchmarkDotNet, e.g. --filter '*P2*'; --numerics native|portable, default portable)
#   ./run.sh COMMAND [ARGS]   the ddlo command line: simulate, evaluate, solve, ... (./run.sh --help lists them)
#   ./run.sh ddlo COMMAND     the same, for a ddlo command that run.sh itself claims (./run.sh ddlo bench)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run.sh: the .NET SDK (dotnet, version 10) is required and was not found on PATH." >&2
  exit 1
fi

cli_dir="$root/artifacts/bin/Ddlo.Cli/release_linux-x64"
stamp="$root/artifacts/.cli-build-stamp"

# Rebuilds the CLI only when a source, project or build file is newer than the last successful build,
# so a repeated command starts in about a second.
build_cli() {
  if [[ -f "$stamp" && -f "$cli_dir/ddlo.dll" ]] && [[ -z "$(find "$root/src" "$root/build" "$root/hocon/cluster" "$root"/Directory.*.props \
      "$root"/Directory.*.targets "$root/global.json" -newer "$stamp" -type f -print -quit 2>/dev/null)" ]]; then
    return 0
  fi
  echo "run.sh: building ddlo (Release)..." >&2
  mkdir -p "$root/artifacts"
  local log="$root/artifacts/cli-build.log"
  if ! dotnet build "$root/src/Ddlo.Cli/Ddlo.Cli.csproj" -c Release -nologo -tl:off -v minimal >"$log" 2>&1; then
    cat "$log" >&2
    echo "run.sh: the build failed (log: $log)." >&2
    exit 1
  fi
  touch "$stamp"
}

# The tests run the Python side for real (samples/python, under Debian's /usr/bin/python3): Debian's gRPC and
# protobuf for the environment and policy clients and servers, PyTorch for the DROO-style sample agent; installed
# when missing.
python_packages=(python3-grpcio python3-protobuf python3-torch)
ensure_python_packages() {
  if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import grpc, google.protobuf, torch' >/dev/null 2>&1; then
    return 0
  fi
  if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: the tests need Debian's ${python_packages[*]} (as root: apt-get install ${python_packages[*]})." >&2
    exit 1
  fi
  echo "run.sh: installing ${python_packages[*]}..." >&2
  mkdir -p "$root/artifacts"
  local log="$root/artifacts/apt.log"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${python_packages[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "run.sh: installing ${python_packages[*]} failed (log: $log)." >&2
    exit 1
  fi
}

run_tests() {
  ensure_python_packages
  local log
  log="$(mktemp)"
  set +e
  # One test assembly at a time: the cluster tests time heartbeats and deadlines, and two cores are few.
  dotnet test "$root/Ddlo.Actors.sln" -c Release -nologo "$@" -- RunConfiguration.MaxCpuCount=1 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  set -e
  # One closing line over every test project: "N passed, N failed".
  awk '/^(Passed|Failed)!/ {
         for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1); if ($i == "Skipped:") s += $(i+1) }
       }
       END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log" | tr -d ','| sed 's/ passed/ passed,/; s/ failed/ failed,/'
  rm -f "$log"
  return "$status"
}

case "${1:-}" in
  "")
    build_cli
    # The default job: the whole DDLO simulation on the embedded default scenario (paper 3x3, K = 5, 20,000 steps).
    exec dotnet "$cli_dir/ddlo.dll" simulate
    ;;
  test)
    shift
    run_tests "$@"
    ;;
  bench)
    shift
    cd "$root"
    exec dotnet run -c Release --project "$root/tests/Ddlo.Benchmarks/Ddlo.Benchmarks.csproj" -- "$@"
    ;;
  ddlo)
    shift
    build_cli
    exec dotnet "$cli_dir/ddlo.dll" "$@"
    ;;
  *)
    build_cli
    exec dotnet "$cli_dir/ddlo.dll" "$@"
    ;;
esac
