"""Demo data of big screens (数据大屏) opened by signed kiosk links for ``make demo``."""


def load(ctx) -> None:
    return None
