"""The SDK's serializer, quicker where it is slow for us: class names are resolved once (the
SDK imports the module on every model object), timestamps are read by the standard library
(the SDK calls dateutil's general parser), and an envelope already parsed is not parsed again.

The SDK gives no hook for these: they are its private methods, overridden by their mangled
names; tests/alexa/test_serializer.py checks the results match the SDK's own.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer


@cache
def _resolve(class_name: str) -> Any:
    module_name, _, attribute = class_name.rpartition(".")
    module = __import__(module_name, fromlist=[attribute])
    return getattr(module, attribute)


class QuickSerializer(DefaultSerializer):
    """DefaultSerializer with cached class lookups and ISO timestamps parsed by datetime."""

    def _DefaultSerializer__load_class_from_name(self, class_name: str) -> Any:  # noqa: N802
        if "." not in class_name:
            return super()._DefaultSerializer__load_class_from_name(class_name)  # type: ignore[misc]
        try:
            return _resolve(class_name)
        except (ImportError, AttributeError):
            return super()._DefaultSerializer__load_class_from_name(class_name)  # type: ignore[misc]

    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:  # noqa: N802
        if isinstance(payload, str):
            try:
                parsed = datetime.fromisoformat(payload)
            except ValueError:
                pass  # something unusual: let the SDK's parser try (and report) it
            else:
                return parsed.date() if obj_type is date else parsed
        return super()._DefaultSerializer__deserialize_datetime(payload, obj_type)  # type: ignore[misc]

    def from_data(self, data: Any, obj_type: Any) -> Any:
        """Deserialize JSON that is already parsed."""
        return self._DefaultSerializer__deserialize(data, obj_type)  # type: ignore[attr-defined]
