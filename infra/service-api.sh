# shellcheck shell=bash
# The HTTP API part of infra/services.sh (sourced after lib.sh): runs src/api/main.ts (JSON API,
# login, OpenAPI document and the dashboard) in the background. Like the worker, not part of a plain
# `up`: the schema must be migrated first (infra/up.sh orders that).

API_ENTRY="src/api/main.ts"
API_PID="$STATE_DIR/api.pid"
API_LOG="$LOG_DIR/api.log"

api_defaults() {
  export METRICAST_API_HOST="${METRICAST_API_HOST:-127.0.0.1}"
  export METRICAST_API_PORT="${METRICAST_API_PORT:-8080}"
}

# Where a browser reaches it (0.0.0.0 listens everywhere; this machine reaches it on loopback).
api_url() {
  local host="$METRICAST_API_HOST"
  [[ "$host" == 0.0.0.0 ]] && host=127.0.0.1
  printf 'http://%s:%s' "$host" "$METRICAST_API_PORT"
}

# Up means /api/v1/health answers; a config or connection error ends the process within seconds.
wait_api_healthy() {
  local waited=0
  while ((waited < 30)); do
    pid_alive "$API_PID" || break
    if node -e "fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" \
      "$(api_url)/api/v1/health" 2>/dev/null; then
      return 0
    fi
    sleep 1
    waited=$((waited + 1))
  done
  warn "the API did not answer $(api_url)/api/v1/health; last lines of $API_LOG:"
  tail -n 30 "$API_LOG" >&2
  return 1
}

up_api() {
  api_defaults
  if pid_alive "$API_PID"; then
    log "API already running (pid $(cat "$API_PID"), $(api_url), log $API_LOG)"
    return 0
  fi
  if [[ ! -f "$METRICAST_ROOT/$API_ENTRY" ]]; then
    log "skipped API: $API_ENTRY does not exist yet"
    return 0
  fi
  # node with tsx as its loader, so the pid file names the process `down` signals (see up_worker).
  (cd "$METRICAST_ROOT" && start_daemon "$API_PID" "$API_LOG" node --import tsx "$API_ENTRY")
  wait_api_healthy || die "API did not come up (log: $API_LOG)"
  log "started API (pid $(cat "$API_PID")) on $(api_url), log $API_LOG"
}

down_api() {
  stop_daemon "$API_PID" "API"
}

status_api() {
  api_defaults
  if pid_alive "$API_PID"; then
    log "API             running (pid $(cat "$API_PID"), $(api_url), log $API_LOG)"
  else
    log "API             not running"
  fi
}
