#!/usr/bin/env bash
# The demo: a UDP echo server and client, then a TCP echo server (epoll)
# and client, all POSIX C built with p3cc, each running as a wasip3
# component on Wasmtime (or the host given as --host=jco), talking over
# loopback.
set -euo pipefail
P3=$(cd "$(dirname "$0")/.." && pwd)
host=${1:---host=wasmtime}
count=${DEMO_COUNT:-20}
out=$P3/build/demo
mkdir -p "$out"

echo "== building examples/udp_echo_server.c and udp_echo_client.c with p3cc"
"$P3/bin/p3cc" -O2 -Wall -Werror -o "$out/udp_echo_server.wasm" "$P3/examples/udp_echo_server.c"
"$P3/bin/p3cc" -O2 -Wall -Werror -o "$out/udp_echo_client.wasm" "$P3/examples/udp_echo_client.c"

echo "== starting the server component ($host)"
log=$out/server.log
: >"$log"
"$P3/bin/p3run" "$host" "$out/udp_echo_server.wasm" 0 20 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
port=
for _ in $(seq 1 200); do
  port=$(sed -n 's/^server: listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")
  [ -n "$port" ] && break
  kill -0 $server 2>/dev/null || break
  sleep 0.05
done
if [ -z "$port" ]; then
  cat "$log"; echo "demo: the server did not start"; exit 1
fi
cat "$log"

echo "== running the client component: localhost $port, $count datagrams"
status=0
"$P3/bin/p3run" "$host" "$out/udp_echo_client.wasm" localhost "$port" "$count" || status=$?
wait $server || status=$?
trap - EXIT
echo "== server log"
cat "$log"
[ $status = 0 ] || { echo "demo: failed ($status)"; exit $status; }

echo "== building examples/tcp_echo_server.c and tcp_echo_client.c with p3cc"
"$P3/bin/p3cc" -O2 -Wall -Werror -o "$out/tcp_echo_server.wasm" "$P3/examples/tcp_echo_server.c"
"$P3/bin/p3cc" -O2 -Wall -Werror -o "$out/tcp_echo_client.wasm" "$P3/examples/tcp_echo_client.c"
echo "== starting the TCP server component ($host): 2 connections"
log=$out/tcp_server.log
: >"$log"
"$P3/bin/p3run" "$host" "$out/tcp_echo_server.wasm" 0 2 20 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
port=
for _ in $(seq 1 200); do
  port=$(sed -n 's/^server: listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")
  [ -n "$port" ] && break
  kill -0 $server 2>/dev/null || break
  sleep 0.05
done
if [ -z "$port" ]; then
  cat "$log"; echo "demo: the TCP server did not start"; exit 1
fi
for client in 1 2; do
  echo "== TCP client component $client: localhost $port, $count lines"
  "$P3/bin/p3run" "$host" "$out/tcp_echo_client.wasm" localhost "$port" "$count" || status=$?
done
wait $server || status=$?
trap - EXIT
echo "== TCP server log"
cat "$log"
[ $status = 0 ] && echo "demo: ok" || echo "demo: failed ($status)"
exit $status
