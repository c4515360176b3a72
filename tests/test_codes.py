"""The registry of diagnostic codes (edition/codes.py) against the codes the package really uses.

The scanner reads every module of edition/ with ``ast`` and collects the codes in *code positions*:

- the first argument (or ``code=``) of ``Diagnostic(...)`` and of validation's ``Finding(...)`` (not the
  entity report's own ``Finding``, a different class);
- the code argument of *helpers*: a function that passes one of its parameters on to a code position
  (``source._refuse(path, code, message)``, ``metadata``'s ``fail(message, code="meta.bad-value")``, the readers'
  ``ctx.warn(code, ...)``), found to a fixed point, and their parameters' default values;
- comparisons with a ``.code`` (``finding.code == "id.duplicate"``, ``f.code in (...)``) and
  ``.code.startswith("input.")`` prefixes.

A code argument that is not a literal is followed: conditional expressions, local and module-level assignments
(tuple unpacking included), ``for`` loops over a module's table of tuples (official.py's ``MESSAGES``), and the
return values of the module's own functions. An f-string with a literal start is a *family* (``f"log.{origin}"``).
``x.code`` is passed on, not made (counted where it was made). Anything else is *unresolved*, reported with its
module and function: the test allows only the sites listed in ``UNRESOLVED``, each saying where its codes are
scanned instead (the Schematron rules' ``ed:code``, read from edition.sch).
"""

from __future__ import annotations

import ast
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from edition import codes
from edition.cli import main
from edition.cli.reporter import _as_json
from edition.errors import Diagnostic

from .conftest import ROOT, SEEDS

PACKAGE = ROOT / "edition"
SCHEMATRON = PACKAGE / "schema" / "edition.sch"
CONSTRUCTORS = {"Diagnostic": "edition/errors.py", "Finding": "edition/validation/findings.py"}  # -> its home
UNRESOLVED = {  # (module, function) whose code the scanner cannot follow -> where those codes are scanned
    ("edition/validation/rules.py", "check_rules"): "the SVRL code attribute: edition.sch's ed:code (or the "
                                                    "pattern's id), read by schematron_codes()",
}
KNOWN = {  # codes the scanner must find, one for each way a code is given
    "convert.layout-empty",  # Diagnostic("…") in a module
    "register.variant-conflict",  # Diagnostic(\n "…") over several lines
    "publish.failed",  # Diagnostic(code="…")
    "schema.element-misplaced",  # Finding("…")
    "input.directory", "xml.xinclude",  # source.py's and xmlsafe.py's _refuse(), code at different positions
    "meta.missing-key", "meta.bad-value",  # metadata.py's nested fail(): an argument, and the default
    "convert.point-order",  # a method helper (ReadContext.warn) called as ctx.warn(…)
    "tei.element", "tei.invalid",  # official.py: a loop over the MESSAGES table, a function's return value
    "publish.log",  # reporter.py: a local variable set by a conditional expression
    "project.missing",  # a comparison: exc.diagnostic.code == "…"
    "tei.rule",  # teirules.py
}


# ------------------------------------------------------------------ the scanner

@dataclass
class Scan:
    codes: dict[str, set[str]] = field(default_factory=dict)  # code -> where ("path:line")
    families: dict[str, set[str]] = field(default_factory=dict)  # prefix of an f-string code -> where
    prefixes: dict[str, set[str]] = field(default_factory=dict)  # .code.startswith("…") -> where
    unresolved: dict[tuple[str, str], set[int]] = field(default_factory=dict)  # (path, function) -> lines

    def add(self, table: dict, key, where) -> None:
        table.setdefault(key, set()).add(where)


FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _params(fn: ast.AST) -> list[str]:
    a = fn.args
    return [p.arg for p in (*a.posonlyargs, *a.args)] + [p.arg for p in a.kwonlyargs]


def _defaults(fn: ast.AST) -> dict[str, ast.expr]:
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    out = {p.arg: d for p, d in zip(positional[len(positional) - len(a.defaults):], a.defaults)}
    out.update({p.arg: d for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None})
    return out


