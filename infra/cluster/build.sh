# shellcheck shell=bash
# What the cluster needs installed (sourced by infra/cluster.sh and `infra/deps.sh --cluster`):
# Debian's PostgreSQL, and temporal-server + temporal-sql-tool built from the Go module proxy.

# v1.31.2 is the newest release this machine's Go (1.26.8) builds: v1.31.5 and v1.32.x need
# Go >= 1.26.10. The binaries go to a folder per version, shared by every cluster directory.
TEMPORAL_SERVER_VERSION="v1.31.2"
CLUSTER_BIN="${METRICAST_CLUSTER_BIN:-$STATE_DIR/cluster-bin/$TEMPORAL_SERVER_VERSION}"
TEMPORAL_SERVER_BIN="$CLUSTER_BIN/temporal-server"
TEMPORAL_SQL_TOOL="$CLUSTER_BIN/temporal-sql-tool"

# The newest PostgreSQL Debian installed (/usr/lib/postgresql/<major>/bin holds initdb and pg_ctl,
# which are not on PATH), or METRICAST_CLUSTER_PG_BIN.
postgres_bin_dir() {
  if [[ -n "${METRICAST_CLUSTER_PG_BIN:-}" ]]; then
    printf '%s\n' "$METRICAST_CLUSTER_PG_BIN"
    return 0
  fi
  local dir
  dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$dir" ]] || return 1
  printf '%s\n' "$dir"
}

ensure_postgres_package() {
  if postgres_bin_dir >/dev/null && [[ -x "$(postgres_bin_dir)/initdb" ]]; then
    return 0
  fi
  # apt_install lives in deps.sh (already loaded under `deps.sh --cluster`), which runs nothing when sourced.
  # shellcheck source=infra/deps.sh
  declare -F apt_install >/dev/null || source "$METRICAST_ROOT/infra/deps.sh"
  apt_install postgresql
}

# `go install` from the module proxy into a scratch GOBIN, then renamed: the packages build as
# `server` and `sql`. CGO off: a static binary, no C toolchain needed.
build_temporal_server() {
  if [[ -x "$TEMPORAL_SERVER_BIN" && -x "$TEMPORAL_SQL_TOOL" ]]; then
    log "temporal-server and temporal-sql-tool $TEMPORAL_SERVER_VERSION present in $CLUSTER_BIN"
    return 0
  fi
  command -v go >/dev/null || die "Go is missing: install Go >= 1.25 to build temporal-server $TEMPORAL_SERVER_VERSION"
  local scratch go_log="$LOG_DIR/go-temporal-server.log" started=$SECONDS
  scratch="$(mktemp -d)"
  log "building temporal-server and temporal-sql-tool $TEMPORAL_SERVER_VERSION with $(go version | cut -d' ' -f3) (several minutes)"
  if ! CGO_ENABLED=0 GOBIN="$scratch" GOFLAGS="-buildvcs=false" go install \
    "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" >>"$go_log" 2>&1; then
    rm -rf "$scratch"
    tail -n 20 "$go_log" >&2
    die "go install of temporal-server $TEMPORAL_SERVER_VERSION failed (log: $go_log)"
  fi
  mkdir -p "$CLUSTER_BIN"
  mv "$scratch/sql" "$TEMPORAL_SQL_TOOL"
  mv "$scratch/server" "$TEMPORAL_SERVER_BIN"
  rm -rf "$scratch"
  log "built $TEMPORAL_SERVER_BIN and $TEMPORAL_SQL_TOOL in $((SECONDS - started)) s"
}

ensure_cluster_deps() {
  ensure_postgres_package
  build_temporal_server
}
