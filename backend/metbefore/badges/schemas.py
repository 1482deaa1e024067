import uuid
from datetime import datetime

from ..schemas import Output


class BadgeRead(Output):
    id: uuid.UUID
    kind: str  # personal | event
    event_slug: str | None
    event_name: str | None
    token: str
    url: str
    qr_svg: str
    qr_png: str
    created_at: datetime