class Module:
    def __init__(self, path: str, text: str):
        self.path = path
        self.tree = ast.parse(text, path)
        self.parent: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
        self.functions = {n.name: n for n in self.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        self.classes = {n.name for n in ast.walk(self.tree) if isinstance(n, ast.ClassDef)}
        self.imported = {a.asname or a.name for n in ast.walk(self.tree) if isinstance(n, ast.ImportFrom)
                         for a in n.names}

    def enclosing(self, node: ast.AST) -> list[ast.AST]:
        """The functions around ``node``, innermost first."""
        out = []
        while node in self.parent:
            node = self.parent[node]
            if isinstance(node, FUNCTIONS):
                out.append(node)
        return out

    def function_name(self, node: ast.AST) -> str:
        names = [f.name for f in self.enclosing(node) if not isinstance(f, ast.Lambda)]
        return names[0] if names else "<module>"

    def is_method(self, fn: ast.AST) -> bool:
        return isinstance(self.parent.get(fn), ast.ClassDef) and _params(fn)[:1] in (["self"], ["cls"])


@dataclass(frozen=True)
class Helper:
    module: str
    name: str
    index: int  # position of the code among the call's arguments (self not counted)
    param: str
    method: bool


class Scanner:
    def __init__(self, sources: dict[str, str]):
        self.modules = {path: Module(path, text) for path, text in sources.items()}
        self.helpers: dict[tuple[str, str, str], Helper] = {}
        self.scan = Scan()

    # ---- which calls take a code, and where
    def positions(self, module: Module) -> Iterator[tuple[ast.Call, ast.expr | None, Helper | None]]:
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in CONSTRUCTORS and \
                    (func.id not in module.classes or module.path == CONSTRUCTORS[func.id]):
                yield node, self._argument(node, 0, "code"), None
                continue
            for helper in self.helpers.values():
                if helper.method and isinstance(func, ast.Attribute) and func.attr == helper.name:
                    pass
                elif not helper.method and isinstance(func, ast.Name) and func.id == helper.name and \
                        (module.path == helper.module or (func.id in module.imported
                                                          and func.id not in module.functions)):
                    pass
                else:
                    continue
                yield node, self._argument(node, helper.index, helper.param), helper

    @staticmethod
    def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
        positional = []
        for arg in call.args:
            if isinstance(arg, ast.Starred):
                break
            positional.append(arg)
        if index < len(positional):
            return positional[index]
        return next((k.value for k in call.keywords if k.arg == keyword), None)

    # ---- following a code argument to its literals
    def resolve(self, module: Module, node: ast.expr, depth: int = 0) -> Iterator[tuple[str, object]]:
        if depth > 12:
            yield "unresolved", node
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield "code", node.value
        elif isinstance(node, ast.JoinedStr):
            head = ""
            for part in node.values:
                if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                    break
                head += part.value
            yield ("family", head) if head else ("unresolved", node)
        elif isinstance(node, ast.IfExp):
            yield from self.resolve(module, node.body, depth + 1)
            yield from self.resolve(module, node.orelse, depth + 1)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                yield from self.resolve(module, value, depth + 1)
        elif isinstance(node, ast.Attribute) and node.attr == "code":
            return  # passed on: counted where it was made
        elif isinstance(node, ast.Name):
            yield from self._name(module, node, depth)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in module.functions:
            yield from self._returns(module, module.functions[node.func.id], None, depth)
        else:
            yield "unresolved", node

    def _name(self, module: Module, node: ast.Name, depth: int) -> Iterator[tuple[str, object]]:
        scopes = module.enclosing(node)
        for fn in scopes:
            if node.id in _params(fn):
                yield "param", (fn, node.id)
                return
        found = False
        for scope in [*scopes, module.tree]:
            for item, index, value, loop in self._bindings(scope, node.id):
                found = True
                yield from self._value(module, value, index, loop, depth + 1)
            if found:
                return
        yield "unresolved", node

    @staticmethod
    def _bindings(scope: ast.AST, name: str) -> Iterator[tuple[ast.AST, int | None, ast.expr, bool]]:
        """Where ``name`` is bound in ``scope``: (node, index in a tuple target or None, value, is a for loop)."""
        body = scope.body if isinstance(scope, ast.Module) else [scope]
        for top in body:
            for item in ast.walk(top):
                if isinstance(item, ast.Assign):
                    targets, value, loop = item.targets, item.value, False
                elif isinstance(item, (ast.For, ast.comprehension)):
                    targets, value, loop = [item.target], item.iter, True
                else:
                    continue
                for target in targets:
                    if isinstance(target, ast.Name) and target.id == name:
                        yield item, None, value, loop
                    elif isinstance(target, ast.Tuple):
                        for i, elt in enumerate(target.elts):
                            if isinstance(elt, ast.Name) and elt.id == name:
                                yield item, i, value, loop

    def _value(self, module: Module, value: ast.expr, index: int | None, loop: bool,
               depth: int) -> Iterator[tuple[str, object]]:
        if loop:  # the elements of the iterable (a literal table or a module-level name bound to one)
            if isinstance(value, ast.Name):
                tables = [v for _, i, v, is_loop in self._bindings(module.tree, value.id) if i is None and not is_loop]
                if tables and all(isinstance(t, (ast.List, ast.Tuple)) for t in tables):
                    for table in tables:
                        yield from self._elements(module, table, index, depth)
                    return
            elif isinstance(value, (ast.List, ast.Tuple)):
                yield from self._elements(module, value, index, depth)
                return
            yield "unresolved", value
        elif index is None:
            yield from self.resolve(module, value, depth)
        elif isinstance(value, (ast.Tuple, ast.List)):
            yield from self.resolve(module, value.elts[index], depth)
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in module.functions:
            yield from self._returns(module, module.functions[value.func.id], index, depth)
        else:
            yield "unresolved", value

    def _elements(self, module: Module, table: ast.expr, index: int | None, depth: int) -> Iterator:
        for elt in table.elts:
            if index is None:
                yield from self.resolve(module, elt, depth + 1)
            elif isinstance(elt, (ast.Tuple, ast.List)):
                yield from self.resolve(module, elt.elts[index], depth + 1)
            else:
                yield "unresolved", elt

    def _returns(self, module: Module, fn: ast.AST, index: int | None, depth: int) -> Iterator:
        returns = [r for r in ast.walk(fn) if isinstance(r, ast.Return) and r.value is not None]
        if not returns:
            yield "unresolved", fn
        for ret in returns:
            yield from self._value(module, ret.value, index, False, depth + 1)

    # ---- the whole package
    def run(self) -> Scan:
        changed = True
        while changed:  # helpers to a fixed point: a helper's parameter may feed another helper
            changed = False
            for module in self.modules.values():
                for call, argument, _ in list(self.positions(module)):
                    if argument is None:
                        continue
                    for kind, value in self.resolve(module, argument):
                        if kind != "param":
                            continue
                        fn, param = value
                        if isinstance(fn, ast.Lambda):
                            continue
                        method = module.is_method(fn)
                        index = _params(fn).index(param) - (1 if method else 0)
                        key = (module.path, fn.name, param)
                        if key not in self.helpers:
                            self.helpers[key] = Helper(module.path, fn.name, index, param, method)
                            changed = True
        for module in self.modules.values():
            for call, argument, helper in self.positions(module):
                if argument is None:  # a helper called without its code: its default (collected below)
                    continue
                self._collect(module, call, argument)
            for node in ast.walk(module.tree):
                self._comparison(module, node)
        for helper in self.helpers.values():
            module = self.modules[helper.module]
            fn = next(n for n in ast.walk(module.tree)
                      if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == helper.name
                      and helper.param in _params(n))
            default = _defaults(fn).get(helper.param)
            if default is not None:
                self._collect(module, fn, default)
        return self.scan

    def _collect(self, module: Module, where: ast.AST, argument: ast.expr) -> None:
        place = f"{module.path}:{where.lineno}"
        for kind, value in self.resolve(module, argument):
            if kind == "code":
                self.scan.add(self.scan.codes, value, place)
            elif kind == "family":
                self.scan.add(self.scan.families, value, place)
            elif kind == "unresolved":
                self.scan.add(self.scan.unresolved, (module.path, module.function_name(where)), where.lineno)

    def _comparison(self, module: Module, node: ast.AST) -> None:
        place = f"{module.path}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "code":
            for comparator in node.comparators:
                values = comparator.elts if isinstance(comparator, (ast.Tuple, ast.List, ast.Set)) else [comparator]
                for value in values:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        self.scan.add(self.scan.codes, value.value, place)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "startswith" \
                and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "code":
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    self.scan.add(self.scan.prefixes, arg.value, place)


def package_sources() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}


