# shellcheck shell=bash
# Shared helpers for the infra/ scripts. Sourced, never run: it sets no shell options of its own
# beyond what the caller chose (every caller uses `set -euo pipefail`).

# Repo root = the parent of the folder holding this file, so the scripts work from any working directory.
METRICAST_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export METRICAST_ROOT

# State (pid files, logs, Temporal's SQLite file, dev.env) lives in one gitignored folder. The config
# schema knows the same setting (METRICAST_STATE_DIR, relative to the repo) so the TS side agrees.
state_dir() {
  local dir="${METRICAST_STATE_DIR:-state}"
  case "$dir" in
    /*) printf '%s\n' "$dir" ;;
    *) printf '%s\n' "$METRICAST_ROOT/$dir" ;;
  esac
}
STATE_DIR="$(state_dir)"
LOG_DIR="$STATE_DIR/logs"
# The generated MariaDB password belongs to the machine's MariaDB user, which every checkout on the
# machine shares: it lives per OS user, not per checkout, or two checkouts would keep resetting it.
DEV_ENV="${METRICAST_DEV_ENV:-${XDG_CONFIG_HOME:-$HOME/.config}/metricast/dev.env}"
# shellcheck disable=SC2034 # used by the scripts that source this file
VENV="$METRICAST_ROOT/.venv"

# Plain prefixed lines (no colours): CI logs and terminals read the same.
log() { printf '[infra] %s\n' "$*"; }
warn() { printf '[infra] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[infra] ERROR: %s\n' "$*" >&2
  exit 1
}

# Creates state/ with its sub-folders, and the private folder of the generated password (a checkout
# from before the password moved there hands its state/dev.env over once).
ensure_state_dirs() {
  mkdir -p "$STATE_DIR" "$LOG_DIR" "$STATE_DIR/temporal" "$(dirname "$DEV_ENV")"
  chmod 700 "$STATE_DIR" "$(dirname "$DEV_ENV")"
  if [[ ! -f "$DEV_ENV" && -f "$STATE_DIR/dev.env" ]]; then
    install -m 600 "$STATE_DIR/dev.env" "$DEV_ENV"
  fi
}

# Loads the generated secrets ($DEV_ENV) without overriding what the caller already exported:
# an explicit METRICAST_DB_PASSWORD or METRICAST_API_TOKEN must win over the generated one. The
# TypeScript side reads the same file by the same rule (src/config/dev-env.ts).
load_dev_env() {
  [[ -f "$DEV_ENV" ]] || return 0
  local line name value
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ "$line" =~ ^(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    name="${BASH_REMATCH[2]}"
    value="${BASH_REMATCH[3]}"
    [[ -n "${!name+set}" ]] && continue
    export "$name=$value"
  done <"$DEV_ENV"
}

# The demo's admin API token: generated once per machine user into $DEV_ENV (mode 600), never
# printed, unless the caller exported METRICAST_API_TOKEN. The API keeps only its hash in memory.
ensure_dev_api_token() {
  [[ -n "${METRICAST_API_TOKEN:-}" ]] && return 0
  mkdir -p "$(dirname "$DEV_ENV")"
  METRICAST_API_TOKEN="mc_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export METRICAST_API_TOKEN
  printf 'export METRICAST_API_TOKEN=%s\n' "$METRICAST_API_TOKEN" >>"$DEV_ENV"
  chmod 600 "$DEV_ENV"
  log "generated an admin API token into $DEV_ENV (mode 600)"
}

# MariaDB settings with the same defaults as src/config/schema.ts.
db_defaults() {
  export METRICAST_DB_HOST="${METRICAST_DB_HOST:-127.0.0.1}"
  export METRICAST_DB_PORT="${METRICAST_DB_PORT:-3306}"
  export METRICAST_DB_USER="${METRICAST_DB_USER:-metricast}"
  export METRICAST_DB_DATABASE="${METRICAST_DB_DATABASE:-metricast}"
}

# Temporal settings with the same defaults as src/config/schema.ts.
temporal_defaults() {
  export METRICAST_TEMPORAL_ADDRESS="${METRICAST_TEMPORAL_ADDRESS:-127.0.0.1:7233}"
  export METRICAST_TEMPORAL_NAMESPACE="${METRICAST_TEMPORAL_NAMESPACE:-default}"
  export METRICAST_TEMPORAL_UI_URL="${METRICAST_TEMPORAL_UI_URL:-http://127.0.0.1:8233}"
}

# True when host:port accepts a TCP connection. Uses bash's /dev/tcp (no nc on a bare machine),
# under `timeout` because a filtered remote port would otherwise hang the connect.
port_open() {
  local host="$1" port="$2"
  # shellcheck disable=SC2016 # $0 and $1 belong to the inner shell
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
}

# Waits until host:port accepts connections; fails after `timeout` seconds.
wait_for_port() {
  local host="$1" port="$2" timeout="${3:-60}" waited=0
  until port_open "$host" "$port"; do
    if ((waited >= timeout)); then
      warn "nothing answered on $host:$port after ${timeout}s"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# Waits for a daemon we just started to open its port; fails early, showing its log, if it exits.
wait_for_daemon() {
  local pid_file="$1" log_file="$2" host="$3" port="$4" timeout="${5:-60}" waited=0
  until port_open "$host" "$port"; do
    if ! pid_alive "$pid_file"; then
      warn "the process exited before $host:$port answered; last lines of $log_file:"
      tail -n 20 "$log_file" >&2
      return 1
    fi
    if ((waited >= timeout)); then
      warn "nothing answered on $host:$port after ${timeout}s"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# True when the pid file names a live process. A zombie counts as dead: our daemons are orphans,
# and this machine's PID 1 may take a while to reap them.
pid_alive() {
  local pid_file="$1" pid stat
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}

# Starts a long-running command detached from the caller: its own session (so a terminal's Ctrl-C
# or a CI job's process-group kill does not take it down), stdin from /dev/null, output to a log.
# The pid is written from inside the new session (setsid forks when the caller leads a process
# group, so $! could name a parent that already exited); it is also the process-group id that
# stop_daemon signals.
start_daemon() {
  local pid_file="$1" log_file="$2"
  shift 2
  printf '\n===== %s: %s\n' "$(date -u +%FT%TZ)" "$*" >>"$log_file"
  rm -f "$pid_file"
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell
  # 9>&-: infra/services.sh holds its lock on fd 9; a daemon inheriting it would hold it for ever.
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pid_file" "$@" >>"$log_file" 2>&1 </dev/null 9>&- &
  local waited=0
  while [[ ! -s "$pid_file" ]] && ((waited < 50)); do
    sleep 0.1
    waited=$((waited + 1))
  done
}

# Stops the process group recorded in a pid file (only what we started), waiting up to 30 s
# before SIGKILL, and removes the pid file.
stop_daemon() {
  local pid_file="$1" name="$2" pid waited=0
  if ! pid_alive "$pid_file"; then
    rm -f "$pid_file"
    return 0
  fi
  pid="$(cat "$pid_file")"
  log "stopping $name (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  while pid_alive "$pid_file" && ((waited < 30)); do
    sleep 1
    waited=$((waited + 1))
  done
  if pid_alive "$pid_file"; then
    warn "$name did not stop in 30s; sending SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

# Runs a command as root: directly when we are root, through sudo otherwise (developer laptops).
as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "need root for: $* (run as root or install sudo)"
  fi
}

# Runs a TypeScript entry point if the file exists; otherwise says so and succeeds, so up.sh keeps
# working while entry points are still being written.
run_ts_if_present() {
  local file="$1"
  shift
  if [[ ! -f "$METRICAST_ROOT/$file" ]]; then
    log "skipped: $file does not exist yet"
    return 0
  fi
  # node_modules/.bin/tsx is what `npx tsx` would find, minus npx's start-up time and warnings.
  (cd "$METRICAST_ROOT" && "$METRICAST_ROOT/node_modules/.bin/tsx" "$file" "$@")
}
