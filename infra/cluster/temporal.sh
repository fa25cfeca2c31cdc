# shellcheck shell=bash
# The Temporal part of infra/cluster.sh (sourced after postgres.sh and service-temporal.sh): the
# four server services as separate processes sharing infra/cluster/temporal.yaml, then the
# namespace and metricast's search attributes.

CLUSTER_SERVICES=(history matching frontend worker)

# Ports from the frontend's gRPC port P, the same offsets as Temporal's defaults (7233, 7234, 7235,
# 7239; membership 300 below): history P+1, matching P+2, worker P+6, frontend HTTP P+10, Prometheus
# metrics P+20 (frontend), P+21, P+22, P+26.
service_offset() {
  case "$1" in
    frontend) echo 0 ;;
    history) echo 1 ;;
    matching) echo 2 ;;
    worker) echo 6 ;;
  esac
}

export_cluster_env() {
  local p service upper
  p="$(temporal_port)"
  # The address the services listen on and announce to each other: an IP, not a name.
  export TEMPORAL_BIND_IP="${METRICAST_CLUSTER_BIND_IP:-$(temporal_host)}"
  [[ "$TEMPORAL_BIND_IP" == localhost ]] && TEMPORAL_BIND_IP=127.0.0.1
  for service in "${CLUSTER_SERVICES[@]}"; do
    upper="${service^^}"
    export "TEMPORAL_${upper}_PORT=$((p + $(service_offset "$service")))"
    export "TEMPORAL_${upper}_MEMBERSHIP_PORT=$((p - 300 + $(service_offset "$service")))"
  done
  export TEMPORAL_FRONTEND_HTTP_PORT=$((p + 10))
  export TEMPORAL_HISTORY_SHARDS="${METRICAST_CLUSTER_HISTORY_SHARDS:-16}"
  export TEMPORAL_PG_HOST="$PG_HOST" TEMPORAL_PG_PORT="$PG_PORT" TEMPORAL_PG_USER="$PG_USER"
  export TEMPORAL_DYNAMIC_CONFIG="$METRICAST_ROOT/infra/cluster/dynamicconfig.yaml"
  export TEMPORAL_LOG_LEVEL="${METRICAST_CLUSTER_LOG_LEVEL:-warn}"
}

service_pid_file() { printf '%s\n' "$CLUSTER_DIR/temporal-$1.pid"; }
service_log_file() { printf '%s\n' "$CLUSTER_LOG_DIR/temporal-$1.log"; }

start_service() {
  local service="$1" pid_file
  pid_file="$(service_pid_file "$service")"
  if pid_alive "$pid_file"; then
    log "temporal $service already running (pid $(cat "$pid_file"))"
    return 0
  fi
  TEMPORAL_METRICS_ADDRESS="$TEMPORAL_BIND_IP:$(($(temporal_port) + 20 + $(service_offset "$service")))" \
    start_daemon "$pid_file" "$(service_log_file "$service")" "$TEMPORAL_SERVER_BIN" \
    --config-file "$METRICAST_ROOT/infra/cluster/temporal.yaml" --allow-no-auth start --service "$service"
  log "started temporal $service (pid $(cat "$pid_file"), log $(service_log_file "$service"))"
}

# The frontend answers once membership has found history and matching; a service that died on
# start (a port taken, a bad config) fails the wait at once with its log.
wait_for_frontend() {
  local waited=0 service
  until temporal_cli operator cluster health 2>/dev/null | grep -q SERVING; do
    for service in "${CLUSTER_SERVICES[@]}"; do
      pid_alive "$(service_pid_file "$service")" && continue
      tail -n 30 "$(service_log_file "$service")" >&2
      die "temporal $service exited (log: $(service_log_file "$service"))"
    done
    ((waited < 120)) || die "the frontend did not report SERVING on $METRICAST_TEMPORAL_ADDRESS in 120 s"
    sleep 1
    waited=$((waited + 1))
  done
}

# A new namespace reaches every frontend's cache within about 10 s; until then starts fail with
# "namespace not found", so wait until a visibility call in it succeeds.
ensure_namespace() {
  local ns="$METRICAST_TEMPORAL_NAMESPACE" waited=0
  if ! temporal_cli operator namespace describe >/dev/null 2>&1; then
    "$TEMPORAL_BIN" operator namespace create --address "$METRICAST_TEMPORAL_ADDRESS" \
      --namespace "$ns" --retention "${METRICAST_CLUSTER_RETENTION:-72h}" >/dev/null ||
      die "could not create namespace $ns"
    log "created namespace $ns (retention ${METRICAST_CLUSTER_RETENTION:-72h})"
  fi
  until temporal_cli workflow count >/dev/null 2>&1; do
    ((waited < 60)) || die "namespace $ns did not become usable in 60 s"
    sleep 1
    waited=$((waited + 1))
  done
}

up_temporal_cluster() {
  local service
  export_cluster_env
  for service in "${CLUSTER_SERVICES[@]}"; do start_service "$service"; done
  wait_for_frontend
  ensure_namespace
  ensure_search_attributes
}

# Frontend first, so clients stop sending work before the services behind it go.
down_temporal_cluster() {
  local service
  for service in frontend matching worker history; do
    stop_daemon "$(service_pid_file "$service")" "temporal $service"
  done
}

status_temporal_cluster() {
  local service pid_file
  for service in "${CLUSTER_SERVICES[@]}"; do
    pid_file="$(service_pid_file "$service")"
    if pid_alive "$pid_file"; then
      log "temporal $service  running (pid $(cat "$pid_file"), port $(($(temporal_port) + $(service_offset "$service"))))"
    else
      log "temporal $service  not running"
    fi
  done
}