@functools.cache
def scan_package() -> Scan:
    """The package's scan (once per test run: the tests only read it)."""
    return Scanner(package_sources()).run()


def schematron_codes(text: bytes) -> set[str]:
    """The codes a Schematron file's assertions give: ed:code, else the pattern's id (as the compiler does)."""
    sch, ed = "http://purl.oclc.org/dsdl/schematron", "urn:x-edition:validation"
    root = etree.fromstring(text)
    found = set()
    for check in root.iter(f"{{{sch}}}assert", f"{{{sch}}}report"):
        pattern = next(check.iterancestors(f"{{{sch}}}pattern"))
        found.add(check.get(f"{{{ed}}}code") or pattern.get("id"))
    return found


def unregistered(scan: Scan, rule_codes: set[str] = frozenset()) -> set[str]:
    """Codes used but not registered (families as 'prefix<…>', prefixes as 'prefix*')."""
    missing = {c for c in set(scan.codes) | set(rule_codes) if codes.lookup(c) is None}
    missing |= {f"{p}<…>" for p in scan.families if p not in {f.prefix for f in codes.FAMILIES}}
    missing |= {f"{p}*" for p in scan.prefixes if not any(c.startswith(p) for c in codes.CODES)}
    return missing


# ------------------------------------------------------------------ the tests

def test_the_registry_is_well_formed():
    assert codes.problems() == []
    assert len(codes.CODES) >= 100
    assert all(group.codes for group in codes.GROUPS)


