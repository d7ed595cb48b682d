"""Prometheus metrics of deliveries, served on `/metrics`.

NOTE: counted per process; Prometheus sums the replicas.
"""

from __future__ import annotations

from prometheus_client import Counter

ATTEMPTS = Counter(
    "egov_notification_attempts", "Tries to deliver a notice, by channel and outcome status", ["channel", "status"]
)
DEAD_LETTERED = Counter(
    "egov_notifications_dead_lettered", "Notices no channel could deliver after the last try", ["channel"]
)
ALERTS = Counter("egov_notification_alerts", "Alerts raised for administrators, by kind", ["kind"])
