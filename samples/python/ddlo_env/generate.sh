#!/usr/bin/env bash
# Regenerates ddlo_env_pb2.py and ddlo_env_pb2_grpc.py from proto/ddlo_env.proto.
# Uses Debian's protoc 3.21 (protobuf-compiler) and gRPC's Python plugin (protobuf-compiler-grpc), whose output runs
# on Debian's python3-protobuf 3.21 and python3-grpcio 1.51; or, without them, grpc_tools from python3-grpc-tools.
# The proto is compiled as ddlo_env/ddlo_env.proto so that the stubs import each other as ddlo_env.ddlo_env_pb2.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/ddlo_env"
cp "$root/proto/ddlo_env.proto" "$out/ddlo_env/ddlo_env.proto"

if command -v protoc >/dev/null 2>&1 && command -v grpc_python_plugin >/dev/null 2>&1; then
  protoc -I "$out" --python_out="$out" --grpc_python_out="$out" \
    --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" "$out/ddlo_env/ddlo_env.proto"
elif /usr/bin/python3 -c 'import grpc_tools' 2>/dev/null; then
  /usr/bin/python3 -m grpc_tools.protoc -I "$out" --python_out="$out" --grpc_python_out="$out" "$out/ddlo_env/ddlo_env.proto"
else
  echo "generate.sh: needs protoc and grpc_python_plugin (apt-get install protobuf-compiler protobuf-compiler-grpc) or python3-grpc-tools." >&2
  exit 1
fi

cp "$out/ddlo_env/ddlo_env_pb2.py" "$out/ddlo_env/ddlo_env_pb2_grpc.py" "$here/"
echo "generate.sh: wrote $here/ddlo_env_pb2.py and ddlo_env_pb2_grpc.py"
