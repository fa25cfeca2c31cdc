#!/usr/bin/env bash
# The README's first command: from a fresh clone to a running metricast with a living demo in it.
#   deps → services (Temporal, MariaDB) → migrations → worker → API → demo (the bundled NAB series
#   shifted to now) → schedule → limits → backfill of the hours before now → status
# Every step is idempotent, so re-running brings back whatever stopped and changes nothing else.
# Steps whose TypeScript entry point does not exist yet are skipped with a message.
# Usage: bash infra/up.sh [--with-prometheus] [step ...]     (no steps: all of them, in order)
#   --with-prometheus  also run node_exporter and a Prometheus here (infra/service-prometheus.sh):
#                      the worker reads this machine's CPU, memory and network from it every hour,
#                      the API exposes forecasts on a loopback listener it scrapes, and the `live`
#                      step registers the machine's series.
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=infra/service-prometheus.sh
source "$METRICAST_ROOT/infra/service-prometheus.sh"

# The steps, in order. To add one (e.g. `schedule` for `metricast schedule ensure`, or `dashboard`),
# write a function step_<name> below and put <name> here where it belongs.
STEPS=(deps services migrate worker api demo schedule limits backfill status)
# With --with-prometheus: Prometheus right after the core services, so live data accrues while the
# demo loads, and the machine's series registered once two 5-minute slots of it exist.
STEPS_WITH_PROMETHEUS=(deps services prometheus migrate worker api demo schedule limits backfill live status)

step_deps() { bash "$METRICAST_ROOT/infra/deps.sh"; }
step_services() { bash "$METRICAST_ROOT/infra/services.sh" up temporal mariadb; }
step_migrate() { run_ts_if_present src/db/migrate-main.ts; }
step_worker() { bash "$METRICAST_ROOT/infra/services.sh" up worker; }
# The HTTP API with the dashboard, after the worker (its retrain route signals the worker's workflows).
step_api() {
  ensure_dev_api_token
  bash "$METRICAST_ROOT/infra/services.sh" up api
}
# The living demo (demo.replay, on in metricast.config.json): each bundled NAB series is shifted by
# whole weeks so that it runs up to now and its last days (demo.holdBackHours) are held back; the
# history up to this hour is ingested at once (demo.historyDays), the rest is released by the hourly
# cycle's replay source as its shifted times pass, and each series starts over when it runs out.
# The first run records the start; later runs ingest what is missing and change nothing else. A
# database left by an older demo (only the bundled series, no replay) is cleared first; one holding
# other data is refused (`metricast demo start --reset` clears it).
step_demo() { run_ts_if_present src/client/main.ts demo start; }
# The hourly forecast cycle as a Temporal Schedule; re-running updates it in place.
step_schedule() { run_ts_if_present src/client/main.ts schedule ensure; }
# A demo overload limit, so the backfill has something to warn about: any CPU series whose 95% band
# reaches 60%. Setting it again updates it in place. Mail stays off until smtp.host and alerts.to are set.
step_limits() {
  run_ts_if_present src/client/main.ts alerts limits set --metric CPUUtilization --above 60 --basis upper95
}
# Replays the last hours before the demo start (demo.backfillHours) and the start's own hour as
# cycles of both granularities, as the live system would have lived them: first champions trained on
# the data before the first hour, then forecasts, reconciliation, accuracy and retraining, so every
# series has a champion and a forecast ahead of now when this script ends. Idempotent: run again, it
# skips the hours already done.
step_backfill() { run_ts_if_present src/client/main.ts demo backfill; }
step_status() { run_ts_if_present src/client/main.ts status; }

# A worker or API started earlier without the Prometheus settings keeps running without them.
warn_if_running_without() {
  local pid_file="$1" name="$2" variable="$3"
  pid_alive "$pid_file" || return 0
  tr '\0' '\n' <"/proc/$(cat "$pid_file")/environ" 2>/dev/null | grep -q "^$variable=" && return 0
  warn "the $name already runs without $variable: restart it (bash infra/services.sh down $name, then this command again)"
}

# node_exporter and Prometheus; the worker and API steps after it inherit the exported settings
# (METRICAST_PROMETHEUS_URL for the hourly ingest, METRICAST_EXPOSITION_LISTEN for the exposition).
step_prometheus() {
  prometheus_defaults
  bash "$METRICAST_ROOT/infra/services.sh" up node_exporter prometheus
  warn_if_running_without "$STATE_DIR/worker.pid" worker METRICAST_PROMETHEUS_URL
  warn_if_running_without "$STATE_DIR/api.pid" api METRICAST_EXPOSITION_LISTEN
}

