#!/usr/bin/env bash
# Brings the local services metricast needs up or down, and says what answers where.
#   temporal  Temporal dev server (gRPC 127.0.0.1:7233, Web UI :8233), state in state/temporal/
#   mariadb   Debian's MariaDB (system datadir), plus the metricast user and database
#   worker    the metricast worker (src/workers/main.ts); only on request: it needs migrations first
#   api       the HTTP API and dashboard (src/api/main.ts, 127.0.0.1:8080); only on request, like worker
#   prometheus, node_exporter   this machine's node_exporter (127.0.0.1:9391) and a Prometheus
#             (127.0.0.1:9390) scraping it and metricast's exposition; on request (up.sh --with-prometheus)
# Idempotent: whatever already answers is used, not restarted. `down` stops only what this script
# started (pid files, marker file); a service someone else runs is left alone.
# Usage: bash infra/services.sh up|down|status [temporal|mariadb|worker|api|prometheus|node_exporter ...]
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=infra/service-temporal.sh
source "$METRICAST_ROOT/infra/service-temporal.sh"
# shellcheck source=infra/service-mariadb.sh
source "$METRICAST_ROOT/infra/service-mariadb.sh"
# shellcheck source=infra/service-worker.sh
source "$METRICAST_ROOT/infra/service-worker.sh"
# shellcheck source=infra/service-api.sh
source "$METRICAST_ROOT/infra/service-api.sh"
# shellcheck source=infra/service-prometheus.sh
source "$METRICAST_ROOT/infra/service-prometheus.sh"

# Serialises concurrent up/down runs (colleagues' test runs share this machine), so two of them do
# not both see a port closed and both start a server. Daemons are started with this fd closed,
# otherwise they would hold the lock for ever.
take_lock() {
  exec 9>"$STATE_DIR/services.lock"
  flock -w 600 9 || die "another infra/services.sh run holds $STATE_DIR/services.lock"
}

# Where to find what `up` just made sure of (only the services it was asked for).
print_endpoints() {
  local service
  for service in "$@"; do
    case "$service" in
      temporal)
        log "Temporal gRPC   $METRICAST_TEMPORAL_ADDRESS (namespace $METRICAST_TEMPORAL_NAMESPACE)"
        log "Temporal Web UI $METRICAST_TEMPORAL_UI_URL"
        ;;
      mariadb) log "MariaDB         $METRICAST_DB_HOST:$METRICAST_DB_PORT/$METRICAST_DB_DATABASE (user $METRICAST_DB_USER, password $(password_source))" ;;
      worker) log "Worker log      $WORKER_LOG" ;;
      api) log "API             $(api_url) (log $API_LOG)" ;;
      prometheus) log "Prometheus      $METRICAST_PROMETHEUS_URL (log $PROMETHEUS_LOG)" ;;
      node_exporter) log "node_exporter   127.0.0.1:$METRICAST_NODE_EXPORTER_PORT (log $NODE_EXPORTER_LOG)" ;;
    esac
  done
  log "Logs            $LOG_DIR/"
}

# Runs <action>_<service> for each named service, e.g. up_temporal.
for_each_service() {
  local action="$1" service
  shift
  for service in "$@"; do
    case "$service" in
      temporal | mariadb | worker | api | prometheus | node_exporter) "${action}_${service}" ;;
      *) die "unknown service '$service' (known: temporal mariadb worker api prometheus node_exporter)" ;;
    esac
  done
}

main() {
  local action="${1:-}" services=()
  [[ $# -gt 0 ]] && shift
  services=("$@")
  ensure_state_dirs
  load_dev_env
  db_defaults
  temporal_defaults
  case "$action" in
    up)
      ((${#services[@]})) || services=(temporal mariadb)
      take_lock
      for_each_service up "${services[@]}"
      print_endpoints "${services[@]}"
      ;;
    down)
      # API and worker first: they would otherwise log connection errors while their services go away.
      ((${#services[@]})) || services=(api worker prometheus node_exporter temporal mariadb)
      take_lock
      for_each_service down "${services[@]}"
      ;;
    status)
      ((${#services[@]})) || services=(temporal mariadb worker api prometheus node_exporter)
      for_each_service status "${services[@]}"
      ;;
    *) die "usage: bash infra/services.sh up|down|status [temporal|mariadb|worker|api|prometheus|node_exporter ...]" ;;
  esac
}

main "$@"
