"""The package's one error for bad input from a user.

Every layer raises `InputError` for what the user can fix (an unreadable file, a syntax error,
a bad setting); the CLI turns it into a one-line message and exit code 2, the endpoint into a
4xx. It lives here, below every other module, so that raising it never imports anything.
"""

from __future__ import annotations


class InputError(Exception):
    """Bad input from the user: an unreadable file, a syntax error, a bad setting. The CLI exits with 2."""
