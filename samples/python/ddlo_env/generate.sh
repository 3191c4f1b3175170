#!/usr/bin/env bash
# Regenerates the Python stubs of proto/ddlo_env.proto (ddlo_env_pb2.py, ddlo_env_pb2_grpc.py: the environments) and
# proto/ddlo_policy.proto (ddlo_policy_pb2.py, ddlo_policy_pb2_grpc.py: remote policies).
# Uses Debian's protoc 3.21 (protobuf-compiler) and gRPC's Python plugin (protobuf-compiler-grpc), whose output runs
# on Debian's python3-protobuf 3.21 and python3-grpcio 1.51; or, without them, grpc_tools from python3-grpc-tools.
# Each proto is compiled as ddlo_env/NAME.proto so that the stubs import each other as ddlo_env.NAME_pb2.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/ddlo_env"
protos=(ddlo_env ddlo_policy)
for name in "${protos[@]}"; do
  cp "$root/proto/$name.proto" "$out/ddlo_env/$name.proto"
done

for name in "${protos[@]}"; do
  if command -v protoc >/dev/null 2>&1 && command -v grpc_python_plugin >/dev/null 2>&1; then
    protoc -I "$out" --python_out="$out" --grpc_python_out="$out" \
      --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" "$out/ddlo_env/$name.proto"
  elif /usr/bin/python3 -c 'import grpc_tools' 2>/dev/null; then
    /usr/bin/python3 -m grpc_tools.protoc -I "$out" --python_out="$out" --grpc_python_out="$out" "$out/ddlo_env/$name.proto"
  else
    echo "generate.sh: needs protoc and grpc_python_plugin (apt-get install protobuf-compiler protobuf-compiler-grpc) or python3-grpc-tools." >&2
    exit 1
  fi
  cp "$out/ddlo_env/${name}_pb2.py" "$out/ddlo_env/${name}_pb2_grpc.py" "$here/"
  echo "generate.sh: wrote $here/${name}_pb2.py and ${name}_pb2_grpc.py"
done
