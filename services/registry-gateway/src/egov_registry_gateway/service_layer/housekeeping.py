"""What the gateway keeps only for a while: replies kept to answer a request asked again (they
hold registry data) and cached answers past their time to live."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_registry_gateway.adapters.cache import AnswerCache
    from egov_registry_gateway.adapters.calls import Calls

log = get_logger(__name__)


class Housekeeping:
    def __init__(self, calls: Calls, cache: AnswerCache, reply_retention: dt.timedelta):
        self._calls = calls
        self._cache = cache
        self._reply_retention = reply_retention

    async def round(self) -> int:
        now = dt.datetime.now(dt.UTC)
        replies = await self._calls.forget_replies(now - self._reply_retention)
        expired = await self._cache.forget_expired(now)
        if replies or expired:
            log.info("registry_data_forgotten", replies=replies, cached_answers=expired)
        return replies + expired
