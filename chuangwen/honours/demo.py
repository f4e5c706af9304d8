"""Demo data of honours (评先评优) for ``make demo``."""


def load(ctx) -> None:
    return None
