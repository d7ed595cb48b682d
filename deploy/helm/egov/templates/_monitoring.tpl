{{/*
The `le` label of an `egov_stage_duration_seconds` bucket bound, as prometheus_client writes it
(5 as "5.0", 0.25 as "0.25"). Rendering fails on a number that is not one of the bounds: a
selector on another `le` would match nothing, and its alert would never fire.
*/}}
{{- define "egov.monitoring.le" -}}
{{- $le := toString . -}}
{{- if not (contains "." $le) }}{{ $le = printf "%s.0" $le }}{{ end -}}
{{- $bounds := list "0.05" "0.1" "0.25" "0.5" "1.0" "2.5" "5.0" "10.0" "30.0" "60.0" "120.0" "300.0" "900.0" "3600.0" "14400.0" "86400.0" "259200.0" "604800.0" -}}
{{- if not (has $le $bounds) -}}
{{- fail (printf "monitoring.prometheusRules.slo: %v seconds is not a bucket bound of egov_stage_duration_seconds (%s)" . (join ", " $bounds)) -}}
{{- end -}}
{{- $le -}}
{{- end -}}

{{/* The series of this release: its namespace, its Services (named `<release>-<workload>`). */}}
{{- define "egov.monitoring.selector" -}}
namespace="{{ .Release.Namespace }}",service=~"{{ .Release.Name }}-.+"
{{- end -}}

{{/* A runbook's address: the section `anchor` of docs/operations.md. Takes (list root anchor). */}}
{{- define "egov.monitoring.runbook" -}}
{{- $root := index . 0 -}}
{{- printf "%s/docs/operations.md#%s" (trimSuffix "/" $root.Values.monitoring.runbookBaseUrl) (index . 1) -}}
{{- end -}}