SLOT=300
# Registers this machine's CPU, memory and network: ingests every whole 5-minute slot Prometheus has
# (at most the last day). A single point would be dropped as constant, so it waits, if need be,
# until two slots exist; a rate needs two scrapes (15 s apart) inside the slot's five minutes.
step_live() {
  prometheus_defaults
  local started first now wait to from
  started="$(cat "$PROMETHEUS_DIR/started-at" 2>/dev/null)" || die "Prometheus was not started by this script"
  first=$((((started + 45 + SLOT - 1) / SLOT) * SLOT))
  now="$(date -u +%s)"
  wait=$((first + SLOT + 20 - now))
  if ((wait > 0)); then
    log "waiting ${wait}s for two 5-minute slots of live data since Prometheus started"
    sleep "$wait"
    now="$(date -u +%s)"
  fi
  to=$((((now - 20) / SLOT) * SLOT + SLOT))
  from=$((first > to - 86400 ? first : to - 86400))
  run_ts_if_present src/client/main.ts ingest --source prometheus --direct \
    --from "$(date -u -d "@$from" +%FT%TZ)" --to "$(date -u -d "@$to" +%FT%TZ)"
}

# Each step sees the settings the previous ones produced (services.sh may have just generated the
# database password into $DEV_ENV).
run_step() {
  local name="$1"
  declare -F "step_$name" >/dev/null || die "unknown step '$name' (steps: ${STEPS[*]})"
  load_dev_env
  db_defaults
  temporal_defaults
  log "---- $name"
  "step_$name"
}

# The dashboard and API, and how to log in: the environment's admin token or one made for a person.
print_api_login() {
  local url="http://${METRICAST_API_HOST:-127.0.0.1}:${METRICAST_API_PORT:-8080}"
  url="${url/0.0.0.0/127.0.0.1}"
  log "Dashboard        $url/  (log in at $url/login with an API token)"
  log "HTTP API         $url/api/v1  (OpenAPI: $url/api/v1/openapi.json; Authorization: Bearer <token>)"
  if [[ -n "${METRICAST_API_TOKEN:-}" ]]; then
    log "                 admin token: METRICAST_API_TOKEN in $DEV_ENV (or your environment)"
    log "                 show it: grep METRICAST_API_TOKEN $DEV_ENV"
  fi
  log "                 a token of your own: npm run -s cli -- token create --name you --scope read|push|admin"
}

print_where_to_look() {
  log "---- metricast is up"
  log "Temporal Web UI  $METRICAST_TEMPORAL_UI_URL  (workflows, schedules, search: MetricastSeries, MetricastKind)"
  log "Temporal gRPC    $METRICAST_TEMPORAL_ADDRESS, namespace $METRICAST_TEMPORAL_NAMESPACE"
  log "MariaDB          $METRICAST_DB_HOST:$METRICAST_DB_PORT/$METRICAST_DB_DATABASE, user $METRICAST_DB_USER"
  log "                 shell: (source $DEV_ENV && MYSQL_PWD=\$METRICAST_DB_PASSWORD mariadb -h $METRICAST_DB_HOST -P $METRICAST_DB_PORT -u $METRICAST_DB_USER $METRICAST_DB_DATABASE)"
  print_api_login
  if ((WITH_PROMETHEUS)); then
    log "Prometheus       $METRICAST_PROMETHEUS_URL (scrapes node_exporter and metricast's exposition)"
    log "Exposition       http://$METRICAST_EXPOSITION_LISTEN/metrics (loopback, no token; or /metrics on the API with a read token)"
  fi
  log "Logs             $LOG_DIR/ (temporal.log, worker.log, api.log, mariadb-init.log)"
  log "Status / stop    bash infra/services.sh status | down"
}

WITH_PROMETHEUS=0

main() {
  local steps=() arg
  for arg in "$@"; do
    if [[ "$arg" == --with-prometheus ]]; then WITH_PROMETHEUS=1; else steps+=("$arg"); fi
  done
  if ((WITH_PROMETHEUS)); then
    prometheus_defaults
    ((${#steps[@]})) || steps=("${STEPS_WITH_PROMETHEUS[@]}")
  fi
  ((${#steps[@]})) || steps=("${STEPS[@]}")
  cd "$METRICAST_ROOT"
  ensure_state_dirs
  for step in "${steps[@]}"; do
    run_step "$step"
  done
  print_where_to_look
}

main "$@"
