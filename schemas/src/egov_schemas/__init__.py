"""Event contracts of the e-services platform. Pure data: no I/O happens in this package."""

# NOTE: importing the contract modules registers every event type in EVENT_TYPES, so a consumer
# that imports the package can parse any event the platform publishes.
from egov_schemas import catalog, lifecycle, notifications, registry, work
from egov_schemas.base import EVENT_TYPES, Event, event_type_for

__all__ = ["EVENT_TYPES", "Event", "catalog", "event_type_for", "lifecycle", "notifications", "registry", "work"]
