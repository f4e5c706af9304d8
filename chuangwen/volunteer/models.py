"""Volunteer service (志愿服务): models."""
