{{/*
The handler's workload as egov-lib's helpers take it: root (the chart's top context) and name
(`handler-<administration>`, its `app.kubernetes.io/name`). Fails on a missing or malformed
administration id.
*/}}
{{- define "egov-handler.name" -}}
{{- $administration := required "administration is required: the id of the administration whose handler this is (e.g. `administration: gabrovo`)" .Values.administration -}}
{{- if not (regexMatch "^[a-z0-9]+(-[a-z0-9]+)*$" $administration) -}}
{{- fail (printf "administration: %q is not an administration id (lower-case letters and digits, single hyphens between)" $administration) -}}
{{- end -}}
{{- printf "handler-%s" $administration -}}
{{- end -}}

{{/* `<release>-handler-<administration>`, or the release's name when it contains `handler-<administration>`. */}}
{{- define "egov-handler.fullname" -}}
{{- $name := include "egov-handler.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The Kafka principal the egov chart renders for this administration's handler (its kafka-users.yaml). */}}
{{- define "egov-handler.kafkaUser" -}}
{{- .Values.kafka.user | default (printf "%s-%s" .Values.kafka.platformRelease (include "egov-handler.name" .) | trunc 63 | trimSuffix "-") -}}
{{- end -}}

{{- define "egov-handler.labels" -}}
{{ include "egov.labels" (dict "root" . "name" (include "egov-handler.name" .)) }}
app.kubernetes.io/component: handler
{{- end -}}

{{- define "egov-handler.selectorLabels" -}}
{{ include "egov.selectorLabels" (dict "root" . "name" (include "egov-handler.name" .)) }}
{{- end -}}
