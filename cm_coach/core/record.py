"""Value records built without the ``dataclasses`` module, for the ``check "…"`` path.

``cm-coach check "…"`` should cost a few times an empty interpreter's start. Importing
``dataclasses`` (it brings ``inspect``, ``ast``, ``dis`` and ``tokenize``) and letting it
compile each class's methods from source was a quarter of that process's instructions. The
few records that path builds (a verdict, the catalogue's categories, the user's corrections,
the activities, the model's scores) derive from :class:`Record` instead: the same keyword or
positional constructor with defaults, comparison and hash by fields, a readable repr and, unless
the class says ``frozen=False``, no assignment after creation. The methods are shared
functions reading the class's field names, so defining a record compiles nothing.

Type checkers see these classes as dataclasses (``dataclass_transform``), so a wrong field
name or a missing argument is still caught before the tests.
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the point of this module)
if TYPE_CHECKING:
    from typing import Any, ClassVar, dataclass_transform
else:

    def dataclass_transform(**_options: object) -> Callable[[type], type]:
        """At run time, nothing: the decorator only speaks to type checkers."""
        return lambda cls: cls


class FrozenRecordError(AttributeError):
    """A field of a frozen record was assigned or deleted after creation."""


class _Factory:
    """A field's default made anew for each record (a list or a dict is never shared)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], Any]) -> Any:
    """A field whose default is ``default_factory()``, called for each new record."""
    return _Factory(default_factory)


_MISSING = object()


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Record:
    """Base of a record: subclass it and annotate the fields, in order, with their defaults.

    ``class Category(Record, frozen=False)`` keeps the record's fields assignable (and, like a
    dataclass compared by value, unhashable)."""

    FIELDS: ClassVar[tuple[str, ...]] = ()
    _DEFAULTS: ClassVar[dict[str, object]] = {}
    _FIELD_SET: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, *, frozen: bool = True, **options: Any) -> None:
        super().__init_subclass__(**options)
        annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (inspect is what we avoid)
        own = [name for name, kind in annotations.items() if not str(kind).startswith("ClassVar")]
        defaults = dict(cls._DEFAULTS)
        for name in own:
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
                if isinstance(defaults[name], _Factory):
                    delattr(cls, name)  # the instance's own value, never a shared one
            elif defaults:
                raise TypeError(
                    f"{cls.__name__}.{name}: a field without a default follows one with a default"
                )
        cls.FIELDS = (*cls.FIELDS, *(name for name in own if name not in cls.FIELDS))
        cls._FIELD_SET = frozenset(cls.FIELDS)
        cls._DEFAULTS = defaults
        if frozen:
            cls.__setattr__ = _refuse_assignment  # type: ignore[method-assign,assignment]
            cls.__delattr__ = _refuse_deletion  # type: ignore[method-assign,assignment]
            cls.__hash__ = _hash_by_fields  # type: ignore[method-assign,assignment]
        else:
            cls.__hash__ = None  # type: ignore[assignment]  # compared by value and mutable

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self.FIELDS
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}() takes {len(names)} fields but {len(args)} were given")
        values = dict(zip(names, args, strict=False))
        if kwargs:
            for name in kwargs:
                if name not in self._FIELD_SET:
                    raise TypeError(f"{type(self).__name__}() got an unexpected field {name!r}")
                if name in values:
                    raise TypeError(f"{type(self).__name__}() got field {name!r} twice")
            values.update(kwargs)
        if len(values) < len(names) or kwargs:
            values = {name: self._value_of(name, values) for name in names}
        object.__setattr__(self, "__dict__", values)

    def _value_of(self, name: str, given: dict[str, object]) -> object:
        if name in given:
            return given[name]
        default = self._DEFAULTS.get(name, _MISSING)
        if default is _MISSING:
            raise TypeError(f"{type(self).__name__}() missing field {name!r}")
        return default.make() if isinstance(default, _Factory) else default

    def fields(self) -> tuple[object, ...]:
        """The record's values, in the order of its fields."""
        values = self.__dict__
        return tuple(values[name] for name in self.FIELDS)

    def replace(self, **changes: Any) -> Any:
        """A copy of the record with some fields changed (``dataclasses.replace``)."""
        return type(self)(**{**self.__dict__, **changes})

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.fields() == other.fields()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self.FIELDS, self.fields(), strict=True))
        return f"{type(self).__qualname__}({shown})"


def _refuse_assignment(record: Record, name: str, value: object) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r} of a frozen {type(record).__name__}")


def _refuse_deletion(record: Record, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field {name!r} of a frozen {type(record).__name__}")


def _hash_by_fields(record: Record) -> int:
    return hash(record.fields())
