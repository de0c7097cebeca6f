"""SPECTRA grade: quality checks of generated Python from its syntax tree, and test/assert counts of test files.

Run as:  python -I -c <this source> quality <file>...
   or:   python -I -c <this source> counts <file>...
Paths are relative to the working directory. Prints one JSON object and writes nothing. Uses the standard
library only, runs on Python 3.8 and later, and accepts both pydantic 1 and pydantic 2 idioms (class Config or
model_config, validator or field_validator, .dict() or .model_dump()).

quality prints {"checks": {check: {"ok": n, "total": m}}, "findings": [{"check", "file", "line", "message"}]}:
  type_hints      every function annotates its parameters and its return
  models          routes declare a response model and take no unvalidated dict bodies; model fields are annotated
  logging         modules with functions log through the logging module, and do not print
  error_handling  routes handle errors (try/except, raise HTTPException, or a registered exception handler);
                  no bare except, no swallowed exception
  docstrings      public functions, methods and classes have docstrings
counts prints {"files": {file: {"tests": n, "asserts": m} or {"error": text}}}.
"""
import ast
import json
import sys

CHECKS = ("type_hints", "models", "logging", "error_handling", "docstrings")
ROUTE_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "api_route"}
BODY_METHODS = {"POST", "PUT", "PATCH"}
BARE_CONTAINERS = {"dict", "Dict", "Mapping", "MutableMapping", "list", "List", "Sequence"}
UNTYPED = {"Any", "object"}
MODEL_BASES = {"BaseModel", "BaseSettings", "RootModel", "GenericModel"}
MODEL_SETTINGS = {"model_config", "Config", "__config__"}
LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}


class Report:
    def __init__(self):
        self.items = dict((c, [0, 0]) for c in CHECKS)
        self.findings = []

    def item(self, check, ok, path, line, message):
        self.items[check][1] += 1
        if ok:
            self.items[check][0] += 1
        else:
            self.findings.append({"check": check, "file": path, "line": line, "message": message})

    def to_json(self):
        checks = dict((c, {"ok": v[0], "total": v[1]}) for c, v in self.items.items())
        return {"checks": checks, "findings": self.findings}


