{{/* Chart name, overridable with nameOverride. */}}
{{- define "litellm.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Object name: fullnameOverride, else the release name when it already contains
the chart name, else <release>-<name>. Kept at 63 characters.
*/}}
{{- define "litellm.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := include "litellm.name" . }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels that select the release's pods. */}}
{{- define "litellm.selectorLabels" -}}
app.kubernetes.io/name: {{ include "litellm.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels that select the serving pods (Service, PodDisruptionBudget): the
selector labels plus the component from podLabels, which the migration Job's
pod does not share (it would otherwise receive traffic while it runs).
*/}}
{{- define "litellm.podSelector" -}}
{{ include "litellm.selectorLabels" . }}
{{- with get .Values.podLabels "app.kubernetes.io/component" }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "litellm.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "litellm.selectorLabels" . }}
app.kubernetes.io/version: {{ include "litellm.tag" . | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "litellm.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "litellm.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "litellm.tag" -}}
{{- .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "litellm.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "litellm.tag" .) }}
{{- end }}

{{- define "litellm.configMapName" -}}
{{- if .Values.proxyConfigMap.create }}
{{- printf "%s-config" (include "litellm.fullname" .) }}
{{- else }}
{{- required "proxyConfigMap.name is required when proxyConfigMap.create is false" .Values.proxyConfigMap.name }}
{{- end }}
{{- end }}

{{/* Refuse what this chart does not do (upstream subcharts). */}}
{{- define "litellm.checks" -}}
{{- if .Values.db.deployStandalone }}
{{- fail "db.deployStandalone is not supported by this chart: use db.useExisting or pass the DATABASE_* variables" }}
{{- end }}
{{- if .Values.redis.enabled }}
{{- fail "redis.enabled is not supported by this chart: pass REDIS_HOST, REDIS_PORT and REDIS_PASSWORD" }}
{{- end }}
{{- end }}

{{/*
Database connection variables (db.useExisting). With an empty db.url no
DATABASE_URL is set and LiteLLM builds it from these parts, URL-encoded.
*/}}
{{- define "litellm.dbEnv" -}}
{{- if .Values.db.useExisting }}
- name: DATABASE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .Values.db.secret.name }}
      key: {{ .Values.db.secret.usernameKey }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.db.secret.name }}
      key: {{ .Values.db.secret.passwordKey }}
- name: DATABASE_HOST
{{- if .Values.db.secret.endpointKey }}
  valueFrom:
    secretKeyRef:
      name: {{ .Values.db.secret.name }}
      key: {{ .Values.db.secret.endpointKey }}
{{- else }}
  value: {{ .Values.db.endpoint | quote }}
{{- end }}
- name: DATABASE_NAME
  value: {{ .Values.db.database | quote }}
{{- with .Values.db.url }}
- name: DATABASE_URL
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* HTTP probe from a {path, ...} value. */}}
{{- define "litellm.probe" -}}
httpGet:
  path: {{ .path }}
  port: http
{{- range $k := list "initialDelaySeconds" "periodSeconds" "timeoutSeconds" "successThreshold" "failureThreshold" }}
{{- if hasKey $ $k }}
{{ $k }}: {{ index $ $k }}
{{- end }}
{{- end }}
{{- end }}
