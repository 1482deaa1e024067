from tests.meetings.factories import make_event, person

__all__ = ["make_event", "person"]
