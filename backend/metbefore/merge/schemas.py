from datetime import datetime

from pydantic import Field

from ..schemas import Input, Output


class MergePreview(Output):
    """What merging an account brings to mine."""

    display_name: str
    email: str
    friends: int
    pending_scans: int
    notes: int = Field(description="Notes written by that account.")
    events: int
    badges: int


class MergeOffer(Output):
    merge_token: str = Field(description="POST it to /api/me/merge; single use.")
    expires_at: datetime
    preview: MergePreview


class MergeRequest(Input):
    merge_token: str = Field(min_length=20, max_length=100)


class MergeDone(Output):
    status: str = "merged"
    merged: MergePreview
