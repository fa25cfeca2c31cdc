# shellcheck shell=bash
# The PostgreSQL part of infra/cluster.sh (sourced after build.sh): Temporal's store, a server of
# the cluster's own (its own data directory and port) so it never touches another PostgreSQL.

PG_PORT="${METRICAST_CLUSTER_PG_PORT:-5432}"
PG_HOST="127.0.0.1"
PG_USER="temporal"
# Generated once, mode 600, read by every later run; never printed or put on a command line.
PG_ENV="$CLUSTER_DIR/postgres.env"

# PostgreSQL refuses to run as root. As root it runs as Debian's `postgres` user, whose data must
# sit where that user can reach it: state/ is mode 700, so the data goes under its home instead, in
# a folder named after the cluster directory. Any other user keeps it inside the cluster directory.
if [[ -n "${METRICAST_CLUSTER_PGDATA:-}" ]]; then
  PGDATA_DIR="$METRICAST_CLUSTER_PGDATA"
elif [[ "$(id -u)" == 0 ]]; then
  PGDATA_DIR="/var/lib/postgresql/metricast-cluster-$(printf '%s' "$CLUSTER_DIR" | sha256sum | cut -c1-12)"
else
  PGDATA_DIR="$CLUSTER_DIR/postgres"
fi

as_pg_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# psql as the superuser over the unix socket, which lives in the data directory (mode 700): only
# the owner can reach it, so `trust` there is safe, and no other server's socket is in the way.
pg_super() {
  as_pg_owner "$(postgres_bin_dir)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGDATA_DIR" -p "$PG_PORT" -U postgres "$@"
}

pg_running() {
  as_pg_owner "$(postgres_bin_dir)/pg_ctl" status -D "$PGDATA_DIR" >/dev/null 2>&1
}

load_pg_password() {
  if [[ ! -f "$PG_ENV" ]]; then
    (umask 077 && printf 'TEMPORAL_PG_PASSWORD=%s\n' "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$PG_ENV")
  fi
  TEMPORAL_PG_PASSWORD="$(sed -n 's/^TEMPORAL_PG_PASSWORD=//p' "$PG_ENV")"
  export TEMPORAL_PG_PASSWORD
}

# Settings for a dedicated Temporal store; see infra/README.md for the sizes on a real host.
init_postgres() {
  [[ -f "$PGDATA_DIR/PG_VERSION" ]] && return 0
  log "initdb $PGDATA_DIR"
  mkdir -p "$PGDATA_DIR"
  [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$PGDATA_DIR"
  chmod 700 "$PGDATA_DIR"
  as_pg_owner "$(postgres_bin_dir)/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >>"$CLUSTER_LOG_DIR/postgres-initdb.log" 2>&1 ||
    die "initdb failed (log: $CLUSTER_LOG_DIR/postgres-initdb.log)"
  as_pg_owner tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null <<EOF
# metricast cluster (infra/cluster/postgres.sh)
listen_addresses = '$PG_HOST'
unix_socket_directories = '$PGDATA_DIR'
max_connections = ${METRICAST_CLUSTER_PG_MAX_CONNECTIONS:-200}
shared_buffers = ${METRICAST_CLUSTER_PG_SHARED_BUFFERS:-128MB}
logging_collector = off
EOF
}

start_postgres() {
  if pg_running; then
    log "PostgreSQL already running on port $PG_PORT (data $PGDATA_DIR)"
    return 0
  fi
  # The log is inside the data directory: the server's own user must be able to write it.
  as_pg_owner "$(postgres_bin_dir)/pg_ctl" start -D "$PGDATA_DIR" -o "-p $PG_PORT" \
    -l "$PGDATA_DIR/postgres.log" -w -t 60 >/dev/null ||
    die "PostgreSQL did not start (log: $PGDATA_DIR/postgres.log)"
  log "started PostgreSQL on $PG_HOST:$PG_PORT (data $PGDATA_DIR)"
}

stop_postgres() {
  pg_running || return 0
  as_pg_owner "$(postgres_bin_dir)/pg_ctl" stop -D "$PGDATA_DIR" -m fast -w -t 60 >/dev/null
  log "stopped PostgreSQL on port $PG_PORT"
}

ensure_temporal_role() {
  local exists
  exists="$(pg_super -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")"
  local verb="ALTER"
  [[ "$exists" == 1 ]] || verb="CREATE"
  # Through stdin, so the password is on no command line.
  printf "%s ROLE %s LOGIN CREATEDB PASSWORD '%s';\n" "$verb" "$PG_USER" "$TEMPORAL_PG_PASSWORD" | pg_super
}

sql_tool() {
  SQL_PASSWORD="$TEMPORAL_PG_PASSWORD" "$TEMPORAL_SQL_TOOL" --plugin postgres12 --ep "$PG_HOST" -p "$PG_PORT" \
    -u "$PG_USER" "$@" >>"$CLUSTER_LOG_DIR/sql-tool.log" 2>&1 ||
    die "temporal-sql-tool $* failed (log: $CLUSTER_LOG_DIR/sql-tool.log)"
}

# Creates a database with its base schema once, then applies every newer versioned schema the
# tool embeds: the same command upgrades the store after a server upgrade.
ensure_temporal_schema() {
  local db="$1" schema="$2"
  if [[ "$(pg_super -tA -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]]; then
    sql_tool --db "$db" create-database
    sql_tool --db "$db" setup-schema -v 0.0
  fi
  sql_tool --db "$db" update-schema --schema-name "$schema"
}

up_postgres() {
  load_pg_password
  init_postgres
  start_postgres
  ensure_temporal_role
  ensure_temporal_schema temporal postgresql/v12/temporal
  ensure_temporal_schema temporal_visibility postgresql/v12/visibility
  log "Temporal schema up to date in databases temporal and temporal_visibility"
}
