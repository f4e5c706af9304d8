"""Demo data of party branches (党建工作) for ``make demo``."""


def load(ctx) -> None:
    return None
