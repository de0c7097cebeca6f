"""Fixture for the type_hints check: lines marked 'expect: type_hints' are the ones it must report."""
from typing import Any, Dict, List, Optional


def annotated(a: int, b: str = "x", *rest: int, flag: bool = False, **extra: Any) -> str:
    return b * a


def no_return(a: int):  # expect: type_hints
    return a


def no_params(a, b: int) -> int:  # expect: type_hints
    return b


async def async_annotated(items: List[int]) -> Optional[int]:
    return items[0] if items else None


async def async_missing(items):  # expect: type_hints
    return items


def varargs(*args, **kwargs) -> None:  # expect: type_hints
    pass


class Service:
    def __init__(self, name: str):
        self.name = name

    def method(self, n: int) -> int:
        return n

    def method_missing(self, n):  # expect: type_hints
        return n

    @classmethod
    def build(cls, name: str) -> "Service":
        return cls(name)

    @staticmethod
    def helper(x) -> int:  # expect: type_hints
        return 1


def outer() -> Dict[str, int]:
    def inner(x):  # expect: type_hints
        return x
    return {"a": inner(1)}
