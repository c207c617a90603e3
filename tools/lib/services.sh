# shellcheck shell=bash
# The five services and their local endpoints. Sourced by tools/up, tools/down and tools/test.
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
LOCAL=${KOORDINERING_LOCAL:-$ROOT/.local}
PG_PORT=${KOORDINERING_PG_PORT:-7432}
GRPC_PORT_BASE=${KOORDINERING_GRPC_PORT_BASE:-7100}
HTTP_PORT_BASE=${KOORDINERING_HTTP_PORT_BASE:-7200}
GATEWAY_PORT_BASE=${KOORDINERING_GATEWAY_PORT_BASE:-7300}
CONFIGURATION=${KOORDINERING_CONFIGURATION:-Release}
SERVICES=(application eligibility plan consent notification)

# Capitalised project name of a service: application -> Application.
project_of() { echo "${1^}"; }
index_of() { local i; for i in "${!SERVICES[@]}"; do [ "${SERVICES[$i]}" = "$1" ] && echo $((i + 1)); done; }
grpc_port() { echo $((GRPC_PORT_BASE + $(index_of "$1"))); }
http_port() { echo $((HTTP_PORT_BASE + $(index_of "$1"))); }
gateway_port() { echo $((GATEWAY_PORT_BASE + $(index_of "$1"))); }
service_dir() { echo "$ROOT/services/Koordinering.$(project_of "$1")/bin/$CONFIGURATION/net10.0"; }

# The environment a service runs with locally: its own database and role, its endpoints,
# and the local signing key, trusted only because this is Development.
service_env() {
  local s=$1
  echo "ASPNETCORE_ENVIRONMENT=Development"
  echo "DOTNET_gcServer=0"
  echo "DOTNET_EnableWriteXorExecute=0"
  echo "ConnectionStrings__Database=Host=127.0.0.1;Port=$PG_PORT;Database=koordinering_$s;Username=koordinering_$s"
  echo "Database__PasswordFile=$LOCAL/secrets/$s.password"
  echo "Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$(grpc_port "$s")"
  echo "Kestrel__Endpoints__Http__Url=http://127.0.0.1:$(http_port "$s")"
  # The citizens' gateway's JSON routes (cleartext HTTP/1.1 here; TLS and HTTP/2 in a cluster with grpcTls).
  echo "Kestrel__Endpoints__Gateway__Url=http://127.0.0.1:$(gateway_port "$s")"
  echo "Authentication__Local__Enabled=true"
  echo "Authentication__Local__PublicKeyFile=$LOCAL/keys/signing.pub.pem"
  # The services' own identity when they call each other: their key signs, every service trusts it.
  echo "ServiceIdentity__SigningKeyFile=$LOCAL/keys/services.key.pem"
  echo "Authentication__Issuers__0__Issuer=koordinering-services"
  echo "Authentication__Issuers__0__Audiences__0=koordinering"
  echo "Authentication__Issuers__0__Kinds__0=service"
  echo "Authentication__Issuers__0__PublicKeyFile=$LOCAL/keys/services.pub.pem"
  echo "PopulationRegister__LocalFile=$LOCAL/population.json"
  echo "Access__SystemClients__987654321__0=0301"
  echo "Services__Consent__Address=http://127.0.0.1:$(grpc_port consent)"
  # No SMTP server, SMS gateway or dispatch service here: every outbound message lands as a file.
  echo "Notification__LocalOutboxFolder=$LOCAL/outbox"
  # No Fiks IO here: the Notification service archives into folders, one per document (arkivmelding.xml and the PDF).
  echo "Archive__LocalFolder=$LOCAL/archive"
  # No Dapr sidecar here: the relay delivers each event straight to the subscribers' routes.
  echo "Eventing__Delivery=Direct"
  # The token the sidecar would send as dapr-api-token: event routes refuse any call without it.
  echo "Eventing__AppApiTokenFile=$LOCAL/secrets/app-api-token"
  local i
  for i in "${!SERVICES[@]}"; do echo "Eventing__Subscribers__$i=http://127.0.0.1:$(http_port "${SERVICES[$i]}")"; done
  # More settings for every service, one KEY=VALUE a word (tools/chaos lowers the attempt limits with it).
  local extra
  for extra in ${KOORDINERING_SERVICE_ENV:-}; do echo "$extra"; done
}

# start_service SERVICE: starts the built service in the background, its pid in the pid file.
start_service() {
  run_service "$1" >>"$LOCAL/logs/$1.log" 2>&1 &
  echo $! > "$LOCAL/pids/$1.pid"
}

# wait_ready SERVICE SECONDS: waits until the service answers ready.
wait_ready() {
  local deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null "http://127.0.0.1:$(http_port "$1")/health/ready"; do
    pid_alive "$LOCAL/pids/$1.pid" && [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

# run_service SERVICE ARGS...: replaces the calling (sub)shell with the built service, so
# call it as `(run_service s migrate)` or `run_service s &` ($! is then the service's pid).
run_service() {
  local s=$1; shift
  local dir; dir=$(service_dir "$s")
  local -a envs; mapfile -t envs < <(service_env "$s")
  cd "$dir" && exec env "${envs[@]}" dotnet "Koordinering.$(project_of "$s").dll" "$@"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
