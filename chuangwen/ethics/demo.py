"""Demo data of medical ethics evaluation (医德医风考评) for ``make demo``."""


def load(ctx) -> None:
    return None
