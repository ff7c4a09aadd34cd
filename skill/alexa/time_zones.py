"""The runner's time zone, from the Alexa Settings API, so "today" means their today."""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import date, datetime
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

# Only Amazon's own API hosts get the request's access token.
ALEXA_API_HOSTS = {"api.amazonalexa.com", "api.eu.amazonalexa.com", "api.fe.amazonalexa.com"}
TIMEOUT_S = 1.5


def fetch_time_zone(api_endpoint: str, device_id: str, token: str) -> str | None:
    """The device's IANA time zone name, or None if Amazon does not say (quickly)."""
    parts = urlsplit(api_endpoint or "")
    if parts.scheme != "https" or parts.hostname not in ALEXA_API_HOSTS or not device_id:
        return None
    url = (
        f"https://{parts.hostname}/v2/devices/{quote(device_id, safe='')}/settings/System.timeZone"
    )
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            zone = json.loads(response.read(1024))
    except (OSError, ValueError) as exc:
        log.info("no time zone from the Alexa settings API: %s", exc)
        return None
    return zone if isinstance(zone, str) and valid_zone(zone) else None


def valid_zone(name: str) -> bool:
    """Whether the zone name is one this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_date(now: datetime, zone: str | None) -> date:
    """Today's date in the zone (UTC when it is unknown)."""
    if zone and valid_zone(zone):
        return now.astimezone(ZoneInfo(zone)).date()
    return now.date()
