# shellcheck shell=bash
# The MariaDB part of infra/services.sh (sourced after lib.sh): metricast's own store. Uses whatever
# server answers at METRICAST_DB_HOST:METRICAST_DB_PORT; otherwise starts Debian's server with its
# SysV script (there is no systemd here), then makes sure the metricast user and database exist.

# Marker meaning "this script started the server", so `down` never stops someone else's MariaDB.
MARIADB_MARKER="$STATE_DIR/mariadb.started-by-infra"
MARIADB_INIT_LOG="$LOG_DIR/mariadb-init.log"

mariadb_is_local() {
  case "$METRICAST_DB_HOST" in
    127.0.0.1 | localhost) return 0 ;;
    *) return 1 ;;
  esac
}

# Debian's /etc/init.d/mariadb runs mysqld_safe with the system datadir (/var/lib/mysql, made by the
# package's postinst) and waits until the server pings; extra arguments reach mysqld_safe, which is
# how a non-default port gets through. Output goes to a log, not our stdout: the script leaves a
# background logger behind that would otherwise keep a caller's pipe open.
start_mariadb() {
  local port="$METRICAST_DB_PORT" args=()
  [[ "$port" == 3306 ]] || args+=("--port=$port")
  if [[ -x /etc/init.d/mariadb ]]; then
    as_root /etc/init.d/mariadb start "${args[@]}" >>"$MARIADB_INIT_LOG" 2>&1 </dev/null 9>&- ||
      die "/etc/init.d/mariadb start failed (log: $MARIADB_INIT_LOG)"
  else
    # No SysV script (not Debian's package): run mysqld_safe ourselves, as the script would.
    as_root install -m 755 -o mysql -g root -d /run/mysqld
    as_root setsid mariadbd-safe "${args[@]}" >>"$MARIADB_INIT_LOG" 2>&1 </dev/null 9>&- &
  fi
  wait_for_port "$METRICAST_DB_HOST" "$port" 60 || die "MariaDB did not answer on port $port (log: $MARIADB_INIT_LOG)"
  touch "$MARIADB_MARKER"
  log "started MariaDB (system datadir /var/lib/mysql) on $METRICAST_DB_HOST:$port, init log $MARIADB_INIT_LOG"
}

# A random password, generated once per machine user and kept in $DEV_ENV (mode 600); never printed.
ensure_db_password() {
  [[ -n "${METRICAST_DB_PASSWORD:-}" ]] && return 0
  METRICAST_DB_PASSWORD="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export METRICAST_DB_PASSWORD
  mkdir -p "$(dirname "$DEV_ENV")"
  (
    umask 077
    printf 'export METRICAST_DB_PASSWORD=%s\n' "$METRICAST_DB_PASSWORD" >>"$DEV_ENV"
  )
  chmod 600 "$DEV_ENV"
  log "generated a MariaDB password for $METRICAST_DB_USER into $DEV_ENV (mode 600)"
}

# Says where the password comes from, never what it is.
password_source() {
  local stored=""
  # shellcheck source=/dev/null
  [[ -f "$DEV_ENV" ]] && stored="$(unset METRICAST_DB_PASSWORD && source "$DEV_ENV" && printf '%s' "${METRICAST_DB_PASSWORD-}")"
  if [[ -n "$stored" && "$stored" == "${METRICAST_DB_PASSWORD-}" ]]; then
    printf 'in %s\n' "$DEV_ENV"
  else
    printf 'from METRICAST_DB_PASSWORD\n'
  fi
}

# SQL string literal: backslashes and quotes escaped, so any password survives.
sql_quote() {
  local s="${1//\\/\\\\}"
  printf "'%s'" "${s//\'/\\\'}"
}

# The provisioning SQL; every statement can run again. `metricast%` lets tests create their own
# metricast_test_<x> databases; a database name outside that prefix gets its own grant.
provision_sql() {
  local user="$METRICAST_DB_USER" db="$METRICAST_DB_DATABASE" pw host
  pw="$(sql_quote "$METRICAST_DB_PASSWORD")"
  # shellcheck disable=SC2016 # the backquotes are SQL identifier quotes
  printf 'CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8mb4;\n' "$db"
  for host in 127.0.0.1 localhost; do
    printf "CREATE USER IF NOT EXISTS '%s'@'%s' IDENTIFIED BY %s;\n" "$user" "$host" "$pw"
    printf "ALTER USER '%s'@'%s' IDENTIFIED BY %s;\n" "$user" "$host" "$pw"
    printf "GRANT ALL PRIVILEGES ON \`metricast%%\`.* TO '%s'@'%s';\n" "$user" "$host"
    [[ "$db" == metricast* ]] || printf "GRANT ALL PRIVILEGES ON \`%s\`.* TO '%s'@'%s';\n" "$db" "$user" "$host"
  done
}

