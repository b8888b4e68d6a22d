#!/usr/bin/env bash
# Writes the certificates the security tests and bench/security.sh use into DIR (created if absent):
#   ca.pem                    the test CA (what clients trust), ca.key its key
#   truststore.p12            the CA as a Java trust store (PKCS12, trusted-certificate entry)
#   server.p12                the broker's key and chain: CN=localhost, SAN IP:127.0.0.1 and DNS:localhost
#   client.p12, client.pem, client.key   a client certificate, DN "CN=tls-client,OU=parity" (mutual TLS)
# Every store's password is STORE_PASSWORD (default parity-pw). Valid 30 days; RSA 2048.
#
#   scripts/security-certs.sh DIR
set -euo pipefail
dir="${1:?usage: security-certs.sh DIR}"
pw="${STORE_PASSWORD:-parity-pw}"
mkdir -p "$dir"
cd "$dir"
quiet() { "$@" >/dev/null 2>&1 || { echo "security-certs: $* failed" >&2; "$@"; exit 1; }; }

quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/CN=parity-test-ca" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign

issue() {  # NAME SUBJECT EXTENSIONS
  quiet openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2"
  printf '%s\n' "$3" >"$1.ext"
  quiet openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.pem" -days 30 -extfile "$1.ext"
  quiet openssl pkcs12 -export -in "$1.pem" -inkey "$1.key" -certfile ca.pem -name "$1" -out "$1.p12" -passout "pass:$pw"
  rm -f "$1.csr" "$1.ext"
}
issue server "/CN=localhost" "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
issue client "/OU=parity/CN=tls-client" "extendedKeyUsage=clientAuth"

rm -f truststore.p12
quiet keytool -importcert -noprompt -alias parity-ca -file ca.pem -keystore truststore.p12 -storetype PKCS12 \
  -storepass "$pw"
echo "security-certs: wrote $dir (ca.pem, truststore.p12, server.p12, client.p12/.pem/.key)"
