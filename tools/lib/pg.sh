# shellcheck shell=bash
# A local PostgreSQL 15 cluster for tools/up and tools/test. Sourced, not run.
# Root runs the server as the 'postgres' user; anyone else runs it as themselves.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DIR PORT: initialise DIR (once) and start a server on 127.0.0.1:PORT.
# The superuser's password is kept in DIR/../admin.password.
pg_start() {
  local dir=$1 port=$2 base
  base=$(dirname "$dir")
  if [ ! -x "$PG_BIN/initdb" ]; then
    echo "PostgreSQL server binaries not found (looked in ${PG_BIN:-/usr/lib/postgresql/*/bin})." >&2
    echo "Install them: apt-get install -y postgresql-15 (or set PG_BIN)." >&2
    return 1
  fi
  mkdir -p "$base"
  if [ ! -s "$base/admin.password" ]; then
    (umask 077; openssl rand -hex 24 > "$base/admin.password")
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir" "$base/run"
    if [ "$(id -u)" = 0 ]; then
      chown postgres "$dir" "$base/run"
      install -o postgres -m 600 "$base/admin.password" "$base/run/pwfile"
    else
      install -m 600 "$base/admin.password" "$base/run/pwfile"
    fi
    as_pg "$PG_BIN/initdb" -D "$dir" -U postgres --pwfile="$base/run/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
      || { cat "$base/initdb.log" >&2; return 1; }
    rm -f "$base/run/pwfile"
  fi
  mkdir -p "$base/run"
  [ "$(id -u)" = 0 ] && chown postgres "$base/run"
  touch "$base/postgres.log"; [ "$(id -u)" = 0 ] && chown postgres "$base/postgres.log"
  as_pg "$PG_BIN/pg_ctl" -D "$dir" -l "$base/postgres.log" -w -t 60 start \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $base/run -c max_connections=500 -c fsync=${PG_FSYNC:-on}" >/dev/null \
    || { tail -n 20 "$base/postgres.log" >&2; return 1; }
}

pg_stop() {
  local dir=$1
  if [ -f "$dir/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

pg_running() {
  [ -f "$1/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1
}
