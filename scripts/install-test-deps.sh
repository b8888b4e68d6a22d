#!/usr/bin/env bash
# Installs what the test suite needs besides Maven's dependencies. Idempotent: does nothing when all is present.
#   kcat                     librdkafka's command-line client (Debian package kcat)
#   python3-confluent-kafka  librdkafka's Python binding, for Debian's /usr/bin/python3 (not a pyenv or venv python)
#   python3-prometheus-client  the Prometheus text-format parser the metrics test reads GET /metrics with (/usr/bin/python3)
#   mosquitto                Mosquitto 2, the MQTT broker the MQTT benchmark runs beside Freshet (Debian package)
#   mosquitto-clients        mosquitto_pub and mosquitto_sub, MQTT clients the tests run (Debian package)
#   chromium                 the browser the HTTP tests drive headless (through playwright-core) (Debian package)
#   kafkajs, mqtt, ws,       from npm (kafkajs 2, mqtt.js 5, ws 8, eventsource 5, playwright-core 1.65), with
#   eventsource,             `npm ci` into freshet-it/src/test/node/node_modules (Node 18+ and npm); playwright-core
#   playwright-core          drives Debian's /usr/bin/chromium (it cannot download a browser here)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

installed() {
  if command -v dpkg-query >/dev/null 2>&1; then
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
  else
    case "$1" in
      kcat) command -v kcat >/dev/null 2>&1 ;;
      python3-confluent-kafka) python3 -c 'import confluent_kafka' >/dev/null 2>&1 ;;
      python3-prometheus-client) /usr/bin/python3 -c 'import prometheus_client' >/dev/null 2>&1 ;;
      mosquitto) command -v mosquitto >/dev/null 2>&1 || [[ -x /usr/sbin/mosquitto ]] ;;
      mosquitto-clients) command -v mosquitto_pub >/dev/null 2>&1 && command -v mosquitto_sub >/dev/null 2>&1 ;;
      chromium) command -v chromium >/dev/null 2>&1 ;;
    esac
  fi
}

missing=()
debian_packages=(kcat python3-confluent-kafka python3-prometheus-client mosquitto mosquitto-clients chromium)
for package in "${debian_packages[@]}"; do
  installed "$package" || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "install-test-deps: ${debian_packages[*]} are present"
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
  # Debian starts a mosquitto service on 127.0.0.1:1883 where services may start (not in most containers): that is
  # Freshet's default MQTT port. The tests and the benchmark start their own mosquitto on a free port, so a service
  # this script just brought up is stopped and disabled again (a mosquitto that was already installed is left alone).
  if [[ " ${missing[*]} " == *" mosquitto "* ]] && command -v systemctl >/dev/null 2>&1 \
      && systemctl is-active --quiet mosquitto 2>/dev/null; then
    "${sudo[@]}" systemctl disable --now mosquitto >/dev/null 2>&1 || true
    echo "install-test-deps: stopped and disabled the mosquitto service Debian started (port 1883 is Freshet's)"
  fi
fi

# --- npm packages (kafkajs, mqtt, ws, eventsource, playwright-core) ----------------------------------------------------------------------------------------
# `npm ci` installs exactly package-lock.json. It runs again only when the lock file changed since the last install
# (a stamp in node_modules), so a second run needs no network.
node_dir=freshet-it/src/test/node
stamp=$node_dir/node_modules/.installed-lock.sha256
want=$(sha256sum "$node_dir/package-lock.json" | cut -d' ' -f1)
npm_packages=(kafkajs mqtt ws eventsource playwright-core)
npm_present() {
  local package
  for package in "${npm_packages[@]}"; do
    [[ -f $node_dir/node_modules/$package/package.json ]] || return 1
  done
}
if [[ -f $stamp && $(<"$stamp") == "$want" ]] && npm_present; then
  echo "install-test-deps: ${npm_packages[*]} are present ($node_dir/node_modules)"
else
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "install-test-deps: need node (18 or newer) and npm on PATH to install ${npm_packages[*]}" >&2
    exit 1
  fi
  echo "install-test-deps: npm ci in $node_dir (${npm_packages[*]})"
  (cd "$node_dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
  echo "$want" >"$stamp"
  for package in "${npm_packages[@]}"; do
    echo "install-test-deps: installed $package" \
      "$(node -p "require('./$node_dir/node_modules/$package/package.json').version")"
  done
fi
