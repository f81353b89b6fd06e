"""The control API tests and the sandbox drive the emulator with, in parts: ``Waits``,
``Reading``, ``WorldChanges``, ``UserActions`` and ``GatewayFaults`` (the clock is
``emulator.clock.Clock``, HTTP faults ``emulator.faults.Faults``), and ``ControlHTTP``, the
same over HTTP for another process.

``Emulator`` holds one of each and offers their methods as its own (``emu.command(...)`` is
``emu.actions.command(...)``) through :class:`delegate`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from emulator.control.gateway_faults import GatewayFaults
from emulator.control.reading import Reading
from emulator.control.user_actions import UserActions
from emulator.control.waits import Waits
from emulator.control.world import WorldChanges

P = ParamSpec("P")
R = TypeVar("R")


class delegate(Generic[P, R]):
    """``name = delegate("part", Part.method)`` in a class body: ``obj.name(...)`` calls
    ``obj.part.method(...)``, with that method's signature (for type checkers) and docstring."""

    def __init__(self, part: str, method: Callable[Concatenate[Any, P], R]) -> None:
        self.part = part
        self.method_name = method.__name__
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> delegate[P, R]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> Callable[P, R]: ...

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self
        bound: Callable[P, R] = getattr(getattr(obj, self.part), self.method_name)
        return bound


__all__ = ["GatewayFaults", "Reading", "UserActions", "Waits", "WorldChanges", "delegate"]
