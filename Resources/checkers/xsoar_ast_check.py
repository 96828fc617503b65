"""flow's XSOAR code checker: reads integration/script sources with Python's own `ast` and prints
facts as JSON, never judging them (flow's gates do that).

Usage: python3 -W ignore xsoar_ast_check.py ROOT OUT PATH...   (PATHs relative to ROOT)
Writes to OUT (not stdout, which a warning could share):
    {"files": {PATH: {...facts...} | {"error": {"line": N, "message": "..."}}}}
Standard library only; runs on Python 3.8+.
"""

import ast
import json
import sys

# Calls whose receiver is `demisto` that the gates ask about.
DEMISTO_CALLS = {"incidents", "createIncidents", "args", "params", "command"}


def dotted(node):
    """`a.b.c` for a Name/Attribute chain, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def const_str(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def is_args_source(node, names):
    """`args` (a name bound to the command's arguments) or `demisto.args()`."""
    if isinstance(node, ast.Name) and node.id in names:
        return True
    return isinstance(node, ast.Call) and dotted(node.func) == "demisto.args"


def key_read(node, is_source):
    """The key of `src.get('k', ...)` or `src['k']` (a load: `src['k'] = v` and `del src['k']` read
    nothing), else None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
            and node.args and is_source(node.func.value):
        return const_str(node.args[0])
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and is_source(node.value):
        key = node.slice
        if hasattr(ast, "Index") and isinstance(key, ast.Index):  # Python < 3.9
            key = key.value
        return const_str(key)
    return None


def read_form(node, key):
    """A key read as written, for messages: `args.get('x')`, `a['x']`, `demisto.args().get('x')`."""
    source = node.func.value if isinstance(node, ast.Call) else node.value
    text = dotted(source)
    if text is None and isinstance(source, ast.Call) and dotted(source.func):
        text = dotted(source.func) + "()"
    text = text or "args"
    return "%s['%s']" % (text, key) if isinstance(node, ast.Subscript) else "%s.get('%s')" % (text, key)


class Scope:
    """A function (or the module): the names it binds, and which of them hold the source value."""

    def __init__(self, node, parent, method=False):
        self.node = node
        self.parent = parent
        self.method = method        # defined in a class body: called as `obj.f(...)`, `self` comes first
        self.names = set()          # names bound here (assigned, imported, parameters)
        self.globals = set()        # `global X`: X is the module's
        self.positional = []        # parameter names in order
        self.keywords = set()       # every parameter name
        self.holding = set()        # names bound here that hold the source (demisto.params() or demisto.args())
        self.assigns = []           # (target names, value)
        self.calls = []


class ParamsScopes:
    """Which names hold the integration's configuration, scope by scope: a name assigned
    `demisto.params()` (or a name holding it), a function parameter that some call in the file
    passes such a name, and a name a function does not bind itself that holds it where the function
    is defined (a module-level `PARAMS = demisto.params()`, a closure). Any other name, `params`
    included, is a plain value: a Client method's local `params = {...}` is not the configuration.
    Built with `source="demisto.args"`, the same for the command's arguments: a handler's parameter
    `a` holds them when main() calls `get_item(client, demisto.args())`."""

    def __init__(self, tree, source="demisto.params"):
        self.source = source
        self.scopes = {}        # id(function node) -> Scope
        self.functions = {}     # name -> [Scope]
        self.classes = {}       # class name -> [Scope of its __init__]
        self.module = Scope(tree, None)
        self.collect(tree.body, self.module)
        self.resolve()

    def collect(self, body, scope):
        for statement in body:
            self.visit(statement, scope)

    def visit(self, node, scope):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            scope.names.add(node.name)
            self.function(node, scope, method=False)
            for child in node.decorator_list + node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
                self.visit(child, scope)
            return
        if isinstance(node, ast.ClassDef):
            scope.names.add(node.name)
            for statement in node.body:
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    inner = self.function(statement, scope, method=True)
                    if statement.name == "__init__":
                        self.classes.setdefault(node.name, []).append(inner)
                else:  # class attributes: values of the class, not names of the enclosing scope
                    for child in ast.iter_child_nodes(statement):
                        if not isinstance(child, (ast.expr_context, ast.Name)):
                            self.visit(child, scope)
            return
        if isinstance(node, ast.Lambda):
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            scope.names.add(node.id)
        elif isinstance(node, ast.Global):
            scope.globals |= set(node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            scope.names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.Assign):
            scope.assigns.append(([t.id for t in node.targets if isinstance(t, ast.Name)], node.value))
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) \
                and node.value is not None and isinstance(node.target, ast.Name):
            scope.assigns.append(([node.target.id], node.value))
        elif isinstance(node, ast.Call):
            scope.calls.append(node)
        for child in ast.iter_child_nodes(node):
            self.visit(child, scope)

    def function(self, node, parent, method):
        scope = Scope(node, parent, method)
        arguments = node.args
        scope.positional = [a.arg for a in getattr(arguments, "posonlyargs", []) + arguments.args]
        scope.keywords = set(scope.positional) | {a.arg for a in arguments.kwonlyargs}
        scope.names |= scope.keywords | {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
        self.scopes[id(node)] = scope
        self.functions.setdefault(node.name, []).append(scope)
        self.collect(node.body, scope)
        return scope

    def holds(self, scope, name):
        """True when `name`, read in `scope`, holds demisto.params()."""
        while scope is not None:
            if name in scope.globals:
                return name in self.module.holding
            if name in scope.names or scope.parent is None:
                return name in scope.holding
            scope = scope.parent
        return False

    def is_source(self, node, scope):
        if isinstance(node, ast.Name):
            return self.holds(scope, node.id)
        return isinstance(node, ast.Call) and dotted(node.func) == self.source

    def callees(self, call):
        """The functions of this file a call may run, with how many leading parameters it fills itself."""
        if isinstance(call.func, ast.Name):
            found = [(s, 0) for s in self.functions.get(call.func.id, []) if not s.method]
            return found + [(s, 1) for s in self.classes.get(call.func.id, [])]
        if isinstance(call.func, ast.Attribute):
            return [(s, 1 if s.method else 0) for s in self.functions.get(call.func.attr, [])]
        return []

    def resolve(self):
        scopes = [self.module] + list(self.scopes.values())
        changed = True
        while changed:
            changed = False
            for scope in scopes:
                for names, value in scope.assigns:
                    if self.is_source(value, scope):
                        for name in names:
                            if name not in scope.holding:
                                scope.holding.add(name)
                                changed = True
                for call in scope.calls:
                    for callee, skipped in self.callees(call):
                        bound = []
                        for index, argument in enumerate(call.args):
                            if isinstance(argument, ast.Starred):
                                break
                            if self.is_source(argument, scope) and index + skipped < len(callee.positional):
                                bound.append(callee.positional[index + skipped])
                        bound += [k.arg for k in call.keywords
                                  if k.arg in callee.keywords and self.is_source(k.value, scope)]
                        for name in bound:
                            if name not in callee.holding:
                                callee.holding.add(name)
                                changed = True


class FileFacts(ast.NodeVisitor):
    def __init__(self, tree):
        self.tree = tree
        self.configuration = ParamsScopes(tree)
        self.scopes = [self.configuration.module]  # the enclosing functions' scopes
        self.arguments = ParamsScopes(tree, source="demisto.args")
        self.argument_scopes = [self.arguments.module]
        self.held_reads = {}    # (function, name) -> the args read assigned to it (`ids = args.get('ids')`)
        self.functions = []
        self.args = []          # {"function", "name", "line", "list", "form": the read as written}
        self.params = []        # {"name", "line"}
        self.dispatch = []      # {"command", "line", "calls": [...]}
        self.calls = {}         # function -> names it calls
        self.prints = []
        self.sleeps = []        # {"line", "function", "inLoop"}
        self.incidents = []     # {"kind", "line", "function", "inLoop", "condition": line of an `if` on the list}
        self.return_error_in_main = False
        self.return_results = False
        self.legacy_results = []  # demisto.results() call sites (rule S63 wants CommandResults + return_results)
        self.tests = []         # {"name", "line", "calls"}: test functions and what they call
        self.maps = []          # command maps: {"line", "keys": [[command, line, handler]]}
        self.results = []       # CommandResults(...): {"function", "line", "prefix", "outputs", "keyField", "badKeys"}
        self.function_nodes = []  # the enclosing function definitions
        self.stack = []         # enclosing function names
        self.classes = []       # enclosing class names (the innermost last)
        self.uses = {}          # function -> names it calls or refers to (`x.f`, `run(f)`), nested functions' too
        self.skipped_classes = []  # per enclosing class: marked `skip` (decorator or its `pytestmark`)
        self.module_skipped = any(skips(marks(n.value)) for n in tree.body
                                  if isinstance(n, ast.Assign) and is_pytestmark(n))
        self.loops = 0
        self.conditions = []    # the enclosing `if` statements of the current function
        self.loop_sites = []    # {"function", "line", "catches": a try/except inside its body}
        self.exits = [[]]       # per enclosing function: (line, names tested) of `if ...: return`
        # What `time.sleep` is called as here, aliases included (`import time as t`, `from time
        # import sleep as pause`): rule T9 must not slip through a rename.
        self.sleep_names = {"time.sleep", "sleep"}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                self.sleep_names |= {a.asname + ".sleep" for a in node.names if a.name == "time" and a.asname}
            elif isinstance(node, ast.ImportFrom) and node.module == "time":
                self.sleep_names |= {a.asname or a.name for a in node.names if a.name == "sleep"}

    # Functions -----------------------------------------------------------------------------
    def visit_FunctionDef(self, node):
        # `first`..`end`: the lines a change to the function touches, its decorators included.
        # `owner`: the class whose body defines it (a method); `nested`: defined inside a function.
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        owner = self.classes[-1][0] if self.classes and self.classes[-1][1] == len(self.stack) else None
        decorators = {(dotted(d.func if isinstance(d, ast.Call) else d) or "").split(".")[-1] for d in node.decorator_list}
        self.functions.append({"name": node.name, "line": node.lineno, "first": first,
                               "end": getattr(node, "end_lineno", None) or node.lineno, "owner": owner,
                               "nested": bool(self.stack), "fixture": "fixture" in decorators})
        self.uses.setdefault(node.name, set()).update(used_names(node.body + node.decorator_list))
        self.calls.setdefault(node.name, [])
        self.stack.append(node.name)
        self.function_nodes.append(node)
        self.scopes.append(self.configuration.scopes[id(node)])
        self.argument_scopes.append(self.arguments.scopes[id(node)])
        saved_loops, self.loops = self.loops, 0
        saved_conditions, self.conditions = self.conditions, []
        self.exits.append([(n.lineno, names_in([n.test])) for n in own_nodes(node.body)
                           if isinstance(n, ast.If) and isinstance(n.body[-1], ast.Return)])
        self.generic_visit(node)
        self.exits.pop()
        self.conditions = saved_conditions
        self.loops = saved_loops
        self.argument_scopes.pop()
        self.scopes.pop()
        self.function_nodes.pop()
        self.stack.pop()
        if node.name.startswith("test"):
            # pytest never runs a test marked `skip` (on itself, its class or the module's `pytestmark`).
            skipped = self.module_skipped or any(self.skipped_classes) or skips(node.decorator_list)
            self.tests.append({"name": node.name, "line": node.lineno, "calls": called_names(node.body),
                               "skipped": skipped})
        if node.name == "main":
            self.scan_main(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        # A method's class is the class whose body holds it directly, not one around its function.
        self.classes.append((node.name, len(self.stack)))
        self.skipped_classes.append(skips(node.decorator_list) or any(
            skips(marks(n.value)) for n in node.body if isinstance(n, ast.Assign) and is_pytestmark(n)))
        self.generic_visit(node)
        self.skipped_classes.pop()
        self.classes.pop()

    def current(self):
        return self.stack[-1] if self.stack else "<module>"

    def visit_While(self, node):
        catches = [n for n in own_nodes(node.body)
                   if isinstance(n, (ast.Try, getattr(ast, "TryStar", ast.Try))) and n.handlers]
        self.loop_sites.append({"function": self.current(), "line": node.lineno, "catches": bool(catches)})
        self.loops += 1
        self.generic_visit(node)
        self.loops -= 1

    visit_For = visit_While

    def visit_If(self, node):
        self.conditions.append(node)
        self.generic_visit(node)
        self.conditions.pop()

    def list_condition(self, call):
        """The line of an `if` that decides on the names `call` passes (`if incidents:` around it, or
        an earlier `if not incidents: return`), else None: the call is skipped for some lists."""
        names = names_in(call.args[:1] + [k.value for k in call.keywords])
        for condition in reversed(self.conditions):
            if names & names_in([condition.test]):
                return condition.lineno
        for line, tested in self.exits[-1]:
            if line < call.lineno and names & tested:
                return line
        return None

    # Calls ---------------------------------------------------------------------------------
    def visit_Call(self, node):
        name = dotted(node.func)
        function = self.current()
        if name:
            self.calls.setdefault(function, []).append(name.split(".")[-1])
        if name == "print":
            self.prints.append({"line": node.lineno, "function": function})
        elif name in self.sleep_names:
            self.sleeps.append({"line": node.lineno, "function": function, "inLoop": self.loops > 0})
        elif name in ("demisto.incidents", "demisto.createIncidents"):
            self.incidents.append({"kind": name.split(".")[1], "line": node.lineno, "function": function,
                                   "inLoop": self.loops > 0, "condition": self.list_condition(node)})
        elif name == "return_results":
            self.return_results = True
        elif name == "demisto.results":
            self.legacy_results.append({"line": node.lineno, "function": function})
        elif name in ("CommandResults", "CommonServerPython.CommandResults"):
            self.command_results(node, function)
        if name == "argToList" and node.args:
            key = key_read(node.args[0], self.is_args)
            if key is not None:
                self.args.append({"function": function, "name": key, "line": node.lineno, "list": True,
                                  "form": "argToList(%s)" % read_form(node.args[0], key)})
                for child in ast.iter_child_nodes(node):
                    self.visit_skipping_read(child, node.args[0])
                return
            self.held_list(node.args[0], "argToList(%s)", node.lineno)
        # `args.get('x', '').split(',')`: a list argument too.
        if isinstance(node.func, ast.Attribute) and node.func.attr == "split":
            key = key_read(node.func.value, self.is_args)
            if key is not None:
                self.args.append({"function": function, "name": key, "line": node.lineno, "list": True,
                                  "form": "%s.split(...)" % read_form(node.func.value, key)})
                for child in ast.iter_child_nodes(node):
                    self.visit_skipping_read(child, node.func.value)
                return
        self.record_reads(node)
        self.generic_visit(node)

    def visit_Subscript(self, node):
        self.record_reads(node)
        self.generic_visit(node)

    def is_args(self, node):
        """`args`, `demisto.args()`, or a name that holds demisto.args() here (a handler's parameter
        that a call in the file passes them to, whatever its name)."""
        return is_args_source(node, {"args"}) or self.arguments.is_source(node, self.argument_scopes[-1])

    def visit_Assign(self, node):
        self.generic_visit(node)
        key = key_read(node.value, self.is_args)
        if key is None:
            return
        read = next((a for a in reversed(self.args) if a["name"] == key and a["line"] == node.value.lineno), None)
        for target in node.targets:
            if isinstance(target, ast.Name) and read is not None:
                self.held_reads[(self.current(), target.id)] = read

    def held_list(self, node, shape, line):
        """`ids = args.get('ids')` then `argToList(ids)`: that read is a list read. (Not `ids.split(',')`:
        demisto-sdk's HelloWorld template splits its `severity`, whose YAML has isArray: false.)"""
        if not isinstance(node, ast.Name):
            return
        read = self.held_reads.get((self.current(), node.id))
        if read is not None and not read["list"]:
            read["list"] = True
            read["form"] = "%s (%s on line %d)" % (read["form"], shape % node.id, line)

    def record_reads(self, node):
        key = key_read(node, self.is_args)
        if key is not None:
            self.args.append({"function": self.current(), "name": key, "line": node.lineno, "list": False,
                              "form": read_form(node, key)})
        key = key_read(node, lambda n: self.configuration.is_source(n, self.scopes[-1]))
        if key is not None:
            self.params.append({"name": key, "line": node.lineno})

    def visit_skipping_read(self, node, read):
        """Visits `node` but does not count `read` (already recorded as a list read) again."""
        if node is read:
            for child in ast.iter_child_nodes(node):
                self.visit(child)
        else:
            self.visit(node)

    # CommandResults ------------------------------------------------------------------------
    def command_results(self, call, function):
        """What a `CommandResults(...)` gives: whether `outputs_prefix`, `outputs` and
        `outputs_key_field` are there and not None (None when `**kwargs` hides them), and, with a
        prefix, the keys of the outputs' dicts holding a space or a dot (written in the call, or
        built in the same function in the name it passes)."""
        given = {}
        for index, argument in enumerate(call.args[:3]):
            if isinstance(argument, ast.Starred):
                break
            given[("outputs_prefix", "outputs_key_field", "outputs")[index]] = argument
        hidden = any(isinstance(a, ast.Starred) for a in call.args[:3]) or any(k.arg is None for k in call.keywords)
        for keyword in call.keywords:
            if keyword.arg is not None:
                given[keyword.arg] = keyword.value

        def present(key):
            value = given.get(key)
            if value is None:
                return None if hidden else False
            return not (isinstance(value, ast.Constant) and value.value in (None, ""))

        record = {"function": function, "line": call.lineno, "prefix": present("outputs_prefix"),
                  "outputs": present("outputs"), "keyField": present("outputs_key_field"), "badKeys": []}
        if record["prefix"] and record["outputs"]:
            dicts = self.output_dicts(given["outputs"])
            seen = set()
            for key in sorted(dotted_keys(dicts), key=lambda k: (k.lineno, k.col_offset)):
                if (key.lineno, key.value) not in seen:
                    seen.add((key.lineno, key.value))
                    record["badKeys"].append({"key": key.value, "line": key.lineno})
        self.results.append(record)

    def output_dicts(self, value):
        """The dict literals that make up `value`: the literal itself, or, for a name, what the
        enclosing function binds to it, stores in it (`name['k'] = v`) or adds to it
        (`name.append({...})`, `name.update({...})`)."""
        if not isinstance(value, ast.Name) or not self.function_nodes:
            return [value]
        name = value.id
        found = []
        for node in own_nodes(self.function_nodes[-1].body):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id == name:
                        found.append(node.value)
                    elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) \
                            and target.value.id == name:
                        key = target.slice.value if hasattr(ast, "Index") and isinstance(target.slice, ast.Index) \
                            else target.slice
                        found.append(ast.Dict(keys=[key], values=[node.value]))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("append", "update", "extend") \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == name:
                found += node.args
        return found

    # main() dispatch ------------------------------------------------------------------------
    def scan_main(self, main):
        for node in ast.walk(main):
            if isinstance(node, ast.Try):
                for handler in node.handlers:
                    if any(isinstance(n, ast.Call) and dotted(n.func) == "return_error" for n in ast.walk(handler)):
                        self.return_error_in_main = True
            if isinstance(node, ast.If):
                for command in compared_strings(node.test, command_names(main)):
                    self.dispatch.append({"command": command, "line": node.lineno, "calls": called_names(node.body)})
            if hasattr(ast, "Match") and isinstance(node, ast.Match):
                for case in node.cases:
                    for pattern in ast.walk(case.pattern):
                        if isinstance(pattern, ast.MatchValue):
                            command = const_str(pattern.value)
                            if command is not None:
                                self.dispatch.append({"command": command, "line": pattern.lineno,
                                                      "calls": called_names(case.body)})

    def visit_Dict(self, node):
        # A candidate command map: string keys, every value a (dotted) name; kept when every
        # value names a function of this file (checked in facts()).
        keys = []
        for key, value in zip(node.keys, node.values):
            command = const_str(key) if key is not None else None
            target = dotted(value) if value is not None else None
            if command is None or target is None:
                keys = []
                break
            keys.append([command, key.lineno, target.split(".")[-1]])
        if keys:
            self.maps.append(keys)
        self.generic_visit(node)

    def facts(self):
        defined = {f["name"] for f in self.functions}
        for keys in self.maps:
            if all(handler in defined for _, _, handler in keys):
                self.dispatch += [{"command": c, "line": line, "calls": [h]} for c, line, h in keys]
        return {
            "functions": self.functions, "args": self.args, "params": self.params, "dispatch": self.dispatch,
            "calls": {k: sorted(set(v)) for k, v in self.calls.items()}, "prints": self.prints,
            "sleeps": self.sleeps, "incidents": self.incidents, "returnErrorInMain": self.return_error_in_main,
            "returnResults": self.return_results, "tests": self.tests,
            "legacyResults": self.legacy_results, "loops": self.loop_sites, "results": self.results,
            "uses": {k: sorted(v) for k, v in self.uses.items()}, "moduleUses": sorted(self.module_uses()),
            "mapped": self.mapped(), "ownNames": sorted(self.own_names()),
            # `from X import f as g`: g names f (a test file's call of g calls f).
            "aliases": {a.asname: a.name for n in ast.walk(self.tree) if isinstance(n, ast.ImportFrom)
                        for a in n.names if a.asname and a.asname != a.name},
        }


    def mapped(self):
        """Module-level dicts to the names their values refer to: `COMMANDS = {'x-say': say}` maps
        COMMANDS to say (whatever uses COMMANDS may run say: `COMMANDS[command](args)`)."""
        found = {}
        for node in self.tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, ast.AnnAssign) else []
            if isinstance(getattr(node, "value", None), ast.Dict):
                for target in targets:
                    if isinstance(target, ast.Name):
                        found.setdefault(target.id, set()).update(
                            used_names([v for v in node.value.values if v is not None]))
        return {k: sorted(v) for k, v in found.items()}

    def own_names(self):
        """Module-level functions and classes the file defines itself, not imported by name, never
        used as an attribute (`module.f`): a test file's call of its own `f` does not run X.py's `f`."""
        defined = {n.name for n in self.tree.body
                   if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
        imported = {a.asname or a.name for n in ast.walk(self.tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        attributes = {n.attr for n in ast.walk(self.tree) if isinstance(n, ast.Attribute)}
        attributes |= {name for n in ast.walk(self.tree) for name in [getattr_name(n)] if name}
        return defined - imported - attributes

    def module_uses(self):
        """What the file runs when imported: its module-level statements and class bodies, not its
        functions (a test file's `CLIENT = Client(...)` runs the code under test)."""
        work = list(self.tree.body)
        statements = []
        while work:
            node = work.pop()
            if isinstance(node, ast.ClassDef):
                work += node.body
                statements += node.decorator_list + node.bases
            elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                statements.append(node)
        return used_names(statements)


def is_pytestmark(node):
    return any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets)


def marks(value):
    """`pytestmark = mark` or `pytestmark = [mark, ...]`: the marks."""
    return value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]


def skips(nodes):
    """Whether one of these marks is `pytest.mark.skip` (bare or called, `reason=` or not); not
    `skipif`, whose condition flow does not judge."""
    for node in nodes:
        name = dotted(node.func if isinstance(node, ast.Call) else node) or ""
        if name == "mark.skip" or name.endswith(".mark.skip"):
            return True
    return False


def getattr_name(node):
    """`getattr(x, 'name')`: 'name' (it uses x.name)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
            and len(node.args) >= 2:
        return const_str(node.args[1])
    return None


def dotted_keys(nodes):
    """String keys with a space or a dot in the dict literals that make up `nodes`: nested dicts,
    lists, comprehensions and conditional values of dicts, not a call's arguments (`client.get(
    params={'page size': 10})` builds a request, not the outputs). A dot reads as an object
    separator in the context."""
    work = list(nodes)
    while work:
        node = work.pop()
        if isinstance(node, ast.Dict):
            for key in node.keys:
                text = const_str(key) if key is not None else None
                if text is not None and (" " in text or "." in text):
                    yield key
            work += node.values
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            work += node.elts
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            work.append(node.elt)
        elif isinstance(node, ast.DictComp):
            work.append(node.value)
        elif isinstance(node, ast.IfExp):
            work += [node.body, node.orelse]
        elif isinstance(node, ast.BoolOp):
            work += node.values


def command_names(main):
    """Names bound to `demisto.command()` in main()."""
    names = set()
    for node in ast.walk(main):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and dotted(node.value.func) == "demisto.command":
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def is_command(node, names):
    if isinstance(node, ast.Name):
        return node.id in names
    return isinstance(node, ast.Call) and dotted(node.func) == "demisto.command"


def compared_strings(test, names):
    """Strings the command is compared with: `command == 'x'`, `command in ('x', 'y')`, and/or of them."""
    found = []
    for node in ast.walk(test):
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            op, right = node.ops[0], node.comparators[0]
            if isinstance(op, ast.Eq):
                for side, other in ((node.left, right), (right, node.left)):
                    value = const_str(side)
                    if value is not None and is_command(other, names):
                        found.append(value)
            elif isinstance(op, ast.In) and isinstance(right, (ast.Tuple, ast.List, ast.Set)) \
                    and is_command(node.left, names):
                found += [v for v in map(const_str, right.elts) if v is not None]
    return found


def called_names(body):
    names = set()
    for statement in body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Call):
                name = dotted(node.func)
                if name:
                    names.add(name.split(".")[-1])
                if getattr_name(node):
                    names.add(getattr_name(node))
            elif isinstance(node, (ast.Name, ast.Attribute)):
                name = dotted(node)
                if name:  # a handler passed as a value (`run(fetch_incidents)`) counts as called
                    names.add(name.split(".")[-1])
    return sorted(names)


def used_names(nodes):
    """Every name `nodes` call or refer to, an attribute by its last part (`client.get_items()`,
    `Client(...).get_items()` and `run(fetch)` all count): what may run a function of the file."""
    names = set()
    for node in nodes:
        for child in ast.walk(node):
            if isinstance(child, ast.Name):
                names.add(child.id)
            elif isinstance(child, ast.Attribute):
                names.add(child.attr)
            elif getattr_name(child):  # getattr(module, 'f') refers to f
                names.add(getattr_name(child))
    return names


def names_in(nodes):
    return {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name)}


def own_nodes(body):
    """The nodes of a function body, not those of functions, classes or lambdas defined in it."""
    work = list(body)
    while work:
        node = work.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        yield node
        work.extend(ast.iter_child_nodes(node))


def check(root, path):
    try:
        with open(root + "/" + path, "rb") as handle:
            source = handle.read()
    except OSError as error:
        return {"error": {"line": 0, "message": "cannot read: %s" % error.strerror}}
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as error:
        return {"error": {"line": error.lineno or 0, "message": error.msg or "invalid syntax"}}
    except ValueError as error:  # NUL bytes
        return {"error": {"line": 0, "message": str(error)}}
    visitor = FileFacts(tree)
    visitor.visit(tree)
    return visitor.facts()


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: xsoar_ast_check.py ROOT OUT PATH...\n")
        return 64
    root, out = argv[1], argv[2]
    result = {"files": {path: check(root, path) for path in argv[3:]}}
    with open(out, "w") as handle:
        json.dump(result, handle, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
