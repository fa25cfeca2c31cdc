# shellcheck shell=bash
# The worker part of infra/services.sh (sourced after lib.sh): runs src/workers/main.ts in the
# background. Not part of a plain `up`, because the schema must be migrated first (infra/up.sh
# orders that); `down` stops it before the services it talks to.

WORKER_ENTRY="src/workers/main.ts"
WORKER_PID="$STATE_DIR/worker.pid"
WORKER_LOG="$LOG_DIR/worker.log"

# A worker that fails its config or connection checks exits within a few seconds; catch that here
# rather than report "started" and leave the reader to find a dead pid.
check_worker_stays_up() {
  sleep 5
  pid_alive "$WORKER_PID" && return 0
  warn "the worker exited right after starting; last lines of $WORKER_LOG:"
  tail -n 30 "$WORKER_LOG" >&2
  return 1
}

up_worker() {
  if pid_alive "$WORKER_PID"; then
    log "worker already running (pid $(cat "$WORKER_PID"), log $WORKER_LOG)"
    return 0
  fi
  if [[ ! -f "$METRICAST_ROOT/$WORKER_ENTRY" ]]; then
    log "skipped worker: $WORKER_ENTRY does not exist yet"
    return 0
  fi
  # node itself with tsx as its loader: the pid file then names the process that runs the worker, so
  # `down` (SIGTERM, graceful shutdown) reaches it; the tsx wrapper binary would leave it orphaned.
  (cd "$METRICAST_ROOT" && start_daemon "$WORKER_PID" "$WORKER_LOG" node --import tsx "$WORKER_ENTRY")
  check_worker_stays_up || die "worker did not stay up (log: $WORKER_LOG)"
  log "started worker (pid $(cat "$WORKER_PID")), log $WORKER_LOG"
}

down_worker() {
  stop_daemon "$WORKER_PID" "worker"
}

status_worker() {
  if pid_alive "$WORKER_PID"; then
    log "Worker          running (pid $(cat "$WORKER_PID"), log $WORKER_LOG)"
  else
    log "Worker          not running"
  fi
}
