"""Extension points, so that the app graph keeps its direction (STYLE.md, "No cycles between apps").

A lower app declares a ``Hook`` where it wants what a higher app knows (the case page shows
the decision panel; a client's page shows the contact timeline); the higher app provides it
from its ``AppConfig.ready()``. The lower app never imports the higher one, not even inside
a function, and works without it.
"""

from __future__ import annotations

from collections.abc import Callable


class Hook:
    """A named place where higher apps plug in functions; kept in the order they came."""

    def __init__(self, name: str):
        self.name = name
        self._functions: list[Callable] = []

    def provide(self, function: Callable) -> Callable:
        """Plug ``function`` in (once, however often ``ready()`` runs); usable as a decorator."""
        if function not in self._functions:
            self._functions.append(function)
        return function

    @property
    def functions(self) -> list[Callable]:
        return list(self._functions)

    def first(self) -> Callable | None:
        """The one provider, for hooks that take one; None when no app provides it."""
        return self._functions[0] if self._functions else None

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._functions)} provided>"
