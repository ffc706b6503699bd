#!/usr/bin/env bash
# Runs every test against real services. Starts what is missing: Postgres and Redis
# (installing them if absent), a versioned S3-compatible server (moto) and an SMTP server
# (aiosmtpd). Safe to run on a fresh machine and on a developer's, repeatedly.
# Prints each phase with the seconds since the start; Python tools live in a venv under
# target/ (never the system Python); the build and the test run are one build.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
log() { printf '[test %4ds] %s\n' "$((SECONDS - started))" "$*" >&2; }
log "checking services and tools"
need_apt=()
pids=()
build_pid=
work=$(mktemp -d)
cleanup() {
  [ -n "$build_pid" ] && kill "$build_pid" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# --- The build, in the background from the start ------------------------------------
# It needs only a C compiler and make (LAME is built from source bundled in mp3lame-sys),
# so it starts before everything else is installed and overlaps apt, pip and the services.
# `cargo test --no-run` with the same arguments compiles exactly what the test run then
# uses (the e2e tests' `muffle` binary included, via worker's integration tests), so the
# run itself compiles nothing.
build_tools=()
command -v make >/dev/null || build_tools+=(make)
command -v cc >/dev/null || build_tools+=(gcc)
if [ ${#build_tools[@]} -gt 0 ]; then
  log "installing ${build_tools[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${build_tools[@]}" >/dev/null
fi
log "building in the background (cargo test --no-run)"
build_log=$work/build.log
cargo test --workspace --all-targets --no-run --quiet >"$build_log" 2>&1 &
build_pid=$!

# --- Postgres (127.0.0.1:5432, trust auth) -------------------------------------------
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if ! ls /etc/postgresql >/dev/null 2>&1; then need_apt+=(postgresql); fi
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  command -v redis-server >/dev/null || need_apt+=(redis-server)
fi
# Headless Chromium and its WebDriver, for the media gateway's browser test.
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
# pg_dump, for the test that dumps a database and looks for link tokens.
command -v pg_dump >/dev/null || need_apt+=(postgresql-client)
# Ruby and its pg driver, for the Ruby producer example (tests/tests/producers.rs).
ruby -e 'require "pg"' >/dev/null 2>&1 || need_apt+=(ruby ruby-pg)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  log "starting Postgres"
  version=$(ls /etc/postgresql | sort -n | tail -1)
  conf=/etc/postgresql/$version/main
  # trust auth on loopback, as the tests expect
  if ! grep -q "muffle-test" "$conf/pg_hba.conf" 2>/dev/null; then
    sed -i '1i host all all 127.0.0.1/32 trust # muffle-test\nlocal all all trust # muffle-test' "$conf/pg_hba.conf"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/muffle-test.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi

# --- S3 (moto) and SMTP (aiosmtpd), from a venv under target/ ----------------------
venv=${CARGO_TARGET_DIR:-target}/test-venv
py=$venv/bin/python
if ! "$py" -c 'import moto.server, aiosmtpd, flask_cors, psycopg' >/dev/null 2>&1; then
  # moto's S3 alone (with the server's flask): `moto[server]` pulls every service's
  # dependencies, twice the download and install time for nothing the tests use.
  log "installing moto (S3 server), aiosmtpd and psycopg into $venv"
  python3 -m venv "$venv"
  # psycopg: the Python producer example (tests/tests/producers.rs).
  "$py" -m pip install -q 'moto[s3]>=5' flask flask-cors aiosmtpd 'psycopg[binary]>=3.1'
fi
TEST_PYTHON="$(cd "$(dirname "$py")" && pwd)/python"
export TEST_PYTHON
log "starting S3 (moto) and SMTP (aiosmtpd) servers"
free_port() { $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
s3_port=$(free_port)
$py -m moto.server -H 127.0.0.1 -p "$s3_port" >"$work/moto.log" 2>&1 &
pids+=($!)
smtp_port=$(free_port)
smtp_tls_port=$(free_port)
mkdir -p "$work/mail"
# aiosmtpd: plain and STARTTLS listeners into one maildir (see the script for its rules).
$py scripts/smtp_test_server.py --maildir "$work/mail" --port "$smtp_port" \
  --tls-port "$smtp_tls_port" --cert-dir "$work/smtp-tls" >"$work/smtp.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
  (echo >/dev/tcp/127.0.0.1/"$s3_port") 2>/dev/null && (echo >/dev/tcp/127.0.0.1/"$smtp_port") 2>/dev/null \
    && (echo >/dev/tcp/127.0.0.1/"$smtp_tls_port") 2>/dev/null && break
  sleep 0.2
done

export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export TEST_REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
export TEST_S3_ENDPOINT="http://127.0.0.1:$s3_port"
export TEST_SMTP_URL="smtp://127.0.0.1:$smtp_port"
export TEST_SMTP_MAILDIR="$work/mail"
export TEST_SMTP_TLS_URL="smtp://127.0.0.1:$smtp_tls_port?tls=required"
export TEST_SMTP_CA_FILE="$work/smtp-tls/cert.pem"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1

log "waiting for the build"
if ! wait "$build_pid"; then
  build_pid=
  cat "$build_log" >&2
  log "the build failed"
  exit 1
fi
build_pid=
cat "$build_log" >&2 # warnings, if any
# Every test runs even after one fails, so a run reports all failures at once.
# cargo-nextest (when installed) runs every test in its own process, across binaries at
# once: most end-to-end tests wait on other processes (the worker, the clock, Redis), so
# they overlap well beyond the cores; `cargo test` runs one binary after another. The
# benches run once each as smoke tests (criterion's test mode) either way.
threads=${MUFFLE_TEST_THREADS:-6}
if cargo nextest --version >/dev/null 2>&1; then
  log "running tests (cargo nextest, $threads at a time)"
  status=0
  cargo nextest run --workspace --lib --bins --tests --no-fail-fast \
    --test-threads "$threads" --failure-output final "$@" || status=$?
  log "running the benches once each (smoke test)"
  cargo test --workspace --bench '*' --no-fail-fast -q "$@" || status=$?
  [ "$status" -eq 0 ] || { log "failed"; exit "$status"; }
else
  log "running tests (cargo test; install cargo-nextest to run them in parallel)"
  cargo test --workspace --all-targets --no-fail-fast "$@"
fi
log "done"
