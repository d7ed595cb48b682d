"""Benchmark harness of the platform (issue 7): end-to-end throughput and latency on the local stack.

`python -m bench` drives intake with wrk, times every application from its `submitted` to its
`completed` event on `egov.applications`, and runs two baselines in the same run: a bare FastAPI
endpoint (what HTTP alone allows) and a bare aiokafka relay with the platform's number of hops
(what Kafka alone allows). See bench/README.md.
"""
