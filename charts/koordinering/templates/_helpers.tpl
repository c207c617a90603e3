{{/* The release's prefix for every name: <release> when it already says "koordinering", else <release>-koordinering (63-char DNS label). */}}
{{- define "koordinering.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A service's objects, its Dapr app id and its Service: <fullname>-<service>. Context: dict root service. */}}
{{- define "koordinering.serviceName" -}}
{{- printf "%s-%s" (include "koordinering.fullname" .root) .service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "koordinering.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object of the chart carries. Context: the root. */}}
{{- define "koordinering.commonLabels" -}}
helm.sh/chart: {{ include "koordinering.chart" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: koordinering
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* What selects one service's pods (never changes across upgrades). Context: dict root service. */}}
{{- define "koordinering.selectorLabels" -}}
app.kubernetes.io/name: koordinering-{{ .service }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* A service's objects' labels. Context: dict root service. */}}
{{- define "koordinering.labels" -}}
{{ include "koordinering.commonLabels" .root }}
app.kubernetes.io/name: koordinering-{{ .service }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{/*
The image: <repository>[:<tag>][@<digest>]. The repository is the service's own (skaffold sets it
from its build, honouring --default-repo) or <image.registry>/koordinering-<service>; the tag the
service's own, else image.tag, else the chart's appVersion. A digest pins the image.
*/}}
{{- define "koordinering.image" -}}
{{- $image := .config.image | default dict -}}
{{- $repository := $image.repository | default (printf "%skoordinering-%s" (.root.Values.image.registry | default "" | trimSuffix "/" | printf "%s/" | trimPrefix "/") .service) -}}
{{- $tag := toString ($image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- $digest := $image.digest | default "" -}}
{{- $repository -}}{{- if $tag }}:{{ $tag }}{{ end -}}{{- if $digest }}@{{ $digest }}{{ end -}}
{{- end -}}

{{/* A Secret's name from values: tpl'd (defaults name the release's own Secrets), required with the operator's message. Context: dict root value what. */}}
{{- define "koordinering.secretName" -}}
{{- $name := tpl (.value | default "") .root -}}
{{- required (printf "%s: set the name of an existing Secret (see the chart's README, \"Secrets to create before installing\")" .what) $name -}}
{{- end -}}

{{- define "koordinering.appTokenSecret" -}}
{{- if .Values.eventing.appToken.create -}}
{{- include "koordinering.fullname" . }}-app-api-token
{{- else -}}
{{- include "koordinering.secretName" (dict "root" . "value" .Values.eventing.appToken.existingSecret "what" "eventing.appToken.existingSecret") -}}
{{- end -}}
{{- end -}}

{{- define "koordinering.identitySecret" -}}
{{- include "koordinering.secretName" (dict "root" .root "value" (index .root.Values.serviceIdentity.existingSecrets .service) "what" (printf "serviceIdentity.existingSecrets.%s" .service)) -}}
{{- end -}}

{{- define "koordinering.databaseSecret" -}}
{{- include "koordinering.secretName" (dict "root" .root "value" .config.database.existingSecret "what" (printf "services.%s.database.existingSecret" .service)) -}}
{{- end -}}

{{/* Each service's own token issuer: its signing key is in its pod only; a callee trusts it alone for that caller. */}}
{{- define "koordinering.identityIssuer" -}}
{{ .root.Values.serviceIdentity.issuerPrefix }}/{{ .service }}
{{- end -}}

{{/* The services that call this one over gRPC (the reverse of "calls"). Context: dict root service. Result: space-separated. */}}
{{- define "koordinering.callers" -}}
{{- $callers := list -}}
{{- range $name, $config := .root.Values.services -}}
{{- if has $.service ($config.calls | default list) -}}
{{- $callers = append $callers $name -}}
{{- end -}}
{{- end -}}
{{- join " " $callers -}}
{{- end -}}

{{- define "koordinering.grpcScheme" -}}
{{- if .Values.grpcTls.enabled }}https{{ else }}http{{ end -}}
{{- end -}}

{{/* The environment every container of a service gets: database, identity, telemetry, eventing. */}}
{{- define "koordinering.env" -}}
{{- $v := .root.Values -}}
{{- $ctx := . -}}
- name: Service__Name
  value: koordinering-{{ .service }}
- name: Kestrel__Endpoints__Grpc__Url
  value: "{{ include "koordinering.grpcScheme" .root }}://0.0.0.0:{{ $v.ports.grpc }}"
{{- if $v.grpcTls.enabled }}
- name: Kestrel__Endpoints__Grpc__Protocols
  value: Http2
- name: Kestrel__Endpoints__Grpc__Certificate__Path
  value: /var/run/secrets/koordinering/grpc-tls/tls.crt
- name: Kestrel__Endpoints__Grpc__Certificate__KeyPath
  value: /var/run/secrets/koordinering/grpc-tls/tls.key
# The cluster CA that issued the services' certificates, besides the image's system roots.
- name: SSL_CERT_DIR
  value: /etc/ssl/certs:/var/run/secrets/koordinering/grpc-ca
{{- end }}
- name: Kestrel__Endpoints__Http__Url
  value: "http://0.0.0.0:{{ $v.ports.http }}"
{{- if $v.gateway.enabled }}
# The citizens' gateway's JSON routes: HTTP/1.1, and HTTP/2 too (ALPN) when TLS is on.
- name: Kestrel__Endpoints__Gateway__Url
  value: "{{ include "koordinering.grpcScheme" .root }}://0.0.0.0:{{ $v.ports.gateway }}"
- name: Kestrel__Endpoints__Gateway__Protocols
  value: {{ if $v.grpcTls.enabled }}Http1AndHttp2{{ else }}Http1{{ end }}
{{- if $v.grpcTls.enabled }}
- name: Kestrel__Endpoints__Gateway__Certificate__Path
  value: /var/run/secrets/koordinering/grpc-tls/tls.crt
- name: Kestrel__Endpoints__Gateway__Certificate__KeyPath
  value: /var/run/secrets/koordinering/grpc-tls/tls.key
{{- end }}
{{- end }}
- name: ConnectionStrings__Database
  value: "Host={{ $v.database.host }};Port={{ $v.database.port }};Database={{ .config.database.name }};Username={{ .config.database.user }};SSL Mode={{ $v.database.sslMode }}"
- name: Database__PasswordFile
  value: /var/run/secrets/koordinering/db/password
- name: Eventing__Delivery
  value: Dapr
- name: Eventing__PubSubName
  value: {{ include "koordinering.pubsubName" .root | quote }}
- name: Eventing__AppApiTokenFile
  value: /var/run/secrets/koordinering/app-token/token
- name: ServiceIdentity__SigningKeyFile
  value: /var/run/secrets/koordinering/identity/service.key.pem
- name: ServiceIdentity__Issuer
  value: {{ include "koordinering.identityIssuer" . | quote }}
- name: ServiceIdentity__Audience
  value: {{ .root.Values.serviceIdentity.audience | quote }}
{{- $n := 0 }}
{{- range $caller := splitList " " (include "koordinering.callers" .) }}
{{- if $caller }}
- name: Authentication__Issuers__{{ $n }}__Issuer
  value: {{ include "koordinering.identityIssuer" (dict "root" $ctx.root "service" $caller) | quote }}
- name: Authentication__Issuers__{{ $n }}__Audiences__0
  value: {{ $v.serviceIdentity.audience | quote }}
- name: Authentication__Issuers__{{ $n }}__Kinds__0
  value: service
- name: Authentication__Issuers__{{ $n }}__PublicKeyFile
  value: /var/run/secrets/koordinering/callers/{{ $caller }}.pub.pem
{{- $n = add1 $n }}
{{- end }}
{{- end }}
{{- range $i, $issuer := $v.authentication.issuers }}
- name: Authentication__Issuers__{{ add $i $n }}__Issuer
  value: {{ $issuer.issuer | quote }}
{{- if $issuer.authority }}
- name: Authentication__Issuers__{{ add $i $n }}__Authority
  value: {{ $issuer.authority | quote }}
{{- end }}
{{- range $j, $kind := $issuer.kinds }}
- name: Authentication__Issuers__{{ add $i $n }}__Kinds__{{ $j }}
  value: {{ $kind | quote }}
{{- end }}
{{- range $j, $aud := $issuer.audiences }}
- name: Authentication__Issuers__{{ add $i $n }}__Audiences__{{ $j }}
  value: {{ $aud | quote }}
{{- end }}
{{- end }}
{{- with $v.maskinporten }}
{{- if and .clientId (not $ctx.migrate) }}
# Maskinporten: the national registers and the SMS gateway take its tokens; the key is a mounted file.
- name: Maskinporten__Issuer
  value: {{ .issuer | quote }}
- name: Maskinporten__TokenEndpoint
  value: {{ .tokenEndpoint | quote }}
- name: Maskinporten__ClientId
  value: {{ .clientId | quote }}
- name: Maskinporten__KeyPath
  value: /var/run/secrets/koordinering/maskinporten/key.pem
{{- if .keyId }}
- name: Maskinporten__KeyId
  value: {{ .keyId | quote }}
{{- else }}
- name: Maskinporten__CertificatePath
  value: /var/run/secrets/koordinering/maskinporten/certificate.pem
{{- end }}
{{- end }}
{{- end }}
{{- with $v.svarUt }}
{{- if and .baseUrl (eq $ctx.service "notification") (not $ctx.migrate) }}
# Letters through SvarUt (digital mailbox and paper); the forsendelse service's secret is a mounted file.
- name: Notification__SvarUt__BaseUrl
  value: {{ .baseUrl | quote }}
- name: Notification__SvarUt__ServiceId
  value: {{ .serviceId | quote }}
- name: Notification__SvarUt__SecretFile
  value: /var/run/secrets/koordinering/svarut/secret
{{- end }}
{{- end }}
{{- with $v.populationRegister.folkeregisteret }}
{{- if and .baseUrl (not $ctx.migrate) }}
# Guardians from Folkeregisteret (a Maskinporten token), not the local file.
- name: PopulationRegister__Folkeregisteret__BaseUrl
  value: {{ .baseUrl | quote }}
- name: PopulationRegister__Folkeregisteret__Scope
  value: {{ .scope | quote }}
{{- end }}
{{- end }}
{{- with $v.archive.fiksIo }}
{{- if and .baseUrl (eq $ctx.service "notification") (not $ctx.migrate) }}
{{- if not $v.maskinporten.clientId }}{{ fail "archive.fiksIo.baseUrl needs maskinporten.clientId: Fiks IO takes a Maskinporten token" }}{{ end }}
# The archive (Fiks Arkiv) over Fiks IO, from the Notification service; the integration's password is a mounted file.
- name: Archive__FiksIo__BaseUrl
  value: {{ .baseUrl | quote }}
- name: Archive__FiksIo__AccountId
  value: {{ required "archive.fiksIo.accountId: the municipality's sending Fiks IO account" .accountId | quote }}
- name: Archive__FiksIo__RecipientAccountId
  value: {{ required "archive.fiksIo.recipientAccountId: the archive's Fiks IO account" .recipientAccountId | quote }}
- name: Archive__FiksIo__IntegrationId
  value: {{ required "archive.fiksIo.integrationId: the Fiks integration's id" .integrationId | quote }}
- name: Archive__FiksIo__IntegrationPasswordFile
  value: /var/run/secrets/koordinering/fiks-io/password
- name: Archive__FiksIo__Scope
  value: {{ .scope | quote }}
- name: Archive__FiksIo__Ttl
  value: {{ .ttl | quote }}
{{- end }}
{{- end }}
{{- range $org, $municipalities := $v.access.systemClients }}
{{- range $j, $municipality := $municipalities }}
- name: Access__SystemClients__{{ $org }}__{{ $j }}
  value: {{ $municipality | quote }}
{{- end }}
{{- end }}
{{- if $v.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $v.otlpEndpoint | quote }}
{{- end }}
{{- range $callee := .config.calls }}
- name: Services__{{ $callee | title }}__Address
  value: "{{ include "koordinering.grpcScheme" $ctx.root }}://{{ include "koordinering.serviceName" (dict "root" $ctx.root "service" $callee) }}:{{ $v.ports.grpc }}"
{{- end }}
- name: DOTNET_gcServer
  value: "0"
{{- range $name, $value := .config.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{- define "koordinering.pubsubName" -}}
{{- .Values.pubsub.name | default (printf "%s-pubsub" (include "koordinering.fullname" .)) -}}
{{- end -}}

{{/* Dapr pub/sub scopes: "app1=topic1,topic2;app2=topic3", each app with its own topics and its dead-letter topic. */}}
{{- define "koordinering.scopes" -}}
{{- $parts := list -}}
{{- $root := .root -}}
{{- $key := .key -}}
{{- range $service, $config := $root.Values.services -}}
{{- $topics := append (get $config $key | default list) (printf "koordinering-%s.deadletter" $service) -}}
{{- $parts = append $parts (printf "%s=%s" (include "koordinering.serviceName" (dict "root" $root "service" $service)) (join "," $topics)) -}}
{{- end -}}
{{- join ";" $parts -}}
{{- end -}}

{{- define "koordinering.volumes" -}}
- name: db
  secret:
    secretName: {{ include "koordinering.databaseSecret" . }}
    items: [{ key: password, path: password }]
- name: identity
  secret:
    secretName: {{ include "koordinering.identitySecret" . }}
    items: [{ key: service.key.pem, path: service.key.pem }]
{{- $callers := splitList " " (include "koordinering.callers" .) | compact }}
{{- if $callers }}
# Only the public keys of the services that may call this one.
- name: callers
  projected:
    sources:
      {{- range $caller := $callers }}
      - secret:
          name: {{ include "koordinering.identitySecret" (dict "root" $.root "service" $caller) }}
          items: [{ key: service.pub.pem, path: {{ $caller }}.pub.pem }]
      {{- end }}
{{- end }}
{{- if not .migrate }}
# Not in the migrate Job: a pre-install hook runs before the chart's own Secrets exist, and
# migrating neither receives events nor serves gRPC.
- name: app-token
  secret:
    secretName: {{ include "koordinering.appTokenSecret" .root }}
    items: [{ key: token, path: token }]
{{- if .root.Values.grpcTls.enabled }}
- name: grpc-tls
  secret:
    secretName: {{ include "koordinering.secretName" (dict "root" .root "value" (index .root.Values.grpcTls.existingSecrets .service) "what" (printf "grpcTls.existingSecrets.%s" .service)) }}
    items: [{ key: tls.crt, path: tls.crt }, { key: tls.key, path: tls.key }]
- name: grpc-ca
  secret:
    secretName: {{ include "koordinering.secretName" (dict "root" .root "value" .root.Values.grpcTls.caSecret "what" "grpcTls.caSecret") }}
    items: [{ key: ca.crt, path: ca.crt }]
{{- end }}
{{- end }}
{{- if and .root.Values.archive.fiksIo.baseUrl (eq .service "notification") (not .migrate) }}
# The Fiks IO integration's password (the archive), key "password".
- name: fiks-io
  secret:
    secretName: {{ include "koordinering.secretName" (dict "root" .root "value" .root.Values.archive.fiksIo.existingSecret "what" "archive.fiksIo.existingSecret") }}
    items: [{ key: password, path: password }]
{{- end }}
{{- if and .root.Values.maskinporten.clientId (not .migrate) }}
# The municipality's business certificate key for Maskinporten (and the certificate, for x5c grants).
- name: maskinporten
  secret:
    secretName: {{ include "koordinering.secretName" (dict "root" .root "value" .root.Values.maskinporten.existingSecret "what" "maskinporten.existingSecret") }}
    items: [{ key: key.pem, path: key.pem }{{ if not .root.Values.maskinporten.keyId }}, { key: certificate.pem, path: certificate.pem }{{ end }}]
{{- end }}
{{- if and .root.Values.svarUt.baseUrl (eq .service "notification") (not .migrate) }}
# The SvarUt forsendelse service's secret.
- name: svarut
  secret:
    secretName: {{ include "koordinering.secretName" (dict "root" .root "value" .root.Values.svarUt.existingSecret "what" "svarUt.existingSecret") }}
    items: [{ key: secret, path: secret }]
{{- end }}
- name: tmp
  emptyDir: { sizeLimit: 64Mi }
{{- end -}}

{{- define "koordinering.mounts" -}}
- name: db
  mountPath: /var/run/secrets/koordinering/db
  readOnly: true
- name: identity
  mountPath: /var/run/secrets/koordinering/identity
  readOnly: true
{{- if include "koordinering.callers" . }}
- name: callers
  mountPath: /var/run/secrets/koordinering/callers
  readOnly: true
{{- end }}
{{- if not .migrate }}
- name: app-token
  mountPath: /var/run/secrets/koordinering/app-token
  readOnly: true
{{- if .root.Values.grpcTls.enabled }}
- name: grpc-tls
  mountPath: /var/run/secrets/koordinering/grpc-tls
  readOnly: true
- name: grpc-ca
  mountPath: /var/run/secrets/koordinering/grpc-ca
  readOnly: true
{{- end }}
{{- end }}
{{- if and .root.Values.archive.fiksIo.baseUrl (eq .service "notification") (not .migrate) }}
- name: fiks-io
  mountPath: /var/run/secrets/koordinering/fiks-io
  readOnly: true
{{- end }}
{{- if and .root.Values.maskinporten.clientId (not .migrate) }}
- name: maskinporten
  mountPath: /var/run/secrets/koordinering/maskinporten
  readOnly: true
{{- end }}
{{- if and .root.Values.svarUt.baseUrl (eq .service "notification") (not .migrate) }}
- name: svarut
  mountPath: /var/run/secrets/koordinering/svarut
  readOnly: true
{{- end }}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* The restricted Pod Security Standard, for every pod of the chart. */}}
{{- define "koordinering.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsUser }}
fsGroup: {{ .Values.securityContext.runAsUser }}
seccompProfile: { type: RuntimeDefault }
{{- end -}}

{{- define "koordinering.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
runAsNonRoot: true
capabilities: { drop: [ALL] }
seccompProfile: { type: RuntimeDefault }
{{- end -}}
