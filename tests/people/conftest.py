from tests.events.helpers import organizer
from tests.meetings.factories import person

__all__ = ["organizer", "person"]
