#!/usr/bin/env bash
# Builds the native UDP socket of the SIP stack (udp-socket.c -> build/udp-socket.node) when it is
# missing or older than its source. Needs a C compiler and Node's headers (node_api.h, uv.h);
# without them it says why and exits 0: the stack then uses Node's dgram (docs/sip-stack.md).
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$DIR/udp-socket.c"
OUT="$DIR/build/udp-socket.node"
[[ -f $OUT && $OUT -nt $SRC ]] && exit 0
NODE_INCLUDE="$(dirname "$(dirname "$(command -v node)")")/include/node"
for dir in "$NODE_INCLUDE" /usr/include/node /usr/local/include/node; do
  [[ -f $dir/node_api.h && -f $dir/uv.h ]] && { NODE_INCLUDE=$dir; break; }
done
if ! command -v cc >/dev/null 2>&1; then
  echo "[setup] no C compiler: the SIP stack's UDP transport will use dgram" >&2; exit 0
fi
if [[ ! -f $NODE_INCLUDE/node_api.h ]]; then
  echo "[setup] no Node headers (node_api.h): the SIP stack's UDP transport will use dgram" >&2; exit 0
fi
mkdir -p "$DIR/build"
cc -O2 -Wall -Wextra -Wno-unused-parameter -shared -fPIC -I"$NODE_INCLUDE" -o "$OUT.tmp" "$SRC"
mv "$OUT.tmp" "$OUT"
echo "[setup] built $OUT" >&2
