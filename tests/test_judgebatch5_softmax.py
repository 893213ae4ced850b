"""The batch takes a line's confidence as 1 / (the sum of its families' exps) instead of the
highest probability: the same float, since the top family's exp is exp(0.0) == 1.0 and a
correctly rounded division keeps the order of what it divides."""

import math
import random

from cm_coach.core.model import shipped_model


def _probabilities(scores: list[float], temperature: float) -> tuple[list[float], float]:
    top = max(scores)
    exps = [math.exp((value - top) / temperature) for value in scores]
    total = sum(exps)
    return [value / total for value in exps], total


def test_the_highest_probability_is_one_over_the_sum_of_the_exps():
    rng = random.Random(5)
    temperature = shipped_model().temperature
    for _ in range(20_000):
        scores = [rng.uniform(-6, 6) for _ in range(5)]
        if rng.random() < 0.5:  # near ties: a family one or two floats from another, or equal
            base = rng.randrange(5)
            other = rng.randrange(5)
            scores[other] = scores[base]
            for _ in range(rng.randrange(3)):
                scores[other] = math.nextafter(scores[other], rng.choice((-math.inf, math.inf)))
        probabilities, total = _probabilities(scores, temperature)
        assert 1.0 / total == max(probabilities), scores


def test_a_batch_gives_each_line_the_confidence_of_a_single_line():
    model = shipped_model()
    lines = [["repondre", "aux", "commentaires"], ["budget", "ads"], ["facture", "client", "sav"], ["url"]]
    single = [model.decide_words(found).confidence for found in lines]
    assert model.decide_columns(lines)[3] == single
    assert list(map(repr, model.decide_columns(lines)[3])) == list(map(repr, single))
