"""Secrets at rest: AES-256-GCM with a key from the settings, bound to where the secret lives.

A stored platform session, platform password or SMTP password is encrypted before it reaches
the database. The associated data names the owner and the slot (``user/kind/name``), so a
ciphertext copied into another user's row, or another slot, fails to decrypt instead of
handing one person's secret to another. Every ciphertext starts with a version byte and the
key's fingerprint, so a wrong or rotated key is reported as such rather than as corruption.

The key is ``AJOB_SECRETS_KEY`` (32 bytes, URL-safe base64). Outside production, when unset, one
is generated once into the data folder, like the token secret; production must set it, and
losing it makes the stored secrets unreadable (they must then be entered again).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.config import Settings
from core.errors import ConfigError
from core.security import generated_secret

VERSION = b"\x01"
NONCE_BYTES = 12
FINGERPRINT_BYTES = 4
KEY_FILE = ".secrets_key"
HOW_TO_MAKE = (
    "`python -c 'import base64,os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'`"
)


class SecretUnreadable(Exception):
    """The ciphertext was made with another key, for another slot, or was altered."""


def new_key() -> str:
    """A fresh key, in the form AJOB_SECRETS_KEY takes."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")


def _decode_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii") + b"==")
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != 32:
        raise ConfigError(
            f"AJOB_SECRETS_KEY must be 32 bytes in URL-safe base64; generate one with {HOW_TO_MAKE}"
        )
    return raw


@dataclass(frozen=True)
class Cipher:
    """Encrypts and decrypts small secrets with one key."""

    key: bytes

    @property
    def fingerprint(self) -> bytes:
        return hashlib.sha256(self.key).digest()[:FINGERPRINT_BYTES]

    def encrypt(self, plaintext: str, *, context: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.key).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
        return VERSION + self.fingerprint + nonce + sealed

    def decrypt(self, blob: bytes, *, context: str) -> str:
        head = len(VERSION) + FINGERPRINT_BYTES
        if len(blob) < head + NONCE_BYTES + 16 or blob[:1] != VERSION:
            raise SecretUnreadable("the stored secret is not in a format this version can read")
        if blob[1:head] != self.fingerprint:
            raise SecretUnreadable(
                "the stored secret was encrypted with another AJOB_SECRETS_KEY; "
                "restore that key or enter the secret again"
            )
        nonce, sealed = blob[head : head + NONCE_BYTES], blob[head + NONCE_BYTES :]
        try:
            return AESGCM(self.key).decrypt(nonce, sealed, context.encode()).decode("utf-8")
        except InvalidTag:
            raise SecretUnreadable(
                "the stored secret does not belong here or was altered"
            ) from None


def cipher_for(settings: Settings) -> Cipher:
    """The cipher for these settings; production must configure the key explicitly."""
    if settings.secrets_key is not None:
        return Cipher(_decode_key(settings.secrets_key.get_secret_value()))
    if settings.env == "production":
        raise ConfigError(
            "AJOB_SECRETS_KEY is required when AJOB_ENV=production (it encrypts stored "
            f"passwords and sessions); generate one with {HOW_TO_MAKE}"
        )
    return Cipher(_decode_key(generated_secret(settings.data_dir / KEY_FILE, new_key)))
