"""Honours (评先评优): models."""
