#!/usr/bin/env bash
# The suite runs a second time on PostgreSQL at 127.0.0.1:5432. Start the local cluster when it is down,
# or say clearly why it cannot be.
set -euo pipefail
HOST=127.0.0.1
PORT=5432
ready() { pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; }
if ! command -v pg_isready >/dev/null 2>&1; then
  echo "PostgreSQL is not installed (no pg_isready). Install it (Debian: apt-get install postgresql) to run the PostgreSQL half of the suite." >&2
  exit 1
fi
ready && exit 0
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /etc/postgresql ]; then
  echo "PostgreSQL does not answer at $HOST:$PORT and there is no local cluster to start (no pg_ctlcluster or /etc/postgresql)." >&2
  exit 1
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
echo "Starting PostgreSQL $version (cluster main)..."
if ! pg_ctlcluster --skip-systemctl-redirect "$version" main start; then
  echo "Could not start PostgreSQL $version main; see /var/log/postgresql/postgresql-$version-main.log." >&2
  exit 1
fi
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "PostgreSQL $version started but does not answer at $HOST:$PORT after 30 s." >&2
exit 1