def name_of(node):
    """The last name of a Name, Attribute, Subscript base or Call target; a string annotation's text."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return name_of(node.value)
    if isinstance(node, ast.Call):
        return name_of(node.func)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.strip().split("[")[0].split(".")[-1]
    return None


def subscript_args(node):
    inner = node.slice
    index = getattr(ast, "Index", None)  # Python 3.8 wraps the slice
    if index is not None and isinstance(inner, index):
        inner = inner.value
    return list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]


def unvalidated(annotation):
    """True for an annotation that lets anything through: Any, a bare dict or list, Dict[str, Any]."""
    if annotation is None:
        return False
    if isinstance(annotation, ast.Constant) and annotation.value is None:
        return False
    name = name_of(annotation)
    if name in UNTYPED:
        return True
    if isinstance(annotation, ast.Subscript):
        return any(unvalidated(a) for a in subscript_args(annotation))
    if isinstance(annotation, ast.BinOp):  # X | None
        return unvalidated(annotation.left) or unvalidated(annotation.right)
    return name in BARE_CONTAINERS


def functions(tree):
    """Every function with its enclosing class (None outside a class) and whether it is nested in a function."""
    out = []

    def visit(node, cls, nested):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                out.append((child, cls, nested))
                visit(child, None, True)
            elif isinstance(child, ast.ClassDef):
                visit(child, child, nested)
            else:
                visit(child, cls, nested)

    visit(tree, None, False)
    return out


def route_of(fn):
    """(METHOD, path, keywords) when fn is decorated as a FastAPI route, else None."""
    for d in fn.decorator_list:
        if isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in ROUTE_METHODS:
            path = "?"
            if d.args and isinstance(d.args[0], ast.Constant) and isinstance(d.args[0].value, str):
                path = d.args[0].value
            keywords = dict((k.arg, k.value) for k in d.keywords if k.arg)
            method = d.func.attr.upper()
            if method == "API_ROUTE":
                methods = keywords.get("methods")
                names = []
                if isinstance(methods, (ast.List, ast.Tuple)):
                    names = [e.value.upper() for e in methods.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                method = "/".join(names) or "GET"
            return method, path, keywords
    return None


def parameters(fn, cls):
    args = fn.args
    params = list(getattr(args, "posonlyargs", [])) + list(args.args)
    static = any(name_of(d) == "staticmethod" for d in fn.decorator_list)
    if cls is not None and params and not static:
        params = params[1:]  # self or cls
    params += list(args.kwonlyargs)
    if args.vararg is not None:
        params.append(args.vararg)
    if args.kwarg is not None:
        params.append(args.kwarg)
    return params


def check_type_hints(rep, path, funcs):
    for fn, cls, _ in funcs:
        missing = [p.arg for p in parameters(fn, cls) if p.annotation is None]
        problems = []
        if missing:
            problems.append("parameter%s %s without a type hint" % ("s" if len(missing) > 1 else "", ", ".join(missing)))
        if fn.returns is None and fn.name != "__init__":
            problems.append("no return type hint")
        rep.item("type_hints", not problems, path, fn.lineno, "function %s: %s" % (fn.name, "; ".join(problems)))


def model_classes(tree):
    classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    models = set()
    changed = True
    while changed:
        changed = False
        for c in classes:
            if c.name not in models and any(name_of(b) in MODEL_BASES or name_of(b) in models for b in c.bases):
                models.add(c.name)
                changed = True
    return [c for c in classes if c.name in models]


def check_models(rep, path, tree, funcs):
    for fn, cls, _ in funcs:
        route = route_of(fn)
        if route is None:
            continue
        method, url, keywords = route
        model = keywords.get("response_model")
        declared = model is not None and not (isinstance(model, ast.Constant) and model.value is None) and not unvalidated(model)
        returns = fn.returns is not None and not unvalidated(fn.returns) and name_of(fn.returns) not in ("None", "Response", "JSONResponse")
        rep.item("models", declared or returns, path, fn.lineno,
                 "route %s %s declares no validated response model: add response_model= or return a pydantic model" % (method, url))
        if any(m in BODY_METHODS for m in method.split("/")):
            loose = [p.arg for p in parameters(fn, cls) if unvalidated(p.annotation)]
            rep.item("models", not loose, path, fn.lineno,
                     "route %s %s takes an unvalidated body (%s): declare a pydantic model" % (method, url, ", ".join(loose)))
    for c in model_classes(tree):
        loose = []
        for stmt in c.body:
            if isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    if isinstance(t, ast.Name) and not t.id.startswith("_") and t.id not in MODEL_SETTINGS:
                        loose.append(t.id)
        rep.item("models", not loose, path, c.lineno,
                 "model %s: field%s %s without a type annotation" % (c.name, "s" if len(loose) > 1 else "", ", ".join(loose)))


def is_logging_call(node):
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LOG_METHODS):
        return False
    target = name_of(node.func.value)
    return target is not None and "log" in target.lower()


def check_logging(rep, path, tree, funcs):
    if not funcs:
        return
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    logs = any(is_logging_call(n) for n in calls)
    rep.item("logging", logs, path, 1, "module logs nothing: add logger = logging.getLogger(__name__) and log requests and failures")
    for n in calls:
        if isinstance(n.func, ast.Name) and n.func.id == "print":
            rep.item("logging", False, path, n.lineno, "print() instead of logging")


def swallowed(handler):
    return all(isinstance(s, (ast.Pass, ast.Continue)) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
               for s in handler.body)


def check_error_handling(rep, path, tree, funcs):
    registered = False
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("exception_handler", "add_exception_handler"):
            registered = True
    for n in ast.walk(tree):
        if isinstance(n, ast.ExceptHandler):
            if n.type is None:
                rep.item("error_handling", False, path, n.lineno, "bare except: name the exceptions you expect")
            elif swallowed(n):
                rep.item("error_handling", False, path, n.lineno, "exception swallowed: log it, convert it or re-raise it")
            else:
                rep.item("error_handling", True, path, n.lineno, "")
    for fn, cls, _ in funcs:
        route = route_of(fn)
        if route is None:
            continue
        handles = registered or any(isinstance(n, (ast.Try, ast.Raise)) for n in ast.walk(fn))
        rep.item("error_handling", handles, path, fn.lineno,
                 "route %s %s handles no errors: raise HTTPException for bad input, or catch, log and convert failures" % route[:2])


def check_docstrings(rep, path, tree, funcs):
    for fn, cls, nested in funcs:
        if nested or fn.name.startswith("_") or (cls is not None and cls.name.startswith("_")):
            continue
        kind = "method %s.%s" % (cls.name, fn.name) if cls is not None else "function %s" % fn.name
        rep.item("docstrings", ast.get_docstring(fn) is not None, path, fn.lineno, "%s has no docstring" % kind)
    for c in tree.body:
        if isinstance(c, ast.ClassDef) and not c.name.startswith("_"):
            rep.item("docstrings", ast.get_docstring(c) is not None, path, c.lineno, "class %s has no docstring" % c.name)


def parse(path):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    return ast.parse(source, filename=path)


def quality(paths):
    rep = Report()
    for path in paths:
        try:
            tree = parse(path)
        except SyntaxError as e:
            for check in CHECKS:
                rep.item(check, False, path, e.lineno or 1, "does not parse: %s" % e.msg)
            continue
        except (OSError, UnicodeDecodeError, ValueError) as e:
            for check in CHECKS:
                rep.item(check, False, path, 1, "cannot read: %s" % e)
            continue
        funcs = functions(tree)
        check_type_hints(rep, path, funcs)
        check_models(rep, path, tree, funcs)
        check_logging(rep, path, tree, funcs)
        check_error_handling(rep, path, tree, funcs)
        check_docstrings(rep, path, tree, funcs)
    return rep.to_json()


def is_assert(node):
    if isinstance(node, ast.Assert):
        return True
    # unittest style: self.assertEqual(...), and pytest.raises(...) blocks
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
        node.func.attr.startswith("assert") or node.func.attr == "raises")


def counts(paths):
    files = {}
    for path in paths:
        try:
            tree = parse(path)
        except (SyntaxError, OSError, UnicodeDecodeError, ValueError) as e:
            files[path] = {"error": "%s: %s" % (type(e).__name__, e)}
            continue
        tests = 0
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                tests += 1
            elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                tests += sum(1 for m in node.body
                             if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name.startswith("test"))
        asserts = sum(1 for n in ast.walk(tree) if is_assert(n))
        files[path] = {"tests": tests, "asserts": asserts}
    return {"files": files}


def main(argv):
    if not argv or argv[0] not in ("quality", "counts"):
        sys.stderr.write("usage: quality|counts <file>...\n")
        return 2
    result = quality(argv[1:]) if argv[0] == "quality" else counts(argv[1:])
    sys.stdout.write(json.dumps(result))
    return 0


sys.exit(main(sys.argv[1:]))
