{{/* The chart's name, and the name of everything it makes. */}}
{{- define "demarc.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "demarc.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "demarc.selectorLabels" -}}
app.kubernetes.io/name: {{ include "demarc.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "demarc.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "demarc.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "demarc.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "demarc.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret with DEMARC_DB, DEMARC_SESSION_KEY and DEMARC_OIDC_CLIENT_SECRET. */}}
{{- define "demarc.secretName" -}}
{{- default (include "demarc.fullname" .) .Values.existingSecret -}}
{{- end -}}

{{/* Where the git-sync volume is mounted, in both containers: the
     work tree's .git file names its git directory by this path. */}}
{{- define "demarc.gitRoot" -}}/git{{- end -}}

{{/* The model directory demarc serves. */}}
{{- define "demarc.modelDir" -}}
{{- if .Values.model.gitSync.enabled -}}
{{- $dir := printf "%s/current" (include "demarc.gitRoot" .) -}}
{{- with .Values.model.subPath -}}{{- $dir = printf "%s/%s" $dir (trimPrefix "/" .) -}}{{- end -}}
{{- $dir -}}
{{- else -}}
{{- .Values.model.path -}}
{{- end -}}
{{- end -}}

{{/* Refuse values that cannot work, with what to set instead. */}}
{{- define "demarc.validate" -}}
{{- $m := .Values.model -}}
{{- if and $m.gitSync.enabled $m.example -}}
{{- fail "model.example serves the bundled example: set model.gitSync.enabled=false with it" -}}
{{- end -}}
{{- if and $m.gitSync.enabled (not $m.gitSync.repo) -}}
{{- fail "model.gitSync.repo is required: the git repository of the model (or set model.gitSync.enabled=false and model.path or model.example)" -}}
{{- end -}}
{{- if and (not $m.gitSync.enabled) (not $m.example) (not $m.path) -}}
{{- fail "no model: set model.gitSync.repo, model.path (a folder in the image) or model.example=true" -}}
{{- end -}}
{{- if and (not .Values.existingSecret) (not .Values.database.url) -}}
{{- fail "database.url is required (postgres://USER:PASSWORD@HOST:5432/DB?sslmode=require, shared by every replica), or existingSecret naming a Secret with DEMARC_DB" -}}
{{- end -}}
{{- if and .Values.database.url (not (hasPrefix "postgres" .Values.database.url)) -}}
{{- fail "database.url must be a PostgreSQL URL (postgres://…): replicas share one database, which SQLite cannot be" -}}
{{- end -}}
{{- $mode := .Values.auth.mode -}}
{{- if not (has $mode (list "proxy" "oidc" "none")) -}}
{{- fail (printf "auth.mode %q: use proxy, oidc or none" $mode) -}}
{{- end -}}
{{- if and (eq $mode "proxy") (not .Values.auth.proxy.trustedProxies) -}}
{{- fail "auth.proxy.trustedProxies is required with auth.mode=proxy: the address ranges (CIDR) of the proxies that set X-Forwarded-Email" -}}
{{- end -}}
{{- if and (eq $mode "oidc") (or (not .Values.auth.oidc.issuer) (not .Values.auth.oidc.clientId) (not .Values.auth.publicUrl)) -}}
{{- fail "auth.mode=oidc needs auth.oidc.issuer, auth.oidc.clientId and auth.publicUrl" -}}
{{- end -}}
{{- if and (eq $mode "none") (not .Values.auth.allowAnonymous) -}}
{{- fail "auth.mode=none serves anonymous readers: set auth.allowAnonymous=true to say that is intended" -}}
{{- end -}}
{{- end -}}
