import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..schemas import Input, Line, Output

# WebAuthn's JSON carries bytes as base64url, padding optional.
Base64Url = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]*={0,2}$")]
Name = Annotated[Line, Field(min_length=1, max_length=60)]


class _Browser(BaseModel):
    """A part of what the browser answered, in WebAuthn's own JSON names. Fields it may
    add (clientExtensionResults, publicKey, …) are ignored: browsers add more over time."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    def webauthn_json(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True)


class AttestationResponse(_Browser):
    client_data_json: Annotated[Base64Url, Field(alias="clientDataJSON", max_length=8192)]
    attestation_object: Annotated[Base64Url, Field(alias="attestationObject", max_length=65536)]
    transports: list[Annotated[str, StringConstraints(max_length=32)]] = Field(
        default_factory=list, max_length=10
    )


class AssertionResponse(_Browser):
    client_data_json: Annotated[Base64Url, Field(alias="clientDataJSON", max_length=8192)]
    authenticator_data: Annotated[Base64Url, Field(alias="authenticatorData", max_length=8192)]
    signature: Annotated[Base64Url, Field(max_length=2048)]
    user_handle: Annotated[Base64Url | None, Field(alias="userHandle", max_length=128)] = None


class _Credential(_Browser):
    id: Annotated[Base64Url, Field(min_length=1, max_length=1400)]
    raw_id: Annotated[Base64Url, Field(alias="rawId", min_length=1, max_length=1400)]
    type: Literal["public-key"]
    authenticator_attachment: Annotated[
        Literal["platform", "cross-platform"] | None, Field(alias="authenticatorAttachment")
    ] = None


class NewCredential(_Credential):
    """What navigator.credentials.create() answered (PublicKeyCredential.toJSON())."""

    response: AttestationResponse


class Assertion(_Credential):
    """What navigator.credentials.get() answered (PublicKeyCredential.toJSON())."""

    response: AssertionResponse


class PasskeyCreate(Input):
    credential: NewCredential = Field(
        description="The browser's answer to the options of POST /api/me/passkeys/options."
    )
    name: Name | None = Field(default=None, description="Say, the device. Default: the date.")


class PasskeyUpdate(Input):
    name: Name


class PasskeySignIn(Input):
    credential: Assertion = Field(
        description="The browser's answer to the options of POST /api/auth/passkey/options."
    )


class PasskeyRead(Output):
    id: uuid.UUID
    name: str
    created_at: datetime
    last_used_at: datetime | None
    backed_up: bool = Field(
        description="Synced by the platform (the phone's account): its other devices have it."
    )


# navigator.credentials.create()'s and .get()'s publicKey options, bytes as base64url
# (what PublicKeyCredential.parseCreationOptionsFromJSON / …RequestOptionsFromJSON take).
CredentialOptions = dict[str, Any]
