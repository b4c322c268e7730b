#!/usr/bin/env bash
# Installs everything `publish` and its test suite need on a fresh Debian 12 machine
# with Python 3.11: system libraries for WeasyPrint, the JRE for EPUBCheck, veraPDF and
# the Nu checker, Chromium's headless shell for axe-core and DAISY Ace (and full Chromium
# for the browser tests), the Python virtual environment and the npm validators.
# Idempotent: each step checks before it installs, and stamps record the inputs
# (pyproject.toml, package-lock.json) they were made from.
#
#   scripts/setup.sh            everything (build + validators)
#   scripts/setup.sh --build    only what `publish build` needs
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv="$root/.venv"
want=all
[ "${1:-}" = "--build" ] && want=build

say() { printf '[setup] %s\n' "$*"; }

apt_pkgs_build=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig
                python3-venv)
apt_pkgs_check=(default-jre-headless chromium chromium-headless-shell libjaxb-java qpdf
                poppler-utils nodejs npm libnss3 libatk-bridge2.0-0 libgbm1)

missing=()
check_pkgs() {
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
}
check_pkgs "${apt_pkgs_build[@]}"
if [ "$want" = all ]; then
  check_pkgs "${apt_pkgs_check[@]}"
fi
# A machine that already has node/npm/java from elsewhere needs no Debian copy of them.
filtered=()
for p in "${missing[@]+"${missing[@]}"}"; do
  case "$p" in
    nodejs) command -v node >/dev/null || filtered+=("$p") ;;
    npm) command -v npm >/dev/null || filtered+=("$p") ;;
    default-jre-headless) command -v java >/dev/null || filtered+=("$p") ;;
    python3-venv) python3 -c 'import venv, ensurepip' 2>/dev/null || filtered+=("$p") ;;
    *) filtered+=("$p") ;;
  esac
done
if [ ${#filtered[@]} -gt 0 ]; then
  say "installing Debian packages: ${filtered[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  log=$(mktemp)
  if ! { $SUDO apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
           "${filtered[@]}"; } >"$log" 2>&1; then
    cat "$log"; rm -f "$log"; say "apt-get install failed"; exit 1
  fi
  rm -f "$log"
fi

# Python: one virtual environment, the package installed editable with its extras.
stamp="$venv/.publish-stamp"
pyhash=$(sha256sum pyproject.toml | cut -c1-16)-$want
if [ ! -x "$venv/bin/python" ]; then
  say "creating $venv"
  python3 -m venv "$venv"
fi
have=$(cat "$stamp" 2>/dev/null || true)
# A full install (with the dev extras) also satisfies a build-only request.
if [ "$have" != "$pyhash" ] && [ "$have" != "${pyhash%-*}-all" ]; then
  say "installing Python packages"
  log=$(mktemp)
  extra=""; [ "$want" = all ] && extra="[dev]"
  if ! { "$venv/bin/python" -m pip install -q --upgrade pip &&
         "$venv/bin/python" -m pip install -q -e ".$extra"; } >"$log" 2>&1; then
    cat "$log"; rm -f "$log"; say "pip install failed"; exit 1
  fi
  rm -f "$log"
  echo "$pyhash" > "$stamp"
fi

[ "$want" = all ] || { say "build dependencies ready"; exit 0; }

# npm validators: DAISY Ace, the Nu HTML checker and axe-core, pinned by package-lock.json.
nstamp="node_modules/.publish-stamp"
hash_npm() { cat package.json $( [ -f package-lock.json ] && echo package-lock.json ) | sha256sum | cut -c1-16; }
nhash=$(hash_npm)
if [ ! -f "$nstamp" ] || [ "$(cat "$nstamp")" != "$nhash" ]; then
  say "installing npm validators"
  if [ -f package-lock.json ]; then
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  else
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error
  fi
  nhash=$(hash_npm)
  echo "$nhash" > "$nstamp"
fi
say "all dependencies ready"
