"""Background jobs of the inspection materials: building a ledger .zip."""

from django_tasks import task

from .ledger import ledger_build_run


@task()
def build_ledger(build_id: int) -> str:
    """Stream the build's archive into storage (``ledger.ledger_build_run``)."""
    return ledger_build_run(build_id=build_id)
