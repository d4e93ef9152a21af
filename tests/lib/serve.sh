# Shared by the test scripts (sourced, not run): starts `palette-docs serve` in the background and
# waits up to 10 s for the loopback URL it prints.
#
#   . tests/lib/serve.sh
#   start_serve BIN OUT [serve arguments...]
#
# Serve's stdout goes to OUT.out and its stderr to OUT.err. Sets serve_pid (always) and serve_url
# (the printed `http://127.0.0.1:PORT/`, empty when none came); returns non-zero when none came.
start_serve() {
  local bin="$1" out="$2" _
  shift 2
  "$bin" serve "$@" >"$out.out" 2>"$out.err" &
  serve_pid=$!
  serve_url=""
  for _ in $(seq 100); do
    serve_url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$out.out" | head -n1)"
    [ -n "$serve_url" ] && return 0
    sleep 0.1
  done
  return 1
}
