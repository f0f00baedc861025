#!/usr/bin/env bash
# Starts and stops the real services featurewatch's integration tests run against:
# Redis, Prometheus, Alertmanager and an MLflow tracking server, all on 127.0.0.1 and free ports.
#
#   scripts/test-services.sh start    install what is missing, start everything, wait until ready
#   scripts/test-services.sh stop     stop everything (safe when nothing runs)
#   scripts/test-services.sh status   print each service; exit 0 only when all run
#   scripts/test-services.sh env      print the addresses as KEY=VALUE lines
#
# The addresses are written to build/services/services.env, which the Java tests read through
# dev.featurewatch.testing.TestServices when the FEATUREWATCH_* variables are not set.
#
# Environment (all optional):
#   FEATUREWATCH_VENV              Python virtualenv to use or create (default build/venv)
#   FEATUREWATCH_FEAST_VENV        virtualenv of the Feast Python SDK (default build/venv-feast)
#   FEATUREWATCH_NANNYML_VENV      virtualenv of NannyML, a golden-value reference (default
#                                  build/venv-nannyml)
#   FEATUREWATCH_BASE_PYTHON       interpreter that creates the virtualenv (default python3)
#   FEATUREWATCH_SERVICES_TIMEOUT  seconds to wait for each service to be ready (default 120)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES_DIR="$ROOT/build/services"
ENV_FILE="$SERVICES_DIR/services.env"
PID_DIR="$SERVICES_DIR/pids"
# Logs live outside the per-run data folder so they survive `stop` for a post-mortem.
LOG_DIR="$SERVICES_DIR/logs"
REQUIREMENTS="$ROOT/scripts/requirements-test.txt"
VENV="${FEATUREWATCH_VENV:-$ROOT/build/venv}"
# Feast pins pandas<3 while the test virtualenv pins pandas 3, so Feast gets a virtualenv of its own.
FEAST_REQUIREMENTS="$ROOT/scripts/requirements-feast.txt"
FEAST_VENV="${FEATUREWATCH_FEAST_VENV:-$ROOT/build/venv-feast}"
# NannyML brings heavy dependencies and wants pandas 2: a virtualenv of its own too.
NANNYML_REQUIREMENTS="$ROOT/scripts/requirements-nannyml.txt"
NANNYML_VENV="${FEATUREWATCH_NANNYML_VENV:-$ROOT/build/venv-nannyml}"
BASE_PYTHON="${FEATUREWATCH_BASE_PYTHON:-python3}"
TIMEOUT="${FEATUREWATCH_SERVICES_TIMEOUT:-120}"
SERVICES=(redis prometheus alertmanager mlflow)