def test_the_generated_doc_is_up_to_date():
    written = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert written == codes.markdown(), "run: .venv/bin/python -m edition.codes docs/diagnostics.md"
    for code in codes.CODES:
        assert f"`{code}`" in written


def test_the_scanner_finds_what_is_known_to_be_there():
    scan = scan_package()
    assert KNOWN <= set(scan.codes), KNOWN - set(scan.codes)
    assert "log." in scan.families  # reporter.py: f"log.{origin}"
    assert "input." in scan.prefixes  # validator.py: f.code.startswith("input.")
    assert len(scan.codes) >= 100
    assert {"id.duplicate", "ref.external", "align.unlinked"} <= schematron_codes(SCHEMATRON.read_bytes())


def test_every_code_used_is_registered():
    scan = scan_package()
    missing = unregistered(scan, schematron_codes(SCHEMATRON.read_bytes()))
    assert not missing, {c: sorted(scan.codes.get(c, scan.families.get(c[:-3], ()))) for c in missing}


def test_every_code_the_scanner_cannot_follow_is_accounted_for():
    assert set(scan_package().unresolved) == set(UNRESOLVED)


def test_every_registered_code_is_used():
    scan = scan_package()
    used = set(scan.codes) | schematron_codes(SCHEMATRON.read_bytes())
    stale = [c.name for c in codes.CODES.values() if not c.family and c.name not in used]
    stale += [c.name for c in codes.FAMILIES if c.prefix not in scan.families]
    assert not stale, f"registered but used nowhere: {stale}"


def test_the_rules_codes_are_registered_in_the_group_rules():
    for code in schematron_codes(SCHEMATRON.read_bytes()):
        assert codes.CODES[code].group == "rules", code


# ---- the scanner can fail

FAKE = '''
from ..errors import Diagnostic
from .findings import Finding

TABLE = [("x", "fake.from-table"), ("y", "convert.no-layout")]


def _refuse(path, code, message):
    return Diagnostic(code, "error", message, path)


def _outer(message, code="fake.default"):
    return _refuse(None, code, message)


class Context:
    def warn(self, code, message):
        self.diagnostics.append(Diagnostic(code, "warning", message))


def use(ctx, origin):
    _refuse("p", "fake.helper", "m")
    _outer("m")
    ctx.warn("fake.method", "m")
    for _, code in TABLE:
        Finding(code, "m")
    Diagnostic(f"fake.{origin}", "info", "m")
    Diagnostic(code="input.missing", severity="error", message="m")


def hidden(ctx):
    Diagnostic(ctx.make(), "error", "m")
    if ctx.diagnostic.code == "fake.compared":
        pass
'''


def test_the_scanner_reports_unregistered_codes_however_they_are_given():
    scan = Scanner({"edition/fake.py": FAKE}).run()
    assert unregistered(scan) == {"fake.from-table", "fake.default", "fake.helper", "fake.method", "fake.<…>",
                                  "fake.compared"}
    assert {"convert.no-layout", "input.missing"} <= set(scan.codes)
    assert set(scan.unresolved) == {("edition/fake.py", "hidden")}


def test_the_scanner_reads_the_real_package_with_a_fake_code_added():
    sources = package_sources()
    sources["edition/pipeline.py"] += '\n\ndef _fake():\n    return Diagnostic("convert.fake-unregistered", "error", "m")\n'
    assert unregistered(Scanner(sources).run()) == {"convert.fake-unregistered"}


def test_an_unregistered_schematron_code_is_found():
    text = SCHEMATRON.read_bytes().replace(b'ed:code="date.range"', b'ed:code="date.fake-range"', 1)
    assert unregistered(Scan(), schematron_codes(text)) == {"date.fake-range"}


def test_a_family_code_is_looked_up_by_its_prefix():
    assert codes.lookup("log.xmlschema").name == "log.<library>"
    assert codes.lookup("log.") is None and codes.lookup("nothing.here") is None


# ---- the runtime

def test_the_json_output_gives_each_diagnostic_its_doc(tmp_path):
    assert _as_json(Diagnostic("meta.bad-key", "error", "m"))["doc"] == codes.CODES["meta.bad-key"].doc
    assert _as_json(Diagnostic("log.urllib3", "warning", "m"))["doc"] == codes.CODES["log.<library>"].doc
    assert _as_json(Diagnostic("not.registered", "error", "m"))["doc"] is None
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "missing.txt"), *sorted(map(str, SEEDS.glob("*.txt"))),
                                       "--out", str(tmp_path / "out"), "--project", str(ROOT), "--format", "json"])
    document = json.loads(result.stdout)
    found = {d["code"]: d["doc"] for d in document["diagnostics"]}
    assert "input.missing" in found
    assert all(found.values()), [c for c, d in found.items() if not d]
