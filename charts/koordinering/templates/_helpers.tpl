{{- define "koordinering.labels" -}}
app.kubernetes.io/name: koordinering-{{ .service }}
app.kubernetes.io/part-of: koordinering
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{- end -}}

{{- define "koordinering.image" -}}
{{- $registry := .root.Values.image.registry -}}
{{ if $registry }}{{ $registry }}/{{ end }}koordinering-{{ .service }}:{{ .root.Values.image.tag }}
{{- end -}}

{{/* The environment every container of a service gets: database, identity, telemetry, eventing. */}}
{{- define "koordinering.env" -}}
{{- $v := .root.Values -}}
- name: Service__Name
  value: koordinering-{{ .service }}
- name: Kestrel__Endpoints__Grpc__Url
  value: "http://0.0.0.0:{{ $v.ports.grpc }}"
- name: Kestrel__Endpoints__Http__Url
  value: "http://0.0.0.0:{{ $v.ports.http }}"
- name: ConnectionStrings__Database
  value: "Host={{ $v.database.host }};Port={{ $v.database.port }};Database={{ .config.database.name }};Username={{ .config.database.user }};SSL Mode={{ $v.database.sslMode }}"
- name: Database__PasswordFile
  value: /var/run/secrets/koordinering/db/password
- name: Eventing__Delivery
  value: Dapr
- name: Eventing__PubSubName
  value: {{ $v.pubsub.name | quote }}
- name: Eventing__AppApiTokenFile
  value: /var/run/secrets/koordinering/app-token/token
- name: ServiceIdentity__SigningKeyFile
  value: /var/run/secrets/koordinering/identity/services.key.pem
- name: ServiceIdentity__Issuer
  value: {{ $v.serviceIdentity.issuer | quote }}
- name: Authentication__Issuers__0__Issuer
  value: {{ $v.serviceIdentity.issuer | quote }}
- name: Authentication__Issuers__0__Audiences__0
  value: koordinering
- name: Authentication__Issuers__0__Kinds__0
  value: service
- name: Authentication__Issuers__0__PublicKeyFile
  value: /var/run/secrets/koordinering/identity/services.pub.pem
{{- range $i, $issuer := $v.authentication.issuers }}
- name: Authentication__Issuers__{{ add1 $i }}__Issuer
  value: {{ $issuer.issuer | quote }}
{{- if $issuer.authority }}
- name: Authentication__Issuers__{{ add1 $i }}__Authority
  value: {{ $issuer.authority | quote }}
{{- end }}
{{- range $j, $kind := $issuer.kinds }}
- name: Authentication__Issuers__{{ add1 $i }}__Kinds__{{ $j }}
  value: {{ $kind | quote }}
{{- end }}
{{- range $j, $aud := $issuer.audiences }}
- name: Authentication__Issuers__{{ add1 $i }}__Audiences__{{ $j }}
  value: {{ $aud | quote }}
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
  value: "http://koordinering-{{ $callee }}:{{ $v.ports.grpc }}"
{{- end }}
- name: DOTNET_gcServer
  value: "0"
{{- range $name, $value := .config.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Dapr pub/sub scopes: "app1=topic1,topic2;app2=topic3", each app with its own topics and dead-letter topic. */}}
{{- define "koordinering.scopes" -}}
{{- $parts := list -}}
{{- $key := .key -}}
{{- range $service, $config := .services -}}
{{- $topics := append (get $config $key | default list) (printf "koordinering-%s.deadletter" $service) -}}
{{- $parts = append $parts (printf "koordinering-%s=%s" $service (join "," $topics)) -}}
{{- end -}}
{{- join ";" $parts -}}
{{- end -}}

{{- define "koordinering.volumes" -}}
- name: db
  secret:
    secretName: {{ .config.database.passwordSecret }}
- name: identity
  secret:
    secretName: {{ .root.Values.serviceIdentity.secretName }}
- name: app-token
  secret:
    secretName: {{ .root.Values.eventing.appTokenSecret }}
    items: [{ key: token, path: token }]
- name: tmp
  emptyDir: {}
{{- end -}}

{{- define "koordinering.mounts" -}}
- name: db
  mountPath: /var/run/secrets/koordinering/db
  readOnly: true
- name: identity
  mountPath: /var/run/secrets/koordinering/identity
  readOnly: true
- name: app-token
  mountPath: /var/run/secrets/koordinering/app-token
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- end -}}
