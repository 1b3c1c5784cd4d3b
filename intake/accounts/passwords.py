"""Password policy: long passphrases, and none of the passwords everybody tries first.

NIST SP 800-63B: a minimum length and a check against known-compromised or common values,
no composition rules. The list is zxcvbn's 30,000 most common passwords, shipped with the
package (no network), loaded on first use and compared case-insensitively.
"""

from __future__ import annotations

import functools

MIN_PASSWORD_LENGTH = 12


class PasswordRejected(ValueError):
    """The password does not meet the policy; `reason` is "short" or "common"."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@functools.cache
def common_passwords() -> frozenset[str]:
    """zxcvbn's list of common passwords, lower case (about 2 MB: loaded once, lazily)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    """Whether the password, ignoring case and spaces, is on the list of common passwords."""
    lowered = password.lower()
    squeezed = "".join(lowered.split())
    common = common_passwords()
    return lowered in common or squeezed in common


def check(password: str) -> None:
    """Raise `PasswordRejected` unless the password is long enough and not a common one."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRejected(
            "short", f"the password needs at least {MIN_PASSWORD_LENGTH} characters"
        )
    if is_common(password):
        raise PasswordRejected(
            "common", "the password is on the list of commonly used passwords; choose another"
        )