# Can the metricast user log in and use its database? MYSQL_PWD keeps the password off the
# command line (and out of `ps`).
db_login_works() {
  MYSQL_PWD="$METRICAST_DB_PASSWORD" mariadb --protocol=tcp -h "$METRICAST_DB_HOST" -P "$METRICAST_DB_PORT" \
    -u "$METRICAST_DB_USER" "$METRICAST_DB_DATABASE" -e 'SELECT 1' >/dev/null 2>&1
}

# Creates database and user as root over the unix socket (Debian's root uses socket auth). Without
# root access (a server we do not administer) we can only check that the login already works.
provision_mariadb() {
  [[ "$METRICAST_DB_USER" =~ ^[A-Za-z0-9_]{1,80}$ ]] || die "METRICAST_DB_USER must be letters, digits, underscore, got '$METRICAST_DB_USER'"
  [[ "$METRICAST_DB_DATABASE" =~ ^[A-Za-z0-9_]{1,64}$ ]] || die "METRICAST_DB_DATABASE must be letters, digits, underscore, got '$METRICAST_DB_DATABASE'"
  ensure_db_password
  if mariadb_is_local && as_root mariadb --protocol=socket -uroot -e 'SELECT 1' >/dev/null 2>&1; then
    provision_sql | as_root mariadb --protocol=socket -uroot ||
      die "provisioning SQL failed for user $METRICAST_DB_USER"
  fi
  db_login_works || die "cannot log in to MariaDB at $METRICAST_DB_HOST:$METRICAST_DB_PORT as $METRICAST_DB_USER (database $METRICAST_DB_DATABASE); create the user with the SQL in infra/README.md"
  log "MariaDB user $METRICAST_DB_USER can use $METRICAST_DB_DATABASE and metricast% databases"
}

up_mariadb() {
  if port_open "$METRICAST_DB_HOST" "$METRICAST_DB_PORT"; then
    log "MariaDB already answers on $METRICAST_DB_HOST:$METRICAST_DB_PORT"
  elif mariadb_is_local; then
    start_mariadb
  else
    die "nothing answers at $METRICAST_DB_HOST:$METRICAST_DB_PORT, and a remote MariaDB is not ours to start"
  fi
  provision_mariadb
}

# Stops the server only if we started it: a clean shutdown over the root socket.
down_mariadb() {
  if [[ ! -f "$MARIADB_MARKER" ]]; then
    port_open "$METRICAST_DB_HOST" "$METRICAST_DB_PORT" && log "MariaDB was not started by infra/; left running"
    return 0
  fi
  if port_open "$METRICAST_DB_HOST" "$METRICAST_DB_PORT"; then
    log "stopping MariaDB on $METRICAST_DB_HOST:$METRICAST_DB_PORT"
    as_root mariadb-admin --protocol=socket -uroot shutdown || die "mariadb-admin shutdown failed"
    # So that an `up` right after this does not find the closing server still answering.
    local waited=0
    while port_open "$METRICAST_DB_HOST" "$METRICAST_DB_PORT" && ((waited < 60)); do
      sleep 1
      waited=$((waited + 1))
    done
  fi
  rm -f "$MARIADB_MARKER"
  log "MariaDB is down (data kept in /var/lib/mysql)"
}

status_mariadb() {
  local where="$METRICAST_DB_HOST:$METRICAST_DB_PORT/$METRICAST_DB_DATABASE"
  if ! port_open "$METRICAST_DB_HOST" "$METRICAST_DB_PORT"; then
    log "MariaDB         $where  down"
  elif [[ -n "${METRICAST_DB_PASSWORD:-}" ]] && db_login_works; then
    log "MariaDB         $where  up (login as $METRICAST_DB_USER works)"
  else
    log "MariaDB         $where  up (login as $METRICAST_DB_USER fails: run bash infra/services.sh up)"
  fi
}
