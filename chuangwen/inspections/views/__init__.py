"""Pages of the inspections app, made for a phone in the ward: rounds, recording a finding with
the camera, the finding with its photos, order and timeline and the forms of the loop, the
finding list, the only way to a stored photo (through the scope), and the bulletins (通报)."""
