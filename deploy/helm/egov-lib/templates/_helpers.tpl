{{/*
Shared helpers. Every template takes a dict: root (the chart's top context), name (the
workload, e.g. "intake") and svc (its values under .Values.services.<name>).
*/}}

{{- define "egov.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "egov.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "egov.labels" -}}
{{ include "egov.selectorLabels" . }}
app.kubernetes.io/part-of: egov
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* The CloudNativePG Cluster of the release, and the Secret of a workload's role in it. */}}
{{- define "egov.databaseCluster" -}}
{{- printf "%s-pg" .root.Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "egov.databaseSecret" -}}
{{- printf "%s-pg-%s" .root.Release.Name (.svc.database | replace "_" "-") | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Non-root, no service-account token, the runtime's seccomp profile. */}}
{{- define "egov.podSecurity" -}}
automountServiceAccountToken: false
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/* No privilege escalation, a read-only root filesystem, no capabilities; probes on /health/*. */}}
{{- define "egov.containerSecurityAndProbes" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: ["ALL"]
startupProbe:
  httpGet: { path: /health/live, port: http }
  periodSeconds: 2
  failureThreshold: 30
livenessProbe:
  httpGet: { path: /health/live, port: http }
  periodSeconds: 10
readinessProbe:
  httpGet: { path: /health/ready, port: http }
  periodSeconds: 5
{{- end -}}

{{/*
A simulator of a national system (development and test clusters only): a Deployment and a
Service, no store and no Kafka. `svc` is its entry under .Values.simulators.
*/}}
{{- define "egov.simulator" -}}
{{- $g := .root.Values.global -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "egov.fullname" . }}
  labels:
    {{- include "egov.labels" . | nindent 4 }}
    app.kubernetes.io/component: simulator
spec:
  replicas: 1
  selector:
    matchLabels: {{- include "egov.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "egov.labels" . | nindent 8 }}
        app.kubernetes.io/component: simulator
    spec:
      {{- include "egov.podSecurity" . | nindent 6 }}
      containers:
        - name: {{ .name }}
          image: "{{ $g.image.registry }}/{{ .svc.image }}:{{ $g.image.tag | default .root.Chart.AppVersion }}"
          imagePullPolicy: {{ $g.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
            {{- range $port, $number := .svc.extraPorts }}
            - name: {{ $port }}
              containerPort: {{ $number }}
            {{- end }}
          env:
            - name: {{ .svc.hostVariable }}
              value: "0.0.0.0"
            - name: HTTP_PORT
              value: "8080"
            {{- range $key, $value := .svc.env }}
            - name: {{ $key }}
              value: {{ $value | quote }}
            {{- end }}
          {{- include "egov.containerSecurityAndProbes" . | nindent 10 }}
          resources: { requests: { cpu: 20m, memory: 96Mi }, limits: { memory: 192Mi } }
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "egov.fullname" . }}
  labels:
    {{- include "egov.labels" . | nindent 4 }}
    app.kubernetes.io/component: simulator
spec:
  selector: {{- include "egov.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: 80
      targetPort: http
    {{- range $port, $number := .svc.extraPorts }}
    - name: {{ $port }}
      port: {{ $number }}
      targetPort: {{ $port }}
    {{- end }}
{{- end -}}

{{- define "egov.deployment" -}}
{{- $g := .root.Values.global -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "egov.fullname" . }}
  labels: {{- include "egov.labels" . | nindent 4 }}
spec:
  {{- if not .svc.autoscaling.enabled }}
  replicas: {{ .svc.replicas }}
  {{- end }}
  selector:
    matchLabels: {{- include "egov.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels: {{- include "egov.labels" . | nindent 8 }}
    spec:
      {{- include "egov.podSecurity" . | nindent 6 }}
      containers:
        - name: {{ .name }}
          image: "{{ $g.image.registry }}/{{ .svc.image }}:{{ $g.image.tag | default .root.Chart.AppVersion }}"
          imagePullPolicy: {{ $g.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: SERVICE_NAME
              value: {{ .name | quote }}
            - name: HTTP_HOST
              value: "0.0.0.0"
            - name: HTTP_PORT
              value: "8080"
            - name: KAFKA_BOOTSTRAP_SERVERS
              value: {{ $g.kafka.bootstrapServers | quote }}
            - name: KAFKA_REPLICATION_FACTOR
              value: {{ $g.kafka.replicationFactor | quote }}
            - name: KAFKA_SECURITY_PROTOCOL
              value: {{ $g.kafka.securityProtocol | quote }}
            {{- if hasPrefix "SASL_" $g.kafka.securityProtocol }}
            - name: KAFKA_SASL_MECHANISM
              value: {{ $g.kafka.saslMechanism | quote }}
            - name: KAFKA_USERNAME
              value: {{ include "egov.fullname" . | quote }}
            - name: KAFKA_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ index $g.kafka.passwordSecrets .name | default (include "egov.fullname" .) }}
                  key: password
            {{- end }}
            {{- if $g.postgresql.cloudNativePG.enabled }}
            - name: DATABASE_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "egov.databaseSecret" . }}
                  key: password
            - name: DATABASE_URL
              value: "postgresql://{{ .svc.database }}:$(DATABASE_PASSWORD)@{{ include "egov.databaseCluster" . }}-rw:5432/{{ .svc.database }}"
            {{- else }}
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: {{ $g.postgresql.existingSecret }}
                  key: {{ .svc.database }}
            {{- end }}
            {{- with $g.otel.endpoint }}
            - name: OTEL_EXPORTER_OTLP_ENDPOINT
              value: {{ . | quote }}
            {{- end }}
            {{- range $key, $value := .svc.env }}
            - name: {{ $key }}
              value: {{ $value | quote }}
            {{- end }}
            {{- range $key, $ref := .svc.secretEnv }}
            - name: {{ $key }}
              valueFrom:
                secretKeyRef:
                  name: {{ $ref.secret }}
                  key: {{ $ref.key }}
            {{- end }}
          {{- include "egov.containerSecurityAndProbes" . | nindent 10 }}
          resources: {{- toYaml .svc.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- range $name, $claim := .svc.persistentVolumes }}
            - name: {{ $name }}
              mountPath: {{ $claim.mountPath }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- range $name, $claim := .svc.persistentVolumes }}
        - name: {{ $name }}
          persistentVolumeClaim:
            claimName: {{ $claim.claimName }}
        {{- end }}
{{- end -}}

{{/*
A Strimzi KafkaUser: the principal `name` (a SCRAM-SHA-512 user; Strimzi writes its password
into a Secret of the same name) with the ACLs `acls`, a list in KafkaUser's own shape.
*/}}
{{- define "egov.kafkaUser" -}}
apiVersion: kafka.strimzi.io/v1
kind: KafkaUser
metadata:
  name: {{ include "egov.fullname" . }}
  labels:
    {{- include "egov.labels" . | nindent 4 }}
    strimzi.io/cluster: {{ .root.Values.global.kafka.users.cluster }}
spec:
  authentication:
    type: scram-sha-512
  authorization:
    type: simple
    acls: {{- toYaml .acls | nindent 6 }}
{{- end -}}

{{- define "egov.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "egov.fullname" . }}
  labels: {{- include "egov.labels" . | nindent 4 }}
spec:
  selector: {{- include "egov.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: 80
      targetPort: http
{{- end -}}

{{- define "egov.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "egov.fullname" . }}
  labels: {{- include "egov.labels" . | nindent 4 }}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {{- include "egov.selectorLabels" . | nindent 6 }}
{{- end -}}

{{- define "egov.hpa" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "egov.fullname" . }}
  labels: {{- include "egov.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "egov.fullname" . }}
  minReplicas: {{ .svc.autoscaling.minReplicas }}
  maxReplicas: {{ .svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .svc.autoscaling.targetCPU }}
{{- end -}}

{{/* Deny all ingress except from the named clients; egress only to DNS, Kafka, the store, OTel,
and what the workload itself names (`networkPolicy.egress`: NetworkPolicy egress rules). */}}
{{- define "egov.networkpolicy" -}}
{{- $g := .root.Values.global -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "egov.fullname" . }}
  labels: {{- include "egov.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels: {{- include "egov.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    {{- if or .svc.networkPolicy.allowFrom .svc.networkPolicy.allowFromNamespaces }}
    - from:
        {{- range .svc.networkPolicy.allowFrom }}
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: {{ . }}
              app.kubernetes.io/instance: {{ $.root.Release.Name }}
        {{- end }}
        {{- range .svc.networkPolicy.allowFromNamespaces }}
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ . }}
        {{- end }}
      ports:
        - port: http
    {{- end }}
    {{- with .root.Values.monitoring.prometheusNamespace }}
    # Prometheus scrapes /metrics.
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ . }}
      ports:
        - port: http
    {{- end }}
  egress:
    - ports:
        - { port: 53, protocol: UDP }
        - { port: 53, protocol: TCP }
    - to: {{- toYaml $g.networkPolicy.dependencies | nindent 8 }}
    {{- if $g.postgresql.cloudNativePG.enabled }}
    - to:
        - podSelector:
            matchLabels:
              cnpg.io/cluster: {{ include "egov.databaseCluster" . }}
      ports:
        - port: 5432
    {{- end }}
    {{- with .svc.networkPolicy.egress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}

{{- define "egov.workload" -}}
{{ include "egov.deployment" . }}
---
{{ include "egov.service" . }}
{{- if .root.Values.global.podDisruptionBudget }}
---
{{ include "egov.pdb" . }}
{{- end }}
{{- if .svc.autoscaling.enabled }}
---
{{ include "egov.hpa" . }}
{{- end }}
{{- if .root.Values.global.networkPolicy.enabled }}
---
{{ include "egov.networkpolicy" . }}
{{- end }}
{{- end -}}
