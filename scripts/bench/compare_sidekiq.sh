#!/usr/bin/env bash
# Muffle beside Sidekiq on the same machine and the same Redis, no-op jobs, each at its
# defaults (Sidekiq 6.4: 10 threads):
#   scripts/bench/compare_sidekiq.sh [JOBS]        (default 100000)
# Needs Redis on 127.0.0.1:6379, Debian's ruby-sidekiq (apt-get install ruby-sidekiq) and a
# release build (cargo build --release -p worker). Sidekiq uses Redis database 15, which it
# flushes; Muffle uses a fresh key prefix in database 0.
set -euo pipefail
cd "$(dirname "$0")/../.."
jobs=${1:-100000}
muffle=${MUFFLE_BIN:-${CARGO_TARGET_DIR:-target}/release/muffle}
here=scripts/bench

export REDIS_URL=redis://127.0.0.1:6379/15
ruby "$here/sidekiq_noop.rb" enqueue "$jobs"
# Start the waiter first so it sees the whole run, then Sidekiq itself.
ruby "$here/sidekiq_noop.rb" wait "$jobs" &
waiter=$!
sidekiq -c 10 -r "./$here/sidekiq_noop.rb" -e production >/tmp/muffle-bench-sidekiq.log 2>&1 &
sidekiq=$!
wait "$waiter"
kill -TERM "$sidekiq"; wait "$sidekiq" 2>/dev/null || true

# Muffle: a Postgres database only for the run's bookkeeping; the probes record nothing.
db=muffle_bench_$$
psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $db" >/dev/null
trap 'psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null' EXIT
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$db REDIS_URL=redis://127.0.0.1:6379
"$muffle" migrate >/dev/null
RUST_LOG=warn "$muffle" bench queue --jobs "$jobs"
echo "muffle (embedded SQLite queue):"
env -u DATABASE_URL -u REDIS_URL MUFFLE_DATA_DIR="$(mktemp -d)" RUST_LOG=warn,sqlx=error "$muffle" bench queue --jobs "$jobs"
