"""Fixture for the logging check: this module prints instead of logging."""  # expect: logging


def greet(name: str) -> str:
    print("greeting", name)  # expect: logging
    return "hello " + name


def farewell(name: str) -> str:
    message = "bye " + name
    print(message)  # expect: logging
    return message