log() { echo "test-services: $*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# ---------------------------------------------------------------------------------------------
# Installing what is missing
# ---------------------------------------------------------------------------------------------

# Runs a command as root: CI machines run as root, developer machines usually have sudo.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

# Installs the Debian packages whose commands are missing. `apt-get update` runs once, and only
# when something has to be installed, so a machine that has everything never touches the network.
ensure_apt_packages() {
  local -a missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  { command -v prometheus >/dev/null && command -v promtool >/dev/null; } || missing+=(prometheus)
  { command -v prometheus-alertmanager >/dev/null && command -v amtool >/dev/null; } ||
    missing+=(prometheus-alertmanager)
  command -v "$BASE_PYTHON" >/dev/null || missing+=(python3)
  # the browser tests drive Debian's Chromium headless through its ChromeDriver
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  # Debian splits venv/ensurepip out of python3; without it `python3 -m venv` fails.
  if [[ ! -x "$VENV/bin/python" || ! -x "$FEAST_VENV/bin/python" ||
    ! -x "$NANNYML_VENV/bin/python" ]] &&
    ! "$BASE_PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing+=(python3-venv)
  fi
  if ((${#missing[@]} == 0)); then return; fi

  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them with"
  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$LOG_DIR/apt.log" 2>&1 ||
    die "apt-get update failed, see $LOG_DIR/apt.log"
  # The Debian packages start system-wide daemons on install; policy-rc.d would stop that, but a
  # running system redis on 6379 does no harm here because the tests use their own free ports.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >>"$LOG_DIR/apt.log" 2>&1 ||
    die "apt-get install ${missing[*]} failed, see $LOG_DIR/apt.log"
}

# Creates the virtualenv VENV and installs the pinned REQUIREMENTS into it, unless a stamp file says
# that exactly this requirements file is already installed (pip takes a minute even with nothing to
# do). LOG names the log file under $LOG_DIR.
ensure_venv() {
  local venv="$1" requirements="$2" log="$LOG_DIR/$3" want stamp="$1/.requirements.sha256"
  want="$(sha256sum "$requirements" | cut -d' ' -f1)"
  if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return; fi

  log "installing $(basename "$requirements") into $venv (takes a few minutes once)"
  if [[ ! -x "$venv/bin/python" ]]; then
    "$BASE_PYTHON" -m venv "$venv" >"$log" 2>&1 ||
      die "could not create the virtualenv $venv, see $log"
  fi
  if ! "$venv/bin/python" -m pip install -q -r "$requirements" >>"$log" 2>&1; then
    # CI keeps only what is printed: show pip's own reason (a full disk, an unreachable index)
    tail -n 15 "$log" >&2
    die "pip install -r $requirements failed, see $log (free disk: $(df -h --output=avail "$venv" | tail -1 | tr -d ' '))"
  fi
  echo "$want" >"$stamp"
}

# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------

pid_of() { cat "$PID_DIR/$1.pid" 2>/dev/null || true; }

# True when the process exists and is not a zombie (a service that died while this script, its
# parent, still runs stays a zombie until the script exits). Reads /proc: minimal images lack ps.
alive() {
  [[ -n "$1" && -r "/proc/$1/status" ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

is_running() { alive "$(pid_of "$1")"; }

# The process group of a pid: the third field after the command name in /proc/PID/stat.
pgid_of() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f3; }

# Starts a command in the background in its own session, so that `stop` can end it together with
# any children it forks (MLflow runs its web server as a child process) by signalling the group.
launch() {
  local name="$1"
  shift
  setsid "$@" </dev/null >"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$PID_DIR/$name.pid"
}

# Sends TERM to the service's process group, waits up to 10 s, then KILLs what is left.
stop_service() {
  local name="$1" pid target i
  pid="$(pid_of "$name")"
  rm -f "$PID_DIR/$name.pid"
  alive "$pid" || return 0
  # launch() made the pid a process group leader; fall back to the pid alone if it is not.
  target="$pid"
  if [[ "$(pgid_of "$pid")" == "$pid" ]]; then target="-$pid"; fi
  kill -TERM -- "$target" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    if ! alive "$pid"; then
      # Children that ignored TERM (MLflow's server workers) must not outlive their leader.
      kill -KILL -- "$target" 2>/dev/null || true
      return 0
    fi
    sleep 0.1
  done
  log "$name (pid $pid) did not stop on TERM within 10 s, killing it"
  kill -KILL -- "$target" 2>/dev/null || true
}

# Prints N distinct free TCP ports on 127.0.0.1. All sockets are held open until every port is
# chosen, so the same port is never handed out twice.
free_ports() {
  "$BASE_PYTHON" - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# Exit status 0 when an HTTP GET of the URL answers 200 (python, because curl is not in every image).
http_ok() {
  "$BASE_PYTHON" - "$1" <<'EOF' >/dev/null 2>&1
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF
}

redis_ok() { [[ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" == "PONG" ]]; }

# Polls a readiness check until it passes, the process dies, or the timeout passes.
wait_ready() {
  local name="$1" what="$2"
  shift 2
  local deadline=$((SECONDS + TIMEOUT))
  until "$@"; do
    if ! is_running "$name"; then
      tail -n 20 "$LOG_DIR/$name.log" >&2 || true
      die "$name exited before it was ready ($what); its log is $LOG_DIR/$name.log"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$LOG_DIR/$name.log" >&2 || true
      die "$name was not ready within ${TIMEOUT} s ($what); its log is $LOG_DIR/$name.log"
    fi
    sleep 0.2
  done
  log "$name ready after $((SECONDS - LAUNCHED_AT)) s"
}

# ---------------------------------------------------------------------------------------------
# The services
# ---------------------------------------------------------------------------------------------

start_redis() {
  local port="$1" data="$2/redis"
  mkdir -p "$data"
  # No RDB snapshots, no AOF: test data is throwaway and persistence only costs disk and time.
  launch redis redis-server --bind 127.0.0.1 --port "$port" --dir "$data" \
    --save '' --appendonly no --daemonize no --protected-mode yes
}

start_prometheus() {
  local port="$1" am_port="$2" data="$3/prometheus"
  mkdir -p "$data/tsdb" "$data/rules" "$data/targets"
  # Scrapes itself (so queries have data within a second) and sends alerts to the test
  # Alertmanager. Tests may drop rule files into rules/ and POST /-/reload (lifecycle is enabled),
  # and target files (file_sd JSON) into targets/, which it watches, to have their endpoints scraped.
  cat >"$data/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $data/rules/*.yml
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:$am_port']
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$port']
  - job_name: featurewatch
    file_sd_configs:
      - files: ['$data/targets/*.json']
        refresh_interval: 1s
EOF
  launch prometheus prometheus --config.file="$data/prometheus.yml" \
    --storage.tsdb.path="$data/tsdb" --web.listen-address="127.0.0.1:$port" \
    --web.enable-lifecycle
}

start_alertmanager() {
  local port="$1" data="$2/alertmanager"
  mkdir -p "$data/storage"
  # Starts with one null receiver; a test that needs routing writes featurewatch's own
  # configuration over this file and POSTs /-/reload (FEATUREWATCH_ALERTMANAGER_CONFIG).
  cat >"$data/alertmanager.yml" <<'EOF'
route:
  receiver: 'null'
receivers:
  - name: 'null'
EOF
  # An empty --cluster.listen-address disables the gossip cluster, which would otherwise bind
  # 0.0.0.0:9094 and collide with any other Alertmanager on the machine.
  launch alertmanager prometheus-alertmanager --config.file="$data/alertmanager.yml" \
    --storage.path="$data/storage" --web.listen-address="127.0.0.1:$port" \
    --cluster.listen-address=
}

start_mlflow() {
  local port="$1" data="$2/mlflow"
  mkdir -p "$data/artifacts"
  # One worker: the tests send a handful of requests and each worker costs ~250 MB.
  # No job execution: MLflow 3 otherwise forks a job runner and seven huey consumers (~1 GB in
  # all, scratch folders in /dev/shm) for GenAI evaluation jobs that the registry API never uses.
  # Artifacts uploaded through the server's proxy (baselines) go to --artifacts-destination, which
  # is ./mlartifacts of the working directory unless given: keep them in the run's data too.
  launch mlflow env MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false "$VENV/bin/mlflow" server \
    --backend-store-uri "sqlite:///$data/mlflow.db" --default-artifact-root "$data/artifacts" \
    --artifacts-destination "$data/proxied-artifacts" \
    --host 127.0.0.1 --port "$port" --workers 1
}

# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

# The env file exists and was written by this version of the script: one from before the
# browsers were installed lacks their entries, and services started then are restarted rather than
# reused.
env_file_current() {
  [[ -f "$ENV_FILE" ]] && grep -q '^FEATUREWATCH_CHROMEDRIVER=' "$ENV_FILE"
}

all_running() {
  local s
  env_file_current || return 1
  for s in "${SERVICES[@]}"; do is_running "$s" || return 1; done
}

cmd_start() {
  mkdir -p "$PID_DIR" "$LOG_DIR"
  if all_running; then
    log "already running, reusing them ($ENV_FILE)"
    return
  fi
  # Something is half up (a crash, an interrupted start): start again from a clean slate.
  cmd_stop

  local started=$SECONDS
  ensure_apt_packages
  ensure_venv "$VENV" "$REQUIREMENTS" venv.log
  ensure_venv "$FEAST_VENV" "$FEAST_REQUIREMENTS" venv-feast.log
  ensure_venv "$NANNYML_VENV" "$NANNYML_REQUIREMENTS" venv-nannyml.log
  local installed=$SECONDS

  local data redis_port prom_port am_port mlflow_port
  data="$(mktemp -d "$SERVICES_DIR/run.XXXXXX")"
  echo "$data" >"$PID_DIR/data-dir"
  read -r redis_port prom_port am_port mlflow_port <<<"$(free_ports 4)"

  # If anything below fails (die exits), stop what did start instead of leaving orphans behind.
  trap 'cmd_stop' EXIT
  LAUNCHED_AT=$SECONDS
  # Start all four first, then wait: they come up in parallel, MLflow being the slowest.
  start_redis "$redis_port" "$data"
  start_prometheus "$prom_port" "$am_port" "$data"
  start_alertmanager "$am_port" "$data"
  start_mlflow "$mlflow_port" "$data"

  wait_ready redis "PING to 127.0.0.1:$redis_port" redis_ok "$redis_port"
  wait_ready prometheus "GET /-/ready" http_ok "http://127.0.0.1:$prom_port/-/ready"
  wait_ready alertmanager "GET /-/ready" http_ok "http://127.0.0.1:$am_port/-/ready"
  wait_ready mlflow "GET /health" http_ok "http://127.0.0.1:$mlflow_port/health"
  trap - EXIT

  # Written last and atomically: its presence means every service answered.
  cat >"$ENV_FILE.tmp" <<EOF
FEATUREWATCH_REDIS_URL=redis://127.0.0.1:$redis_port
FEATUREWATCH_PROMETHEUS_URL=http://127.0.0.1:$prom_port
FEATUREWATCH_PROMETHEUS_RULES_DIR=$data/prometheus/rules
FEATUREWATCH_PROMETHEUS_TARGETS_DIR=$data/prometheus/targets
FEATUREWATCH_ALERTMANAGER_URL=http://127.0.0.1:$am_port
FEATUREWATCH_ALERTMANAGER_CONFIG=$data/alertmanager/alertmanager.yml
FEATUREWATCH_MLFLOW_URL=http://127.0.0.1:$mlflow_port
FEATUREWATCH_PROMTOOL=$(command -v promtool)
FEATUREWATCH_AMTOOL=$(command -v amtool)
FEATUREWATCH_PYTHON=$VENV/bin/python
FEATUREWATCH_FEAST_PYTHON=$FEAST_VENV/bin/python
FEATUREWATCH_NANNYML_PYTHON=$NANNYML_VENV/bin/python
FEATUREWATCH_CHROMIUM=$(command -v chromium)
FEATUREWATCH_CHROMEDRIVER=$(command -v chromedriver)
EOF
  mv "$ENV_FILE.tmp" "$ENV_FILE"
  log "ready in $((SECONDS - installed)) s (installing took $((installed - started)) s); addresses in $ENV_FILE"
}

cmd_stop() {
  local s data
  # The env file goes first so no test picks up addresses of services that are going away.
  rm -f "$ENV_FILE"
  for s in "${SERVICES[@]}"; do stop_service "$s"; done
  data="$(cat "$PID_DIR/data-dir" 2>/dev/null || true)"
  # Only ever delete a folder this script created under build/services/.
  if [[ -n "$data" && "$data" == "$SERVICES_DIR"/run.* ]]; then rm -rf "$data"; fi
  rm -f "$PID_DIR/data-dir"
}

cmd_status() {
  local s all=0
  for s in "${SERVICES[@]}"; do
    if is_running "$s"; then
      printf '%-13s running (pid %s)\n' "$s" "$(pid_of "$s")"
    else
      printf '%-13s stopped\n' "$s"
      all=3
    fi
  done
  if env_file_current; then cat "$ENV_FILE"; else all=3; fi
  return "$all"
}

cmd_env() {
  all_running || die "the test services are not running; start them with scripts/test-services.sh start"
  cat "$ENV_FILE"
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
env) cmd_env ;;
*)
  echo "usage: $0 start|stop|status|env" >&2
  exit 2
  ;;
esac
