#!/usr/bin/env bash
# Backs up metricast's MariaDB database to one gzipped SQL file: a consistent snapshot of every
# table (InnoDB, --single-transaction: no locks, writers keep writing), with routines, triggers,
# partition definitions and schema_migrations, so a restore is at the same migration level.
# Usage: bash infra/backup.sh [output.sql.gz]
#   default output: state/backups/<database>-<UTC time>.sql.gz (folder mode 700, file mode 600)
# Database and credentials come from the environment (METRICAST_DB_*), else ~/.config/metricast/dev.env.
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=infra/db-client.sh
source "$METRICAST_ROOT/infra/db-client.sh"

load_dev_env
db_defaults
check_db_name "$METRICAST_DB_DATABASE"
command -v mariadb-dump >/dev/null || die "mariadb-dump not found: run bash infra/deps.sh"

umask 077 # the dump holds every row (and model weights): readable by its owner only
if (($# == 0)); then
  out="$STATE_DIR/backups/$METRICAST_DB_DATABASE-$(date -u +%Y%m%dT%H%M%SZ).sql.gz"
  mkdir -p "$(dirname "$out")"
else
  out="$1"
fi
[[ -d "$(dirname "$out")" ]] || die "folder of the output does not exist: $(dirname "$out")"
[[ ! -e "$out" ]] || die "$out exists; give another path or move it away"

defaults="$(write_client_defaults)"
partial="$out.partial"
trap 'rm -f "$defaults" "$partial"' EXIT

# --hex-blob: model weights survive any client character set. --quick streams rows instead of
# buffering whole tables. Written to .partial and renamed, so a failed dump never looks finished.
log "backing up database $METRICAST_DB_DATABASE on $METRICAST_DB_HOST:$METRICAST_DB_PORT"
mariadb-dump --defaults-file="$defaults" \
  --single-transaction --routines --triggers --hex-blob --quick --no-tablespaces \
  "$METRICAST_DB_DATABASE" | gzip -6 >"$partial"
mv "$partial" "$out"
log "wrote $out ($(du -h "$out" | cut -f1))"
printf '%s\n' "$out"
