"""egov-ops: what the operations team runs against the platform's Kafka."""
