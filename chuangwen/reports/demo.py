"""Demo data of the inspection materials (迎检材料) for ``make demo``."""


def load(ctx) -> None:
    return None
