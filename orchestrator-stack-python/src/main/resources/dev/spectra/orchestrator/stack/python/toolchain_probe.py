"""SPECTRA toolchain probe: this interpreter's version and the modules the python-fastapi stack needs.

Run as: python -I -c <this source> [distribution ...]
Prints one JSON object: python, executable, modules (importable module -> version),
problems (module -> import error), dists (each named distribution -> installed version or null) and
stdlib (those names that are standard-library modules, known on Python 3.10 and later).
Imports only the standard library and the probed modules; writes nothing.
"""
import importlib
import json
import sys

try:
    from importlib import metadata
except ImportError:  # Python < 3.8
    metadata = None

MODULES = ("fastapi", "pydantic", "starlette", "uvicorn", "httpx", "pytest")


def dist_version(name):
    if metadata is None:
        return None
    try:
        return metadata.version(name)
    except Exception:
        return None


def main(argv):
    modules = {}
    problems = {}
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except Exception as e:  # any import failure makes the module unusable
            problems[name] = "%s: %s" % (type(e).__name__, e)
            continue
        version = dist_version(name) or getattr(module, "__version__", None) or getattr(module, "VERSION", None)
        modules[name] = str(version) if version is not None else "unknown"
    dists = {}
    for name in argv:
        dists[name] = dist_version(name)
    stdlib_names = getattr(sys, "stdlib_module_names", frozenset())
    stdlib = [name for name in argv if name in stdlib_names]
    print(json.dumps({
        "python": "%d.%d.%d" % tuple(sys.version_info[:3]),
        "executable": sys.executable,
        "modules": modules,
        "problems": problems,
        "dists": dists,
        "stdlib": stdlib,
    }))


main(sys.argv[1:])
