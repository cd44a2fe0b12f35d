# The build machinery shared by the toolchain scripts (sourced, not run): scripts/ensure-pulumi.sh,
# scripts/ensure-k8s-provider.sh and scripts/ensure-kube-apiserver.sh build Go tools from the wrapper modules
# in tools/ with it, and scripts/ensure-release-package.sh takes its lock the same way. docs/pulumi-cli.md
# describes the cache layout and how to rebuild.
#
# A build of tool KEY (e.g. `pulumi-3.259.0`) in cache dir DIR:
#   DIR/KEY/                 the finished tree (bin/ and a BUILD-ID stamp); only ever renamed into place whole
#   DIR/KEY.lock             flock(1) lock: one builder at a time, the others wait and then reuse its result
#   DIR/.KEY.tmp.XXXXXX/     the build in progress, on the same filesystem so the final rename is atomic
#   DIR/.KEY.old.XXXXXX/     a stale tree moved aside while the new one takes its place
#
# Knobs (environment):
#   PULUMI_FORCE_BUILD=1         ignore tools already on PATH and use (or make) the cached build
#   PULUMI_BUILD_JOBS=N          go build -p N (default: the core count; the largest build peaks near 5 GB)
#   PULUMI_BUILD_GOSUMDB=...     GOSUMDB for the build (default off: the committed go.sum files are still verified)
#   PULUMI_BUILD_WAIT_NOTICE=S   a progress line every S seconds while waiting for another build (default 30)
#   PULUMI_BUILD_PROGRESS=S      a progress line every S seconds while building (default 60)
#   PULUMI_BUILD_DRY_RUN=1       take the lock and say which builds would run, but build nothing; exit 0

TOOLS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig"
TOOLS_LOG_NAME="$(basename "$0" .sh)"

log() { echo "$TOOLS_LOG_NAME: $*" >&2; }

# The directory holding every named executable when all are on PATH in one directory (symlinks resolved);
# fails when one is missing, they are spread over several directories, or PULUMI_FORCE_BUILD is set.
dir_on_path() {
  local exe found dir="" d
  [ -z "${PULUMI_FORCE_BUILD:-}" ] || return 1
  for exe in "$@"; do
    found="$(command -v "$exe" 2>/dev/null)" || return 1
    d="$(cd "$(dirname "$(readlink -f "$found")")" && pwd)"
    [ -z "$dir" ] || [ "$dir" = "$d" ] || return 1
    dir="$d"
  done
  echo "$dir"
}

# use_from_path EXE MOD: when EXE is on PATH (and PULUMI_FORCE_BUILD is unset), say so, print its directory and
# end the script; otherwise return, and the script builds MOD.
use_from_path() {
  local dir
  dir="$(dir_on_path "$1")" || return 0
  log "using $dir/$1 (from PATH; set PULUMI_FORCE_BUILD=1 to build ${2#"$TOOLS_ROOT"/} instead)"
  echo "$dir"
  exit 0
}

# pinned_version MOD MODULE: the version MOD/go.mod requires of MODULE; ends the script when there is none.
pinned_version() {
  local v
  v="$(go_mod_version "$1/go.mod" "$2")"
  [ -n "$v" ] || { log "no $2 requirement in $1/go.mod"; exit 1; }
  echo "$v"
}

# go_mod_version GO_MOD MODULE: the version (without `v`) that GO_MOD requires of MODULE.
go_mod_version() {
  awk -v m="$2" '$1 == m { sub(/^v/, "", $2); print $2; exit }
    $1 == "require" && $2 == m { sub(/^v/, "", $3); print $3; exit }' "$1"
}

# source_id DIR SUBDIR...: a 16-hex-digit hash of the Go sources, go.mod and go.sum files under DIR/SUBDIR...
# Whole-line comments (except //go: directives) and blank lines do not count, so editing a comment does not
# throw away a half-hour build; code, directives, module requirements and checksums do.
source_id() {
  local dir="$1" f
  shift
  (
    cd "$dir"
    find "$@" -name '*.go' -o -name go.mod -o -name go.sum | LC_ALL=C sort | while IFS= read -r f; do
      printf '== %s\n' "$f"
      case "$f" in
        *.go) sed -E -e '/^[[:space:]]*\/\/([^g]|g[^o]|go[^:]|$)/d' -e '/^[[:space:]]*$/d' "$f" ;;
        *) cat "$f" ;;
      esac
    done
  ) | sha256sum | cut -c1-16
}

# cache_entry KEY SOURCE_ID: names the cache tree of one build (FINAL, BIN) and the stamp it must carry.
cache_entry() {
  KEY="$1"
  BUILD_ID="$2"
  FINAL="$TOOLS_CACHE/$KEY"
  BIN="$FINAL/bin"
}

# is_built EXE...: every EXE is in BIN and the tree carries the current BUILD-ID.
is_built() {
  local exe
  for exe in "$@"; do [ -x "$BIN/$exe" ] || return 1; done
  [ "$(cat "$FINAL/BUILD-ID" 2>/dev/null)" = "$BUILD_ID" ]
}

