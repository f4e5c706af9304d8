"""The bureau's ranking of its units (卫健委排名): models."""
