"""Medical ethics evaluation (医德医风考评): models."""
