#!/usr/bin/env bash
# Signing throughput on this machine, three ways in one run so machine noise cancels out in the ratios:
#   1. openssl speed -multi 2 (the native library's ceiling), 2. Keyhold's signing primitives in-process,
#   3. Sign over HTTP against `keyhold serve` (SigV4, authorization and audit on, not --dev).
# Usage: bench/run-sign.sh [SECONDS]   (default 5). Results go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-5}"
data=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$data"' EXIT

dotnet build bench/Keyhold.Bench -c Release -nologo -v quiet >/dev/null
dotnet build src/Keyhold.Cli -c Release -nologo -v quiet >/dev/null

echo "== openssl speed -multi 2 -seconds $seconds rsa2048 ecdsap256"
openssl speed -multi 2 -seconds "$seconds" rsa2048 ecdsap256 2>/dev/null | grep -E "^(rsa 2048|[ ]*256 bits ecdsa)" || true

echo "== Keyhold primitives (2 threads)"
dotnet bench/Keyhold.Bench/bin/Release/net10.0/Keyhold.Bench.dll sign-primitive "$seconds" 2

port=$((20000 + RANDOM % 20000))
dotnet src/Keyhold.Cli/bin/Release/net10.0/keyhold.dll serve --data "$data" --listen "127.0.0.1:$port" > "$data/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

echo "== Keyhold Sign over HTTP (64 concurrent requests)"
dotnet bench/Keyhold.Bench/bin/Release/net10.0/Keyhold.Bench.dll sign-http "http://127.0.0.1:$port" "$data/admin-credentials" "$seconds" 64
