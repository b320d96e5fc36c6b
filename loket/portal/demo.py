"""Demo data of the client site for ``loket seed --demo`` (runs after the contact and case demos)."""

from . import signin_demo


def seed(out) -> None:
    signin_demo.seed(out)
