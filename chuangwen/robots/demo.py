"""Demo data of notifications to 企业微信 and 钉钉 group robots (webhooks) for ``make demo``."""


def load(ctx) -> None:
    return None
