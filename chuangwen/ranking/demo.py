"""Demo data of the bureau's ranking of its units (卫健委排名) for ``make demo``."""


def load(ctx) -> None:
    return None
