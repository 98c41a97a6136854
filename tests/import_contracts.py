"""import-linter contracts that the built-in types cannot express (used by `lint-imports`).

- `ModuleLevelForbiddenContract`: like `forbidden`, but follows only the imports that run
  when a module is imported (module level, outside `if TYPE_CHECKING:`). The quiz imports
  pydantic and genanki lazily, inside functions, only on the paths that need them; what
  must not happen is that starting it imports them.
- `AcyclicContract`: no import cycle among the modules of a package outside the packages
  it excludes. Every import counts, `TYPE_CHECKING` and function-level ones included.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output


@cache
def _source_lines(module: str) -> list[str]:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return []
    return Path(spec.origin).read_text(encoding="utf-8").splitlines()


def _runs_on_import(graph: ImportGraph, importer: str, imported: str) -> bool:
    """Whether `importer` imports `imported` at module level (not indented)."""
    lines = _source_lines(importer)
    for detail in graph.get_import_details(importer=importer, imported=imported):
        number = int(detail["line_number"])
        if 0 < number <= len(lines) and not lines[number - 1][:1].isspace():
            return True
    return False


def _is_within(module: str, packages: list[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


class ModuleLevelForbiddenContract(Contract):
    """Importing the source modules must not import the forbidden ones."""

    source_modules = fields.ListField(subfield=fields.StringField())
    forbidden_modules = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        sources = [str(m) for m in self.source_modules]  # type: ignore[attr-defined]
        forbidden = [str(m) for m in self.forbidden_modules]  # type: ignore[attr-defined]
        chains: list[list[str]] = []
        for source in sources:
            chain = self._chain_to_forbidden(graph, source, forbidden)
            if chain:
                chains.append(chain)
        return ContractCheck(kept=not chains, metadata={"chains": chains})

    @staticmethod
    def _chain_to_forbidden(graph: ImportGraph, source: str, forbidden: list[str]) -> list[str]:
        parents: dict[str, str | None] = {source: None}
        todo = [source]
        while todo:
            module = todo.pop(0)
            for imported in sorted(graph.find_modules_directly_imported_by(module)):
                if imported in parents or not _runs_on_import(graph, module, imported):
                    continue
                parents[imported] = module
                if _is_within(imported, forbidden):
                    chain: list[str] = [imported]
                    step: str | None = module
                    while step is not None:
                        chain.append(step)
                        step = parents[step]
                    return chain[::-1]
                todo.append(imported)
        return []

    def render_broken_contract(self, check: ContractCheck) -> None:
        for chain in check.metadata["chains"]:
            output.print_error(" -> ".join(chain) + " (at import time)")
            output.new_line()


class AcyclicContract(Contract):
    """No cycle among the modules of `root`, outside the packages in `excluded`."""

    root = fields.StringField()
    excluded = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        root = str(self.root)  # type: ignore[attr-defined]
        excluded = [str(m) for m in (self.excluded or [])]  # type: ignore[attr-defined]
        modules = sorted(
            m for m in graph.find_descendants(root) | {root} if not _is_within(m, excluded)
        )
        edges = {
            m: sorted(n for n in graph.find_modules_directly_imported_by(m) if n in modules)
            for m in modules
        }
        cycles = [c for c in _strongly_connected(modules, edges) if len(c) > 1]
        return ContractCheck(kept=not cycles, metadata={"cycles": cycles})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for cycle in check.metadata["cycles"]:
            output.print_error("import cycle among: " + ", ".join(cycle))
            output.new_line()


def _strongly_connected(nodes: list[str], edges: dict[str, list[str]]) -> Iterator[list[str]]:
    """Tarjan's strongly connected components, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = 0
    for start in nodes:
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            for i in range(position, len(edges[node])):
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((node, i + 1))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                yield sorted(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
