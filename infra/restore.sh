#!/usr/bin/env bash
# Restores a backup made by infra/backup.sh into a named database that is new or empty, so a
# restore never mixes with live data: check the copy, then point METRICAST_DB_DATABASE at it.
# Usage: bash infra/restore.sh <backup.sql.gz> <database>
# Credentials come from the environment (METRICAST_DB_*), else ~/.config/metricast/dev.env; the
# user needs CREATE on the database (metricast's own user has it on metricast%).
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=infra/db-client.sh
source "$METRICAST_ROOT/infra/db-client.sh"

(($# == 2)) || die "usage: bash infra/restore.sh <backup.sql.gz> <database>"
backup="$1"
target="$2"
[[ -f "$backup" ]] || die "backup file not found: $backup"
check_db_name "$target"
load_dev_env
db_defaults
command -v mariadb >/dev/null || die "mariadb client not found: run bash infra/deps.sh"
gzip -t "$backup" 2>/dev/null || die "backup is not a complete gzip file: $backup"

defaults="$(write_client_defaults)"
trap 'rm -f "$defaults"' EXIT
sql() { mariadb --defaults-file="$defaults" --batch --skip-column-names "$@"; }

tables="$(sql -e "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$target'")"
((tables == 0)) || die "database $target already holds $tables tables; restore into a new or empty database"
sql -e "CREATE DATABASE IF NOT EXISTS \`$target\` CHARACTER SET utf8mb4"

log "restoring $backup into database $target on $METRICAST_DB_HOST:$METRICAST_DB_PORT"
# --binary-mode: statements are read as bytes, as the dump wrote them.
gunzip -c "$backup" | sql --binary-mode --database="$target"
restored="$(sql -e "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$target'")"
log "restored $restored tables into $target"
