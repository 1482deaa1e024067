from typing import Annotated, Self

from pydantic import StringConstraints, model_validator

from ..schemas import Email, Input, Output

Code = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]
LinkToken = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{20,100}$")]


class SignInRequest(Input):
    email: Email


class SignInSent(Output):
    status: str = "sent"
    message: str = "If the address is valid, a code and a link are on their way."


class VerifyRequest(Input):
    """Either the email and the 6-digit code, or the token from the mailed link."""

    email: Email | None = None
    code: Code | None = None
    token: LinkToken | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        if self.token is not None and (self.email is not None or self.code is not None):
            raise ValueError("send either the link token, or email and code, not both")
        if self.token is None and (self.email is None or self.code is None):
            raise ValueError("send email and code, or the link token")
        return self
