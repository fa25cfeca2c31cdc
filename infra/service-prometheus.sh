# shellcheck shell=bash
# The Prometheus part of infra/services.sh (sourced after lib.sh): Debian's node_exporter and a
# Prometheus of metricast's own, for `infra/up.sh --with-prometheus`. Both listen on loopback only,
# on ports of their own (not 9090/9100, where Debian's packaged services may already run).
# Prometheus scrapes node_exporter (this machine's CPU, memory and network) and metricast's
# exposition on its loopback listener (METRICAST_EXPOSITION_LISTEN), keeps 15 days in
# state/prometheus/data, and is what the worker's Prometheus source reads (METRICAST_PROMETHEUS_URL).

PROMETHEUS_PID="$STATE_DIR/prometheus.pid"
PROMETHEUS_LOG="$LOG_DIR/prometheus.log"
PROMETHEUS_DIR="$STATE_DIR/prometheus"
NODE_EXPORTER_PID="$STATE_DIR/node-exporter.pid"
NODE_EXPORTER_LOG="$LOG_DIR/node-exporter.log"

# Ports and the addresses the rest of metricast uses, unless the caller chose others.
prometheus_defaults() {
  export METRICAST_PROMETHEUS_PORT="${METRICAST_PROMETHEUS_PORT:-9390}"
  export METRICAST_NODE_EXPORTER_PORT="${METRICAST_NODE_EXPORTER_PORT:-9391}"
  export METRICAST_EXPOSITION_LISTEN="${METRICAST_EXPOSITION_LISTEN:-127.0.0.1:9465}"
  export METRICAST_PROMETHEUS_URL="${METRICAST_PROMETHEUS_URL:-http://127.0.0.1:$METRICAST_PROMETHEUS_PORT}"
}

# Debian installs node_exporter as prometheus-node-exporter.
binary_of() {
  local name
  for name in "$@"; do
    command -v "$name" 2>/dev/null && return 0
  done
  die "none of $* is installed: run bash infra/deps.sh"
}

up_node_exporter() {
  prometheus_defaults
  if pid_alive "$NODE_EXPORTER_PID"; then
    log "node_exporter already running (pid $(cat "$NODE_EXPORTER_PID"), 127.0.0.1:$METRICAST_NODE_EXPORTER_PORT)"
    return 0
  fi
  port_open 127.0.0.1 "$METRICAST_NODE_EXPORTER_PORT" &&
    die "127.0.0.1:$METRICAST_NODE_EXPORTER_PORT is taken by another process; set METRICAST_NODE_EXPORTER_PORT"
  # Only what the default queries read: CPU, memory, network.
  start_daemon "$NODE_EXPORTER_PID" "$NODE_EXPORTER_LOG" "$(binary_of prometheus-node-exporter node_exporter)" \
    "--web.listen-address=127.0.0.1:$METRICAST_NODE_EXPORTER_PORT" --collector.disable-defaults \
    --collector.cpu --collector.meminfo --collector.netdev
  wait_for_daemon "$NODE_EXPORTER_PID" "$NODE_EXPORTER_LOG" 127.0.0.1 "$METRICAST_NODE_EXPORTER_PORT" 30 ||
    die "node_exporter did not start (log: $NODE_EXPORTER_LOG)"
  log "started node_exporter (pid $(cat "$NODE_EXPORTER_PID")) on 127.0.0.1:$METRICAST_NODE_EXPORTER_PORT"
}

# The scrape configuration (JSON, which Prometheus reads as YAML): node_exporter as job "node",
# metricast's exposition as job "metricast"; every 15 s.
write_prometheus_config() {
  mkdir -p "$PROMETHEUS_DIR/data"
  cat >"$PROMETHEUS_DIR/prometheus.yml" <<YAML
{
  "global": { "scrape_interval": "15s", "evaluation_interval": "15s" },
  "scrape_configs": [
    { "job_name": "node", "static_configs": [{ "targets": ["127.0.0.1:$METRICAST_NODE_EXPORTER_PORT"] }] },
    { "job_name": "metricast", "static_configs": [{ "targets": ["$METRICAST_EXPOSITION_LISTEN"] }] }
  ]
}
YAML
}

up_prometheus() {
  prometheus_defaults
  if pid_alive "$PROMETHEUS_PID"; then
    log "Prometheus already running (pid $(cat "$PROMETHEUS_PID"), $METRICAST_PROMETHEUS_URL)"
    return 0
  fi
  port_open 127.0.0.1 "$METRICAST_PROMETHEUS_PORT" &&
    die "127.0.0.1:$METRICAST_PROMETHEUS_PORT is taken by another process; set METRICAST_PROMETHEUS_PORT"
  write_prometheus_config
  start_daemon "$PROMETHEUS_PID" "$PROMETHEUS_LOG" "$(binary_of prometheus)" \
    "--config.file=$PROMETHEUS_DIR/prometheus.yml" "--storage.tsdb.path=$PROMETHEUS_DIR/data" \
    "--web.listen-address=127.0.0.1:$METRICAST_PROMETHEUS_PORT" --storage.tsdb.retention.time=15d
  wait_for_daemon "$PROMETHEUS_PID" "$PROMETHEUS_LOG" 127.0.0.1 "$METRICAST_PROMETHEUS_PORT" 60 ||
    die "Prometheus did not start (log: $PROMETHEUS_LOG)"
  # When scraping began: the live step waits for two whole 5-minute slots after it.
  date -u +%s >"$PROMETHEUS_DIR/started-at"
  log "started Prometheus (pid $(cat "$PROMETHEUS_PID")) on $METRICAST_PROMETHEUS_URL, scraping node_exporter and $METRICAST_EXPOSITION_LISTEN"
}

down_prometheus() { stop_daemon "$PROMETHEUS_PID" "Prometheus"; }
down_node_exporter() { stop_daemon "$NODE_EXPORTER_PID" "node_exporter"; }

status_prometheus() {
  prometheus_defaults
  if pid_alive "$PROMETHEUS_PID"; then
    log "Prometheus      running (pid $(cat "$PROMETHEUS_PID"), $METRICAST_PROMETHEUS_URL, log $PROMETHEUS_LOG)"
  else
    log "Prometheus      not running (bash infra/up.sh --with-prometheus starts it)"
  fi
}

status_node_exporter() {
  prometheus_defaults
  if pid_alive "$NODE_EXPORTER_PID"; then
    log "node_exporter   running (pid $(cat "$NODE_EXPORTER_PID"), 127.0.0.1:$METRICAST_NODE_EXPORTER_PORT)"
  else
    log "node_exporter   not running"
  fi
}
