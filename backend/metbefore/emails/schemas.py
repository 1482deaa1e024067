import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from ..auth.schemas import Code
from ..merge.schemas import MergeOffer
from ..schemas import Email, Input, Output


class EmailAdd(Input):
    email: Email


class EmailVerify(Input):
    email: Email
    code: Code


class EmailUpdate(Input):
    primary: Literal[True] = Field(description="Make this address the primary one.")


class EmailRead(Output):
    id: uuid.UUID
    email: str
    primary: bool = Field(description="Where mail goes.")
    verified: bool = Field(description="Always true: only verified addresses are kept.")
    origin: Literal["signup", "added", "merged"]
    added_at: datetime


class EmailSent(Output):
    status: str = "sent"
    message: str = "A code is on its way to that address."


class EmailVerified(Output):
    status: Literal["added", "merge_available"] = Field(
        description="merge_available: the address belongs to another account, which the "
        "code proves is mine too; `merge` previews it and carries the token."
    )
    address: EmailRead | None
    merge: MergeOffer | None
