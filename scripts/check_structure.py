"""The structural limits of DEVELOPERS.md: no module of dondoc/engine over 600 lines, no function
over 8 parameters, no ``Settings(...)`` built positionally. Prints each breach; exit 1 if any.

    python scripts/check_structure.py [ROOT]
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MAX_LINES = 600
MAX_PARAMETERS = 8


def parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    args = node.args
    named = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    if named and named[0].arg in ("self", "cls"):
        named = named[1:]
    return len(named) + (args.vararg is not None) + (args.kwarg is not None)


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def breaches(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if ".venv" in path.parts or "build" in path.parts:
            continue
        text = path.read_text("utf-8")
        lines = text.count("\n")
        if "dondoc/engine" in path.as_posix() and lines > MAX_LINES:
            found.append(f"{path}: {lines} lines (at most {MAX_LINES})")
        for node in ast.walk(ast.parse(text, str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and parameters(node) > MAX_PARAMETERS:
                found.append(f"{path}:{node.lineno}: {node.name} takes {parameters(node)} parameters")
            if isinstance(node, ast.Call) and node.args and _name(node.func) == "Settings":
                found.append(f"{path}:{node.lineno}: Settings(...) built positionally")
    return found


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    found = breaches(root)
    print("\n".join(found) or "ok: no module over 600 lines, no function over 8 parameters, no positional Settings(")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
