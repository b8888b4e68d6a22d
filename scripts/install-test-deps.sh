#!/usr/bin/env bash
# Installs what the test suite needs besides Maven's dependencies. Idempotent: does nothing when all is present.
#   kcat                     librdkafka's command-line client (Debian package kcat)
#   python3-confluent-kafka  librdkafka's Python binding, for Debian's /usr/bin/python3 (not a pyenv or venv python)
#   kafkajs                  from npm, with `npm ci` into freshet-it/src/test/node/node_modules (Node 14+ and npm)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

installed() {
  if command -v dpkg-query >/dev/null 2>&1; then
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
  else
    case "$1" in
      kcat) command -v kcat >/dev/null 2>&1 ;;
      python3-confluent-kafka) python3 -c 'import confluent_kafka' >/dev/null 2>&1 ;;
    esac
  fi
}

missing=()
for package in kcat python3-confluent-kafka; do
  installed "$package" || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "install-test-deps: kcat and python3-confluent-kafka are present"
else
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: missing ${missing[*]} and no apt-get here; install them by hand" >&2
    exit 1
  fi
  sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-test-deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo=(sudo -n)
  fi
  echo "install-test-deps: installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # Install straight away when the package lists already know the packages; update them once otherwise.
  if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    "${sudo[@]}" apt-get update -q >/dev/null
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
  echo "install-test-deps: installed ${missing[*]}"
fi

# --- npm packages (kafkajs) ----------------------------------------------------------------------------------------
# `npm ci` installs exactly package-lock.json. It runs again only when the lock file changed since the last install
# (a stamp in node_modules), so a second run needs no network.
node_dir=freshet-it/src/test/node
stamp=$node_dir/node_modules/.installed-lock.sha256
want=$(sha256sum "$node_dir/package-lock.json" | cut -d' ' -f1)
if [[ -f $stamp && $(<"$stamp") == "$want" && -f $node_dir/node_modules/kafkajs/package.json ]]; then
  echo "install-test-deps: kafkajs is present ($node_dir/node_modules)"
else
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "install-test-deps: need node (14 or newer) and npm on PATH to install kafkajs" >&2
    exit 1
  fi
  echo "install-test-deps: npm ci in $node_dir (kafkajs)"
  (cd "$node_dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
  echo "$want" >"$stamp"
  echo "install-test-deps: installed kafkajs $(node -p "require('./$node_dir/node_modules/kafkajs/package.json').version")"
fi
