#!/usr/bin/env bash
# A production-shaped Temporal cluster, not the dev server: temporal-server (built from the Go
# module proxy) with its history, matching, frontend and worker services each in a process of its
# own, persisting to Debian's PostgreSQL (a server of its own: data directory, port, generated
# password), schema set up by temporal-sql-tool, the namespace and metricast's search attributes
# registered. Temporal's state never goes to MariaDB. Point workers at it with
# METRICAST_TEMPORAL_ADDRESS; `npm run test:cluster` runs cycles on a throwaway one.
#
#   METRICAST_TEMPORAL_ADDRESS        frontend host:port (default 127.0.0.1:7233); other ports derive from it
#   METRICAST_TEMPORAL_NAMESPACE      namespace to create (default `default`)
#   METRICAST_CLUSTER_DIR             config, pid files, logs, password (default state/cluster)
#   METRICAST_CLUSTER_PG_PORT         PostgreSQL port (default 5432)
#   METRICAST_CLUSTER_HISTORY_SHARDS  history shards, fixed at creation (default 16)
#   METRICAST_CLUSTER_BIND_IP         IP the services listen on (default: the frontend address's host)
#
# Usage: bash infra/cluster.sh build|up|down|status|purge
#   build   install PostgreSQL if missing, build the binaries (state/cluster-bin/<version>)
#   up      build, start PostgreSQL, set up or upgrade the schema, start the services, namespace
#   down    stop the services and PostgreSQL (data kept)
#   purge   down, then delete the data directory and the cluster directory
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLUSTER_DIR="${METRICAST_CLUSTER_DIR:-$STATE_DIR/cluster}"
CLUSTER_LOG_DIR="$CLUSTER_DIR/logs"
# shellcheck source=infra/service-temporal.sh
source "$METRICAST_ROOT/infra/service-temporal.sh"
# shellcheck source=infra/cluster/build.sh
source "$METRICAST_ROOT/infra/cluster/build.sh"
# shellcheck source=infra/cluster/postgres.sh
source "$METRICAST_ROOT/infra/cluster/postgres.sh"
# shellcheck source=infra/cluster/temporal.sh
source "$METRICAST_ROOT/infra/cluster/temporal.sh"

ensure_cluster_dirs() {
  ensure_state_dirs
  mkdir -p "$CLUSTER_DIR" "$CLUSTER_LOG_DIR"
  chmod 700 "$CLUSTER_DIR"
}

cluster_up() {
  local started=$SECONDS
  ensure_cluster_deps
  [[ -x "$TEMPORAL_BIN" ]] || die "$TEMPORAL_BIN (the temporal CLI) is missing: run bash infra/deps.sh"
  up_postgres
  up_temporal_cluster
  log "Temporal cluster up in $((SECONDS - started)) s: frontend $METRICAST_TEMPORAL_ADDRESS, namespace $METRICAST_TEMPORAL_NAMESPACE, PostgreSQL $PG_HOST:$PG_PORT"
}

cluster_down() {
  down_temporal_cluster
  stop_postgres
}

cluster_purge() {
  cluster_down
  rm -rf "$PGDATA_DIR" "$CLUSTER_DIR"
  log "deleted $PGDATA_DIR and $CLUSTER_DIR"
}

cluster_status() {
  status_temporal_cluster
  if pg_running; then
    log "PostgreSQL       running on $PG_HOST:$PG_PORT (data $PGDATA_DIR)"
  else
    log "PostgreSQL       not running (data $PGDATA_DIR)"
  fi
}

main() {
  temporal_defaults
  case "${1:-}" in
    build | up) ensure_cluster_dirs ;;
  esac
  case "${1:-}" in
    build) ensure_cluster_deps ;;
    up) cluster_up ;;
    down) cluster_down ;;
    purge) cluster_purge ;;
    status) cluster_status ;;
    *) die "usage: bash infra/cluster.sh build|up|down|status|purge" ;;
  esac
}

main "$@"
