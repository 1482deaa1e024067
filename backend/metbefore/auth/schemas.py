import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from ..schemas import Email, Input, Output

Code = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]
LinkToken = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{20,100}$")]


class SignInRequest(Input):
    email: Email


class SignInSent(Output):
    status: str = "sent"
    message: str = "If the address is valid, a code and a link are on their way."


class CodeVerify(Input):
    email: Email
    code: Code


class LinkVerify(Input):
    token: LinkToken = Field(description="The token of the mailed sign-in link.")


# Either the email and the 6-digit code, or the token from the mailed link; never both.
VerifyRequest = CodeVerify | LinkVerify


class SessionRead(Output):
    """One of my signed-in devices."""

    id: uuid.UUID
    browser: str = Field(description='As far as its browser says, e.g. "Chrome on Android".')
    browser_name: str | None = Field(description='Its browser ("Chrome"), if known.')
    system: str | None = Field(description='Its system ("Android"), if known.')
    network: str = Field(description="Where from, coarsely: the network of its last use.")
    created_at: datetime = Field(description="When it signed in.")
    last_used_at: datetime = Field(description="Within the hour.")
    expires_at: datetime
    current: bool = Field(description="The device asking.")
