"""What the inspectors receive (迎检材料): the ledger export, indicator reports, generated documents."""
