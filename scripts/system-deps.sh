#!/usr/bin/env bash
# Install the Debian packages that parts of the test suite need, only when they are missing.
# chromium: browser tests of the web app and the HTML report (Playwright drives Debian's chromium;
#           nothing is downloaded by Playwright itself).
# openjdk-17-jre-headless: Splink's Spark backend (undercount[spark]).
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null 2>&1; then
  echo "system-deps: missing ${need[*]} and not root; the tests that need them will be skipped" >&2
  exit 0
fi
SUDO=""; [ "$(id -u)" != "0" ] && SUDO="sudo"
echo "system-deps: installing ${need[*]} from Debian"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || echo "system-deps: could not install ${need[*]}; the tests that need them will be skipped" >&2
exit 0
