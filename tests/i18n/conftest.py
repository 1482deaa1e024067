from tests.meetings.factories import person

__all__ = ["person"]
