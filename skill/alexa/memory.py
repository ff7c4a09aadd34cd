"""A request's view of the runner's remembered profile, through the SDK's persistent attributes."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.core.place import Shape
from skill.core.profile import Profile
from skill.storage.store import VERSION_KEY, user_id_of


class Memory:
    """Loads the profile on first use and saves it only when it changed."""

    def __init__(self, handler_input: HandlerInput, shape: Shape) -> None:
        self.handler_input = handler_input
        self.shape = shape
        manager = handler_input.attributes_manager
        self.enabled = (
            getattr(manager, "_persistence_adapter", None) is not None
            and user_id_of(handler_input.request_envelope) is not None
        )
        self._profile: Profile | None = None

    @property
    def profile(self) -> Profile:
        """What is remembered (an empty profile when nothing is, or storage is off)."""
        if self._profile is None:
            if self.enabled:
                raw = self.handler_input.attributes_manager.persistent_attributes
                self._profile = Profile.from_dict(raw, self.shape)
            else:
                self._profile = Profile()
        return self._profile

    def save(self, profile: Profile) -> None:
        """Store the profile if it differs from what was read."""
        if not self.enabled or profile == self.profile:
            return
        manager = self.handler_input.attributes_manager
        version = manager.persistent_attributes.get(VERSION_KEY, 0)
        manager.persistent_attributes = {**profile.to_dict(), VERSION_KEY: version}
        manager.save_persistent_attributes()
        self._profile = profile

    def forget(self) -> None:
        """Delete everything remembered about this runner."""
        if self.enabled:
            self.handler_input.attributes_manager.delete_persistent_attributes()
        self._profile = Profile()
