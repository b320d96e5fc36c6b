# Sourced by scripts/with-postgres (a throw-away cluster for the tests) and scripts/prod (a
# cluster under var/ that keeps its data): how Loket finds PostgreSQL 15 and runs a cluster
# that listens on a Unix socket in its own folder only, so that several can run side by side.
# PostgreSQL refuses to run as root, so as root the cluster belongs to a dedicated user.

export PATH="$PATH:/usr/sbin:/sbin"   # runuser and useradd live here; CI's PATH may lack them

# Sets PG_BIN to the folder of initdb/pg_ctl, or says how to install PostgreSQL and fails.
pg_find() {
  PG_BIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || { command -v initdb >/dev/null && dirname "$(readlink -f "$(command -v initdb)")"; } || true)
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "PostgreSQL 15 is not installed: apt-get install postgresql (or run 'make system-packages')" >&2
    return 1
  fi
}

# pg_own DIR: DIR (made if missing) belongs to the cluster's user; defines as_pg CMD...
pg_own() {
  local dir=$1 user=${LOKET_PG_OS_USER:-loketpg}
  mkdir -p "$dir"
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then
    # (A run started at the same moment may create the user first: that is fine too.)
    id "$user" >/dev/null 2>&1 \
      || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" 2>/dev/null \
      || id "$user" >/dev/null
    chown "$user" "$dir"
    if [ -d "$dir/data" ] && [ "$(stat -c %U "$dir/data")" != "$user" ]; then chown -R "$user" "$dir/data"; fi
    PG_OS_USER=$user
    # Started from / so that the server never trips over a working folder it may not enter.
    as_pg() { (cd / && runuser -u "$PG_OS_USER" -- "$@"); }
    if ! as_pg test -w "$dir"; then
      echo "The PostgreSQL user $user cannot reach $dir (a parent folder is closed to it); set LOKET_PG_DIR" >&2
      return 1
    fi
  else
    as_pg() { "$@"; }
  fi
}

# pg_init DIR: a new cluster in DIR/data with superuser loket, trusted on its socket only.
pg_init() {
  local dir=$1 locale=C
  # C.UTF-8 where the system has it (Debian does); plain C otherwise.
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
  as_pg "$PG_BIN/initdb" -D "$dir/data" -U loket --auth=trust -E UTF8 --locale="$locale" >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
}

# pg_start DIR PORT [server options]: starts DIR/data on the socket DIR/.s.PGSQL.PORT, in a
# session of its own (Ctrl-C in the terminal reaches the script, which stops the server last).
pg_start() {
  local dir=$1 port=$2; shift 2
  as_pg setsid -w "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
    -o "-k $dir -p $port -c listen_addresses='' $*" start >/dev/null || { tail -20 "$dir/log" >&2; return 1; }
}

# pg_stop DIR MODE: MODE is fast (a clean shut-down) or immediate (a throw-away cluster).
pg_stop() {
  as_pg "$PG_BIN/pg_ctl" -D "$1/data" -m "$2" stop >/dev/null 2>&1 || true
}
