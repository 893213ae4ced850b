"""The records built without dataclasses (cm_coach.record) behave as the dataclasses they replace."""

from __future__ import annotations

import copy
import typing
from typing import ClassVar

import pytest

from cm_coach.core.boundaries import Category, Correction, Verdict
from cm_coach.record import FrozenRecordError, Record, field


class Point(Record):
    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)


class Box(Record, frozen=False):
    name: str
    items: dict[str, int] = field(default_factory=dict)


def test_fields_in_order_positional_keyword_and_defaults():
    assert Point.FIELDS == ("x", "y", "tags")
    assert Point(1).fields() == (1, 0, [])
    assert Point(1, 2).fields() == (1, 2, [])
    assert Point(y=5, x=3).fields() == (3, 5, [])
    assert list(vars(Point(y=5, x=3))) == ["x", "y", "tags"]  # the fields' order, as a dataclass


def test_a_factory_default_is_made_anew_for_each_record():
    first, second = Point(1), Point(2)
    first.tags.append("a")
    assert second.tags == [] and "tags" not in vars(Point)


@pytest.mark.parametrize(
    ("args", "kwargs", "says"),
    [
        ((), {}, "missing field 'x'"),
        ((1, 2, [], 4), {}, "takes 3 fields but 4 were given"),
        ((1,), {"z": 2}, "unexpected field 'z'"),
        ((1,), {"x": 2}, "field 'x' twice"),
    ],
)
def test_wrong_arguments_are_refused_like_a_dataclass(args, kwargs, says):
    with pytest.raises(TypeError, match=says):
        Point(*args, **kwargs)


def test_a_field_without_default_after_one_with_a_default_is_refused():
    with pytest.raises(TypeError, match="without a default follows"):

        class Broken(Record):
            a: int = 1
            b: int


def test_a_field_may_not_hide_the_record_s_own_methods():
    with pytest.raises(TypeError, match="may not hide"):

        class Broken(Record):
            replace: str


def test_frozen_records_compare_and_hash_by_value_and_refuse_changes():
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(2, 1)
    assert Point(1, 2) != (1, 2, [])  # another class is never equal
    assert hash(Correction("a", None, None, "dialogue")) == hash(Correction("a", None, None, "dialogue"))
    assert len({Correction("a", None, None, "x"), Correction("a", None, None, "x")}) == 1
    point = Point(1)
    with pytest.raises(FrozenRecordError):
        point.x = 3  # type: ignore[misc]
    with pytest.raises(FrozenRecordError):
        del point.x  # type: ignore[misc]
    with pytest.raises(AttributeError):  # the dataclass's FrozenInstanceError was one too
        point.y = 3  # type: ignore[misc]
    assert point.x == 1


def test_a_record_that_is_not_frozen_can_change_and_has_no_hash():
    box = Box("a")
    box.name = "b"
    box.items["k"] = 1
    assert box == Box("b", {"k": 1})
    with pytest.raises(TypeError):
        hash(box)


def test_replace_repr_and_copies():
    point = Point(1, 2, ["t"])
    moved = point.replace(y=9)
    assert moved == Point(1, 9, ["t"]) and point.y == 2
    assert repr(point) == "Point(x=1, y=2, tags=['t'])"
    assert copy.deepcopy(point) == point and copy.copy(point) == point


def test_the_check_path_records_keep_their_dataclass_constructors():
    verdict = Verdict("t", "inside", "dialogue", "community", "dialogue", 90, "t", None, "Dialogue", "why")
    assert (verdict.always_warn, verdict.source) == (False, "model")
    category = Category("c", "inside", "community", "dialogue", False, {"fr": "l"}, {"fr": "e"})
    other = Category("d", "inside", "community", "dialogue", False, {"fr": "l"}, {"fr": "e"})
    category.phrases["fr"].append("x")
    assert other.phrases == {"fr": [], "en": []} and category.extended_by == []


class Catalogue(Record, eq=False):
    name: str


def test_a_record_compared_by_identity_is_its_own_key():
    first, second = Catalogue("a"), Catalogue("a")
    assert first != second and first == first
    assert len({first, second}) == 2
    with pytest.raises(FrozenRecordError):
        first.name = "b"  # type: ignore[misc]


def test_by_name_with_plain_and_factory_defaults_and_as_dict():
    point = Point(x=1)  # the factory's field not given: made for this record
    assert point.tags == [] and point.as_dict() == {"x": 1, "y": 0, "tags": []}
    assert list(vars(Point(tags=["t"], x=2))) == ["x", "y", "tags"]
    with pytest.raises(TypeError, match="unexpected field 'z'"):
        Point(x=1, z=2, tags=[])  # as many names as fields, one of them unknown
    with pytest.raises(TypeError, match="missing field 'x'"):
        Point(y=1)


def test_the_journal_s_records_keep_their_dataclass_behaviour():
    from datetime import date

    from cm_coach.core.scope import scoped
    from cm_coach.models import Entry

    entry = Entry(
        1,
        "u",
        date(2026, 11, 25),
        "M",
        "répondre",
        30,
        "dialogue",
        "outside",
        "customer_service",
        None,
        80,
        None,
    )
    agreed = scoped(entry.replace(mission_agreed=("customer_service",)))
    assert agreed.agreed and not entry.agreed and entry.with_people == ()
    assert agreed == Entry(**{**entry.as_dict(), "agreed": True, "mission_agreed": ("customer_service",)})


class Loose(Record, frozen=False, eq=False):
    name: str


class LooseChild(Loose):
    extra: int = 0


def test_a_subclass_keeps_its_parent_s_options():
    child = LooseChild("a")
    child.name = "b"  # not frozen, as its parent
    assert child != LooseChild("b") and len({child, LooseChild("b")}) == 2  # by identity, as its parent
    with pytest.raises(TypeError, match="frozen=True on a record whose parent has frozen=False"):

        class Frozen(Loose, frozen=True):
            more: int = 0


class Tagged(Record):
    name: str
    label: str = ""
    KIND: typing.ClassVar[str] = "tagged"
    ORDER: ClassVar[int] = 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tagged) and self.name.casefold() == other.name.casefold()

    def __hash__(self) -> int:
        return hash(self.name.casefold())


def test_class_variables_are_not_fields_and_the_class_s_own_eq_and_hash_are_kept():
    assert Tagged.FIELDS == ("name", "label")
    assert Tagged("A", "x") == Tagged("a", "y") and len({Tagged("A"), Tagged("a")}) == 1


def test_a_mutable_default_is_refused_as_a_dataclass_refuses_it():
    with pytest.raises(ValueError, match="mutable default list"):

        class Broken(Record):
            tags: list[str] = []  # noqa: RUF012 - the point of the test


class Checked(Record):
    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError("low above high")


def test_post_init_runs_once_the_fields_are_set():
    assert Checked(1, 2).high == 2
    with pytest.raises(ValueError, match="low above high"):
        Checked(3, 2)
    with pytest.raises(ValueError, match="low above high"):
        Checked(1, 2).replace(low=5)


def test_replace_copies_the_fields_only():
    box = Box("a")
    object.__setattr__(box, "cached", 1)  # set besides the fields (a cache, say)
    assert box.replace(name="b") == Box("b") and "cached" not in vars(box.replace(name="b"))


def test_a_method_named_fields_is_refused():
    with pytest.raises(TypeError, match="may not hide"):

        class Broken(Record):
            a: int

            def fields(self) -> tuple[object, ...]:
                return ()
