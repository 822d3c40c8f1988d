"""Dependencies between apps run one way, with no import hidden in a function.

core ← statements, news ← home, editorial, search ← launch ← coalition (the project
package).
"""

import ast
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "core",
    "statements",
    "news",
    "home",
    "editorial",
    "search",
    "launch",
    "coalition",
]
ALLOWED = {
    "core": set(),
    "statements": {"core"},
    "news": {"core"},
    "home": {"core", "statements", "news"},
    "editorial": {"core", "statements", "news"},
    "search": {"core", "statements", "news"},
    "launch": {"core", "statements", "news", "home", "editorial"},
    "coalition": {
        "core",
        "statements",
        "news",
        "home",
        "editorial",
        "search",
        "launch",
    },
}


def modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def imported_app(node: ast.AST, path: Path) -> str | None:
    """The first-party app an import statement reaches, if any."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom):
        if node.level:  # relative: stays inside its own app
            return None
        names = [node.module or ""]
    else:
        return None
    for name in names:
        top = name.split(".")[0]
        if top in APPS:
            return top
    return None


class ImportGraphTests(SimpleTestCase):
    def test_apps_import_only_what_they_may(self):
        for app in APPS:
            for path, tree in modules(app):
                for node in ast.walk(tree):
                    target = imported_app(node, path)
                    if target and target != app:
                        with self.subTest(module=str(path.relative_to(ROOT))):
                            self.assertIn(target, ALLOWED[app], f"{app} → {target}")

    def test_no_import_inside_a_function_except_app_ready(self):
        for app in APPS:
            for path, tree in modules(app):
                for func in ast.walk(tree):
                    if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                        continue
                    if func.name == "ready" and path.name == "apps.py":
                        continue
                    nested = [
                        node.lineno
                        for node in ast.walk(func)
                        if isinstance(node, ast.Import | ast.ImportFrom)
                    ]
                    with self.subTest(module=str(path.relative_to(ROOT)), f=func.name):
                        self.assertEqual(nested, [], "import inside a function")
