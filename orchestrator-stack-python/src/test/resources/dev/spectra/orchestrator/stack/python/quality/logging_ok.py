"""Fixture for the logging check: a module logger, and a logger reached through an attribute."""
import logging

logger = logging.getLogger(__name__)


class Worker:
    def __init__(self) -> None:
        self.log = logging.getLogger("worker")

    def work(self) -> None:
        self.log.debug("working")


def greet(name: str) -> str:
    logger.info("greeting %s", name)
    return "hello " + name
