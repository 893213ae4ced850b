"""Value records built without the ``dataclasses`` module: the journal's records, the content's,
the judge's and the figures'.

``cm-coach check "…"`` should cost a few times an empty interpreter's start, and the app's
first frame a little more than an empty Textual app's. Importing ``dataclasses`` (it brings
``inspect``, ``ast``, ``dis`` and ``tokenize``) and letting it compile each class's methods
from source was a quarter of ``check``'s instructions, and half a millisecond per class for
every command. The records derive from :class:`Record` instead: the same keyword or positional
constructor with defaults, comparison and hash by fields, a readable repr and, unless the class
says ``frozen=False``, no assignment after creation (``eq=False``: compared and hashed by
identity). The methods are shared functions reading the class's field names, so defining a
record compiles nothing.

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
    _PLAIN_DEFAULTS: ClassVar[dict[str, object]] = {}  # the defaults that are not factories
    _FROZEN: ClassVar[bool] = True
    _EQ: ClassVar[bool] = True

    def __init_subclass__(cls, *, frozen: bool | None = None, eq: bool | None = None, **options: Any) -> None:
        super().__init_subclass__(**options)
        parent_frozen = cls._FROZEN
        frozen = parent_frozen if frozen is None else frozen  # a subclass keeps its parent's options
        eq = cls._EQ if eq is None else eq
        if frozen != parent_frozen and cls.FIELDS:  # as dataclasses refuse it
            raise TypeError(
                f"{cls.__name__}: frozen={frozen} on a record whose parent has frozen={parent_frozen}"
            )
        cls._FROZEN, cls._EQ = frozen, eq
        own = [name for name, kind in _own_annotations(cls).items() if not _is_class_var(kind)]
        hidden = next((name for name in own if name in vars(Record)), None)
        if hidden is None and "fields" in cls.__dict__:  # its equality, hash and repr read it
            hidden = "fields"
        if hidden is not None:  # a field or a method named "fields" would break the record
            raise TypeError(f"{cls.__name__}.{hidden}: a field may not hide Record's own {hidden!r}")
        defaults = dict(cls._DEFAULTS)
        for name in own:
            if name in cls.__dict__:
                default = defaults[name] = cls.__dict__[name]
                if isinstance(default, _Factory):
                    delattr(cls, name)  # the instance's own value, never a shared one
                elif type(default).__hash__ is None:  # a list, a dict, a set: shared by every record
                    raise ValueError(
                        f"{cls.__name__}.{name}: mutable default {type(default).__name__} is not "
                        "allowed: use field(default_factory=...)"
                    )
            elif defaults:
                raise TypeError(
                    f"{cls.__name__}.{name}: a field without a default follows one with a default"
                )
        cls.FIELDS = (*cls.FIELDS, *(name for name in own if name not in cls.FIELDS))
        cls._FIELD_SET = frozenset(cls.FIELDS)
        cls._DEFAULTS = defaults
        cls._PLAIN_DEFAULTS = {name: value for name, value in defaults.items() if type(value) is not _Factory}
        body = cls.__dict__
        if frozen:
            if "__setattr__" in body or "__delattr__" in body:
                raise TypeError(f"{cls.__name__}: a frozen record may not define __setattr__ or __delattr__")
            cls.__setattr__ = _refuse_assignment  # type: ignore[method-assign,assignment]
            cls.__delattr__ = _refuse_deletion  # type: ignore[method-assign,assignment]
        # The class's own __eq__ and __hash__ are kept (Python sets __hash__ to None beside an
        # __eq__ of the class's own: that one is not kept).
        own_hash = "__hash__" in body and not (body["__hash__"] is None and "__eq__" in body)
        if "__eq__" not in body:  # by value, or by identity for eq=False (a cache's key)
            cls.__eq__ = Record.__eq__ if eq else object.__eq__  # type: ignore[method-assign]
        if not own_hash:
            if not eq:
                cls.__hash__ = object.__hash__  # type: ignore[method-assign]
            elif frozen:
                cls.__hash__ = _hash_by_fields  # type: ignore[method-assign,assignment]
            else:
                cls.__hash__ = None  # type: ignore[assignment]  # compared by value and mutable
        if hasattr(cls, "__post_init__") and "__init__" not in body:
            cls.__init__ = _init_then_post_init  # type: ignore[method-assign,assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self.FIELDS
        if args:
            if kwargs or len(args) != len(names):
                values = self._bound(args, kwargs)
            else:  # every field given in order
                values = dict(zip(names, args, strict=True))
        else:  # by name, the plain defaults for the others (a field made by a factory: _bound)
            values = {**self._PLAIN_DEFAULTS, **kwargs}
            if len(values) == len(names) and self._FIELD_SET.issuperset(kwargs):
                values = {name: values[name] for name in names}
            else:
                values = self._bound(args, kwargs)
        object.__setattr__(self, "__dict__", values)

    def _bound(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """The fields' values in their order, from the arguments and the defaults (refused as a
        dataclass's ``__init__`` refuses them)."""
        names, kind = self.FIELDS, type(self).__name__
        if len(args) > len(names):
            raise TypeError(f"{kind}() takes {len(names)} fields but {len(args)} were given")
        given = dict(zip(names, args, strict=False))
        if kwargs:
            if not self._FIELD_SET.issuperset(kwargs):
                unexpected = next(name for name in kwargs if name not in self._FIELD_SET)
                raise TypeError(f"{kind}() got an unexpected field {unexpected!r}")
            if not given.keys().isdisjoint(kwargs):
                twice = next(name for name in kwargs if name in given)
                raise TypeError(f"{kind}() got field {twice!r} twice")
            given.update(kwargs)
        if len(given) < len(names):
            for name, default in self._DEFAULTS.items():
                if name not in given:
                    given[name] = default.make() if type(default) is _Factory else default
            if len(given) < len(names):
                missing = next(name for name in names if name not in given)
                raise TypeError(f"{kind}() missing field {missing!r}")
        return {name: given[name] for name in names}

    def fields(self) -> tuple[object, ...]:
        """The record's values, in the order of its fields."""
        values = self.__dict__
        return tuple(values[name] for name in self.FIELDS)

    def as_dict(self) -> dict[str, Any]:
        """The fields by name, in order (a shallow ``dataclasses.asdict``)."""
        return dict(zip(self.FIELDS, self.fields(), strict=True))

    def replace(self, **changes: Any) -> Any:
        """A copy of the record with some fields changed (``dataclasses.replace``)."""
        values = self.__dict__  # the fields only: an attribute set besides them is not one
        return type(self)(**{**{name: values[name] for name in self.FIELDS}, **changes})

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.fields() == other.fields()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self.FIELDS, self.fields(), strict=True))
        return f"{type(self).__qualname__}({shown})"


def _own_annotations(cls: type) -> dict[str, object]:
    """The annotations written in the class's own body (its parents' are not its fields)."""
    annotations = cls.__dict__.get("__annotations__")  # noqa: RUF063 (inspect is what we avoid)
    if annotations is None:  # Python 3.14: made on demand; in 3.10 and later, the class's own
        annotations = getattr(cls, "__annotations__", {})
    return annotations


def _is_class_var(kind: object) -> bool:
    """``ClassVar[…]`` or ``typing.ClassVar[…]``, written as a string or not: not a field."""
    return str(kind).split("[", 1)[0].rsplit(".", 1)[-1] == "ClassVar"


def _init_then_post_init(record: Any, *args: Any, **kwargs: Any) -> None:
    """The constructor of a record with ``__post_init__``: called once the fields are set."""
    Record.__init__(record, *args, **kwargs)
    record.__post_init__()


def _refuse_assignment(record: Record, name: str, value: object) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r} of a frozen {type(record).__name__}")


def _refuse_deletion(record: Record, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field {name!r} of a frozen {type(record).__name__}")


def _hash_by_fields(record: Record) -> int:
    return hash(record.fields())
