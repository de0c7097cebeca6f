"""Fixture for the docstrings check (the module docstring itself is not required)."""


def documented() -> int:
    """Returns one."""
    return 1


def undocumented() -> int:  # expect: docstrings
    return 2


def _private() -> int:
    return 3


class Documented:
    """A documented class."""

    def method(self) -> None:
        """Does nothing."""

    def bare(self) -> None:  # expect: docstrings
        pass

    def _hidden(self) -> None:
        pass


class Undocumented:  # expect: docstrings
    x: int = 1


def outer() -> int:
    """Has a closure, which needs no docstring."""
    def inner() -> int:
        return 4
    return inner()
