"""Activities (活动与学习): models."""
