#!/usr/bin/env bash
# make bench-sync: `takoc cache sync` of N cached repositories that have no changes, against
# a local HTTPS server (nginx, git http-backend through fcgiwrap, TLS with a CA made here,
# basic authentication with a token from TAKO_GIT_TOKEN), with --jobs 1 and the default.
#
#   N=1000      repositories
#   REPEAT=3    timed runs per measurement; the median is reported
#   TAKOC=path  a takoc to measure instead of building the release one
#
# Results: docs/performance.md ("cache sync").
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000}
REPEAT=${REPEAT:-3}
SWIFT=${SWIFT:-swift}
SCRATCH=.build-bench

if [ ! -x /usr/bin/time ]; then
    echo "installing time (apt-get)"
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null
fi

if [ -z "${TAKOC:-}" ]; then
    echo "building takoc (release)"
    $SWIFT build -c release --product takoc --scratch-path "$SCRATCH" 2>&1 | tail -1
    TAKOC="$($SWIFT build -c release --scratch-path "$SCRATCH" --show-bin-path)/takoc"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tako-bench-sync.XXXXXX")
PIDS=()
cleanup() {
    # fcgiwrap's forked children first (by their parent, a process started here), then the servers.
    for pid in "${PIDS[@]}"; do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/repos/acme" "$WORK/tmp" "$WORK/home"

# The server: a CA, a certificate for 127.0.0.1, a password file, fcgiwrap and nginx.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/ca.key" \
    -out "$WORK/ca.pem" -days 2 -subj "/CN=tako bench CA" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/server.key" \
    -out "$WORK/server.csr" -subj /CN=127.0.0.1 2>/dev/null
echo "subjectAltName=DNS:127.0.0.1,IP:127.0.0.1" >"$WORK/server.ext"
openssl x509 -req -in "$WORK/server.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
    -out "$WORK/server.pem" -days 2 -extfile "$WORK/server.ext" 2>/dev/null
TOKEN="bench-$RANDOM$RANDOM"
echo "x-access-token:$(echo "$TOKEN" | openssl passwd -apr1 -stdin)" >"$WORK/htpasswd"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/sbin/fcgiwrap -c 8 -s "unix:$WORK/fcgiwrap.sock" >"$WORK/fcgiwrap.log" 2>&1 &
PIDS+=($!)
USER_LINE=""
if [ "$(id -u)" = 0 ]; then USER_LINE="user root root;"; fi
cat >"$WORK/nginx.conf" <<CONF
$USER_LINE
daemon off;
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/error.log;
events { worker_connections 512; }
http {
    access_log off;
    client_body_temp_path $WORK/tmp/body; fastcgi_temp_path $WORK/tmp/fastcgi; proxy_temp_path $WORK/tmp/proxy;
    uwsgi_temp_path $WORK/tmp/uwsgi; scgi_temp_path $WORK/tmp/scgi;
    server {
        listen 127.0.0.1:$PORT ssl;
        ssl_certificate $WORK/server.pem;
        ssl_certificate_key $WORK/server.key;
        location / {
            auth_basic "tako bench";
            auth_basic_user_file $WORK/htpasswd;
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME /usr/lib/git-core/git-http-backend;
            fastcgi_param GIT_PROJECT_ROOT $WORK/repos;
            fastcgi_param GIT_HTTP_EXPORT_ALL "";
            fastcgi_param PATH_INFO \$uri;
            fastcgi_param REMOTE_USER \$remote_user;
            fastcgi_pass unix:$WORK/fcgiwrap.sock;
        }
    }
}
CONF
/usr/sbin/nginx -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/error.log" >"$WORK/nginx.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done

# N repositories: one real repository, copied.
git init -q -b main "$WORK/template"
echo "version: 1" >"$WORK/template/tako.yml"
git -C "$WORK/template" add tako.yml
git -C "$WORK/template" -c user.name=bench -c user.email=bench@tako.invalid commit -q -m first
: >"$WORK/list.txt"
# git http-backend serves bare repositories, under the URL's name (svc-0001.git).
git clone -q --bare "$WORK/template" "$WORK/template.git"
for i in $(seq -w 1 "$N"); do
    cp -r "$WORK/template.git" "$WORK/repos/acme/svc-$i.git"
    echo "https://127.0.0.1:$PORT/acme/svc-$i.git" >>"$WORK/list.txt"
done

# GIT_SSL_CAINFO, when the machine sets it, comes before SSL_CERT_FILE (as in git): unset it.
unset GIT_SSL_CAINFO SSL_CERT_DIR
export HOME="$WORK/home" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 SSL_CERT_FILE="$WORK/ca.pem" TAKO_GIT_TOKEN="$TOKEN"
echo "adding $N repositories over HTTPS"
/usr/bin/time -f "  add --from: %e s" "$TAKOC" cache add --from "$WORK/list.txt" --cache-dir "$WORK/cache" | tail -1

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "load before: $(uptime | sed 's/.*load average/load average/')"
printf '\n%10s %8s %10s %12s\n' "jobs" "repos" "wall s" "ms/repo"
for JOBS in 1 default; do
    ARGS=()
    [ "$JOBS" = default ] || ARGS=(--jobs "$JOBS")
    : >"$WORK/times"
    for _ in $(seq "$REPEAT"); do
        /usr/bin/time -f "%e" -o "$WORK/time" "$TAKOC" cache sync --cache-dir "$WORK/cache" "${ARGS[@]}" >"$WORK/out"
        tail -1 "$WORK/out" | grep -q "$N repositories: 0 updated, $N unchanged, 0 failed" || { echo "unexpected: $(tail -3 "$WORK/out")"; exit 1; }
        cat "$WORK/time" >>"$WORK/times"
    done
    WALL=$(median <"$WORK/times")
    printf '%10s %8s %10s %12s\n' "$JOBS" "$N" "$WALL" "$(awk -v w="$WALL" -v n="$N" 'BEGIN { printf "%.2f", w * 1000 / n }')"
done
echo "load after: $(uptime | sed 's/.*load average/load average/')"
