"""The platform's local stack: real Kafka and FerretDB processes on loopback, and the services."""
