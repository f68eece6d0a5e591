{{/* A container that runs as uid, never as root, on a read-only root
     file system, with no capabilities. */}}
{{- define "demarc.containerSecurity" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* git-sync's settings (v4 names), for its init and sidecar containers.
     Credentials come from files of a Secret, never from values. */}}
{{- define "demarc.gitSyncEnv" -}}
{{- $gs := .Values.model.gitSync -}}
- name: GITSYNC_REPO
  value: {{ $gs.repo | quote }}
- name: GITSYNC_REF
  value: {{ $gs.ref | quote }}
- name: GITSYNC_DEPTH
  value: {{ $gs.depth | quote }}
- name: GITSYNC_ROOT
  value: {{ include "demarc.gitRoot" . | quote }}
- name: GITSYNC_LINK
  value: current
- name: HOME
  value: /tmp
{{- with $gs.credentialsSecret }}
- name: GITSYNC_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: username
- name: GITSYNC_PASSWORD_FILE
  value: /etc/git-credentials/password
{{- end }}
{{- if $gs.sshSecret }}
- name: GITSYNC_SSH_KEY_FILE
  value: /etc/git-ssh/ssh
- name: GITSYNC_SSH_KNOWN_HOSTS_FILE
  value: /etc/git-ssh/known_hosts
{{- end }}
{{- end -}}

{{- define "demarc.gitSyncMounts" -}}
{{- $gs := .Values.model.gitSync -}}
- name: model
  mountPath: {{ include "demarc.gitRoot" . }}
- name: git-tmp
  mountPath: /tmp
{{- if $gs.credentialsSecret }}
- name: git-credentials
  mountPath: /etc/git-credentials
  readOnly: true
{{- end }}
{{- if $gs.sshSecret }}
- name: git-ssh
  mountPath: /etc/git-ssh
  readOnly: true
{{- end }}
{{- end -}}
