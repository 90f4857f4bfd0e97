#!/usr/bin/env bash
# Runs .ci/run as a fresh machine would, to prove `npm test` owns everything it needs:
#   - a new clone of the committed HEAD (uncommitted work is not in it, as in CI);
#   - a new, empty HOME, npm cache and TMPDIR, and an environment with nothing but PATH, LANG and CI=true;
#   - as root, in a mount namespace of its own: empty /var/lib/postgresql, /etc/postgresql and
#     /var/run/postgresql, so no system cluster, password, socket or file of an earlier session is there;
#   - with --purge: first removes the Debian packages the tests need (chromium, postgresql-15*), so `npm test`
#     has to install them again, as on a machine that never had them.
# Usage: bash scripts/ci-fresh.sh [--purge]      (prints the wall time; leaves nothing behind but the log)
set -euo pipefail
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=$(mktemp -d /tmp/tk-fresh-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/tmp" "$work/npm-cache"
chmod 755 "$work" "$work/tmp"

if [ "${1:-}" = "--purge" ]; then
  [ "$(id -u)" = 0 ] || { echo "--purge needs root"; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq chromium 'postgresql-15*' postgresql-common >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get autoremove -y -qq >/dev/null
fi

git clone -q "$repo" "$work/clone"
# CI has a read-only copy of shared/ beside the clone.
[ -d "$repo/../shared" ] && cp -r "$repo/../shared" "$work/shared" && chmod -R a-w "$work/shared"

run='cd "$0/clone" && start=$(date +%s) && bash .ci/run; code=$?; echo "ci-fresh: .ci/run exited $code after $(( $(date +%s) - start )) s"; exit $code'
fresh_env=(env -i PATH="$PATH" LANG=C.UTF-8 CI=true HOME="$work/home" TMPDIR="$work/tmp" npm_config_cache="$work/npm-cache")
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
  "${fresh_env[@]}" unshare --mount --propagation private bash -c '
    for d in /var/lib/postgresql /etc/postgresql /var/run/postgresql; do
      mkdir -p "$d" && mount -t tmpfs tmpfs "$d"
    done
    '"$run" "$work"
else
  echo "ci-fresh: not root (or no unshare): the system PostgreSQL directories stay visible"
  "${fresh_env[@]}" bash -c "$run" "$work"
fi