require_go() {
  command -v go >/dev/null 2>&1 || {
    log "Go is not installed; it is needed once to build $1"
    exit 1
  }
}

# lock_build DIR KEY WHAT: waits for (and then holds, until exit) the lock of KEY in DIR, saying so when the
# wait starts and every PULUMI_BUILD_WAIT_NOTICE seconds; then removes trees left by interrupted builds.
# Without flock(1) builds are not serialised.
lock_build() {
  local dir="$1" key="$2" what="$3" waited
  mkdir -p "$dir"
  exec 9>"$dir/$key.lock"
  command -v flock >/dev/null 2>&1 || return 0
  if ! flock -n 9; then
    waited=$SECONDS
    log "waiting for another process building $what (lock $dir/$key.lock)"
    until flock -w "${PULUMI_BUILD_WAIT_NOTICE:-30}" 9; do
      log "still waiting for the build of $what ($((SECONDS - waited))s so far)"
    done
    log "lock acquired after $((SECONDS - waited))s"
  fi
  # Holding the lock, any temp tree left is from an interrupted build (killed before its trap ran).
  rm -rf "$dir/.$key.tmp."* "$dir/.$key.old."*
}

# start_build DIR KEY: makes TMP (DIR/.KEY.tmp.*) and arranges that any exit stops an unfinished build and
# removes TMP; a signal exits (so the EXIT trap runs) at once.
start_build() {
  TMP="$(mktemp -d "$1/.$2.tmp.XXXXXX")"
  BUILD_PID=""
  BUILD_STARTED=$SECONDS
  trap 'if [ -n "$BUILD_PID" ]; then kill "$BUILD_PID" 2>/dev/null || true; fi; rm -rf "$TMP"' EXIT
  trap 'exit 130' INT TERM HUP
}

build_jobs() {
  echo "${PULUMI_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}"
}

# The Go settings of every build: the local toolchain, modules from the proxy checked against go.sum, no
# cgo or VCS stamp, reproducible paths, parallelism from the core count.
go_env() {
  export GOTOOLCHAIN=local CGO_ENABLED=0
  export GOFLAGS="-mod=mod -buildvcs=false -trimpath -p=$(build_jobs)"
  export GOSUMDB="${PULUMI_BUILD_GOSUMDB:-off}"
}

# go_build WHAT MODULE_DIR GO_BUILD_ARGS...: runs `go build ARGS` in MODULE_DIR at the lowest priority (nice 19: a
# build in the background must not slow the tests running beside it, see scripts/ensure-tools.sh), its output
# on stderr, with a progress line every PULUMI_BUILD_PROGRESS seconds. It runs in the background so that a
# signal interrupts the wait at once (the EXIT trap then stops it). Exits the script when the build fails.
go_build() {
  local what="$1" mod="$2" next status=0
  shift 2
  if [ -n "${PULUMI_BUILD_DRY_RUN:-}" ]; then
    log "dry run: would build $what: (cd $mod && go build $(printf '%q ' "$@")) with GOFLAGS='$(go_env && echo "$GOFLAGS")'"
    return 0
  fi
  log "building $what (-p $(build_jobs))"
  (
    cd "$mod"
    go_env
    exec nice -n 19 go build "$@"
  ) >&2 &
  BUILD_PID=$!
  next=$((SECONDS + ${PULUMI_BUILD_PROGRESS:-60}))
  while kill -0 "$BUILD_PID" 2>/dev/null; do
    if [ "$SECONDS" -ge "$next" ]; then
      log "still building $what ($((SECONDS - BUILD_STARTED))s so far)"
      next=$((SECONDS + ${PULUMI_BUILD_PROGRESS:-60}))
    fi
    sleep 1
  done
  wait "$BUILD_PID" || status=$?
  BUILD_PID=""
  [ "$status" -eq 0 ] || {
    log "building $what failed (exit $status)"
    exit "$status"
  }
}

# With PULUMI_BUILD_DRY_RUN: stop before checking and publishing what was (not) built.
end_dry_run() {
  [ -n "${PULUMI_BUILD_DRY_RUN:-}" ] || return 0
  log "dry run: nothing built; $FINAL is unchanged"
  exit 0
}

# publish: stamps TMP with BUILD_ID and renames it to FINAL; a stale FINAL (another BUILD-ID) is moved aside
# first and removed after, so FINAL is always either the old tree or the whole new one.
publish() {
  local old=""
  echo "$BUILD_ID" >"$TMP/BUILD-ID"
  if [ -e "$FINAL" ]; then
    old="$(mktemp -d "$TOOLS_CACHE/.$KEY.old.XXXXXX")"
    mv "$FINAL" "$old/"
  fi
  mv "$TMP" "$FINAL"
  trap - EXIT INT TERM HUP
  if [ -n "$old" ]; then rm -rf "$old"; fi
  log "built in $((SECONDS - BUILD_STARTED))s, $(du -sh "$FINAL" | cut -f1) on disk"
}
