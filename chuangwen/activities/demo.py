"""Demo data of activities (活动与学习) for ``make demo``."""


def load(ctx) -> None:
    return None
