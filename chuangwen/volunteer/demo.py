"""Demo data of volunteer service (志愿服务) for ``make demo``."""


def load(ctx) -> None:
    return None
