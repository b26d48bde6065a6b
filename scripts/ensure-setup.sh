#!/usr/bin/env bash
# Installs whatever Ringwell needs and is missing, idempotently, then builds.
# A second run on a set-up machine only checks (about a second) and rebuilds
# what changed. Called by ./ringwell before every command.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { printf '[setup] %s\n' "$*" >&2; }

# binary -> Debian package that provides it
declare -A NEED=(
  [mariadbd]=mariadb-server [mariadb-install-db]=mariadb-server [mariadb]=mariadb-client [redis-server]=redis-server
  [redis-sentinel]=redis-sentinel [haproxy]=haproxy [smbd]=samba [smbclient]=smbclient
  [kamailio]=kamailio [rtpengine]=rtpengine-daemon [sipp]=sip-tester [ip]=iproute2 [ps]=procps [socat]=socat
  [cc]=gcc
)
missing=()
for bin in "${!NEED[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("${NEED[$bin]}")
done
# the C library's headers, for the SIP stack's native UDP socket (gcc alone does not pull them in)
[[ -f /usr/include/stdio.h ]] || missing+=(libc6-dev)
# TODO(browser tests, portal issue): add chromium here once a browser test exists.
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    say "missing packages: ${missing[*]}; run as root (or install them) first"; exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  # Keep the packages' own services from starting: Ringwell runs its own processes.
  POLICY=/usr/sbin/policy-rc.d; CREATED_POLICY=0
  if [[ ! -e $POLICY ]]; then printf '#!/bin/sh\nexit 101\n' >"$POLICY"; chmod +x "$POLICY"; CREATED_POLICY=1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [[ $CREATED_POLICY == 1 ]] && rm -f "$POLICY"
  # Packages that did start a service anyway must not hold our ports or files.
  for svc in mariadb redis-server redis-sentinel haproxy smbd nmbd kamailio rtpengine-daemon; do
    service "$svc" stop >/dev/null 2>&1 || true
  done
fi

# npm dependencies: reinstall when package-lock.json changed.
STAMP=node_modules/.ringwell-lock.sha
LOCK_SHA="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -f $STAMP || "$(cat "$STAMP")" != "$LOCK_SHA" ]]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$LOCK_SHA" >"$STAMP"
fi

# Build (incremental: tsc -b only rebuilds what changed). The SIP stack's native UDP socket is
# rebuilt only when its source changed; without it the stack falls back to Node's dgram.
bash telephony/sip/native/build.sh || say "the native UDP socket did not build: the SIP stack uses dgram"
node node_modules/typescript/bin/tsc -b
