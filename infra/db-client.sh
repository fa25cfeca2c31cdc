# shellcheck shell=bash
# MariaDB client credentials for infra/backup.sh and infra/restore.sh (sourced after lib.sh).
# The password goes into a temporary option file of mode 600, never onto a command line where `ps`
# (or /proc/<pid>/cmdline) would show it to every user of the machine, and never into the logs.

# Writes a [client] option file for the configured server and prints its path. The caller removes
# it (a trap). Option-file values are double-quoted, with backslash and quote escaped.
write_client_defaults() {
  local file quoted
  file="$(mktemp "${TMPDIR:-/tmp}/metricast-db.XXXXXX")" # mktemp creates it with mode 600
  chmod 600 "$file"
  quoted="${METRICAST_DB_PASSWORD-}"
  quoted="${quoted//\\/\\\\}"
  quoted="${quoted//\"/\\\"}"
  {
    printf '[client]\n'
    printf 'host=%s\nport=%s\nuser=%s\n' "$METRICAST_DB_HOST" "$METRICAST_DB_PORT" "$METRICAST_DB_USER"
    printf 'password="%s"\n' "$quoted"
  } >"$file"
  printf '%s\n' "$file"
}

# Database names reach SQL only after this check: letters, digits and underscore, as the config schema allows.
check_db_name() {
  [[ "$1" =~ ^[A-Za-z0-9_]{1,64}$ ]] || die "database name must be letters, digits or underscore (1-64), got '$1'"
}
