#!/usr/bin/env bash
# The README's first command: from a fresh clone to a running metricast with a living demo in it.
#   deps → services (Temporal, MariaDB) → migrations → worker → API → demo (the bundled NAB series
#   shifted to now) → schedule → limits → backfill of the hours before now → status
# Every step is idempotent, so re-running brings back whatever stopped and changes nothing else.
# Steps whose TypeScript entry point does not exist yet are skipped with a message.
# Usage: bash infra/up.sh [step ...]     (no arguments: all steps, in order)
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The steps, in order. To add one (e.g. `schedule` for `metricast schedule ensure`, or `dashboard`),
# write a function step_<name> below and put <name> here where it belongs.
STEPS=(deps services migrate worker api demo schedule limits backfill status)

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
  log "Logs             $LOG_DIR/ (temporal.log, worker.log, api.log, mariadb-init.log)"
  log "Status / stop    bash infra/services.sh status | down"
}

main() {
  local steps=("$@")
  ((${#steps[@]})) || steps=("${STEPS[@]}")
  cd "$METRICAST_ROOT"
  ensure_state_dirs
  for step in "${steps[@]}"; do
    run_step "$step"
  done
  print_where_to_look
}

main "$@"
